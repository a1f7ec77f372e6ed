/*
 * One unit applied to the engine: the spec files two trees (or a tree and
 * the index) differ in, their parses, the requirements' fingerprints
 * updated, then the rules (engine_rules.c) and the observer.
 */
#include "common.h"
#include "engine_impl.h"

#include "glob.h"
#include "prefetch.h"

/* ---- applying a unit ---------------------------------------------------- */

static int two_sides(specsync_engine *eng, const char *path, int other)
{
	size_t first = 0;

	for (size_t s = 0; s < eng->cfg->side_count && !first; s++)
		for (size_t p = 0; p < eng->cfg->sides[s].path_count; p++)
			if (specsync_glob_match_path(eng->cfg->sides[s].paths[p], path)) {
				first = s + 1;
				break;
			}
	return specsync_fail_at(eng->err, SPECSYNC_ECONFIG, eng->cfg->path, 0, 0,
				"%s matches the paths of two sides, %s and %s: a file belongs "
				"to one side only (narrow the sides' `paths` globs)",
				path, first ? eng->cfg->sides[first - 1].name : "?",
				other >= 0 ? eng->cfg->sides[other].name : "?");
}

/* Where a tree comparison puts the spec files it finds. */
typedef struct change_sink {
	specsync_engine *eng;
	eng_changes *into;
} change_sink;

static int sink_change(const specsync_tree_change *ch, void *payload)
{
	change_sink *sink = payload;
	specsync_engine *eng = sink->eng;
	eng_changes *c = sink->into;
	int other = -1, side = specsync_config_side_for_path(eng->cfg, ch->path, &other);
	eng_file_change *fc;

	if (side == -1)
		return 0;
	if (side == -2)
		return two_sides(eng, ch->path, other);
	if (!ch->old_regular && !ch->new_regular)
		return 0; /* symbolic links and submodules hold no text of ours */
	if (SPECSYNC_ARRAY_RESERVE(c->items, c->alloc, c->count + 1) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	fc = &c->items[c->count];
	memset(fc, 0, sizeof(*fc));
	if (!(fc->path = specsync_strdup(ch->path)))
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	fc->side = side;
	fc->had_old = ch->old_regular;
	fc->has_new = ch->new_regular;
	if (fc->had_old)
		fc->old_blob = *ch->old_id;
	if (fc->has_new)
		fc->new_blob = *ch->new_id;
	c->count++;
	return 0;
}

static bool sink_descend(const char *dir, void *payload)
{
	return specsync_engine_descend(dir, ((change_sink *)payload)->eng);
}

int specsync_engine_diff(specsync_engine *eng, eng_changes *into, const specsync_oid *old_tree,
			 const specsync_oid *new_tree, specsync_error *err)
{
	change_sink sink = {eng, into};
	specsync_error *saved = eng->err;
	int error;

	/* the sink reports into `err` too */
	eng->err = err;
	error = specsync_git_diff_trees(eng->repo, old_tree, new_tree, sink_descend, sink_change,
					&sink, err);
	eng->err = saved;
	return error;
}

void specsync_engine_changes_clear(specsync_engine *eng, eng_changes *c)
{
	for (size_t i = 0; i < c->count; i++) {
		free(c->items[i].path);
		specsync_engine_parse_release(eng, c->items[i].old_parse);
		specsync_engine_parse_release(eng, c->items[i].new_parse);
		specsync_prefetch_release(eng->walk.prefetch, c->items[i].job);
	}
	c->count = 0;
}

void specsync_engine_changes_queue(specsync_engine *eng, eng_changes *c)
{
	char key[4200];

	for (size_t i = 0; i < c->count; i++) {
		eng_file_change *fc = &c->items[i];
		if (!fc->has_new)
			continue;
		specsync_engine_parse_key(key, sizeof(key), &fc->new_blob, fc->side, fc->path,
					  eng->cfg);
		if (specsync_prefetch_submit(&fc->job, eng->walk.prefetch, &fc->new_blob, fc->side,
					     fc->path, key) < 0)
			break; /* parsed on demand instead */
	}
}

int specsync_engine_unit_diff(specsync_engine *eng, const specsync_oid *old_tree,
			      const specsync_oid *new_tree)
{
	return specsync_engine_diff(eng, &eng->changes, old_tree, new_tree, eng->err);
}

void specsync_engine_unit_begin(specsync_engine *eng)
{
	specsync_engine_changes_clear(eng, &eng->changes);
	eng->touched_count = 0;
}

void specsync_engine_unit_take(specsync_engine *eng, eng_changes *c)
{
	eng_changes t = eng->changes;

	/* eng->changes is empty (begun): swap the buffers */
	eng->changes = *c;
	*c = t;
	c->count = 0;
}

size_t specsync_engine_unit_size(const specsync_engine *eng)
{
	return eng->changes.count;
}

static int touch(specsync_engine *eng, const eng_parse *p)
{
	if (!p)
		return 0;
	if (eng->touched_mark_alloc < eng->req_count) {
		size_t n = eng->req_count * 2;
		uint8_t *m = realloc(eng->touched_mark, n);
		if (!m)
			return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
		memset(m + eng->touched_mark_alloc, 0, n - eng->touched_mark_alloc);
		eng->touched_mark = m;
		eng->touched_mark_alloc = n;
	}
	for (size_t i = 0; i < p->count; i++) {
		uint32_t r = p->entries[i].req;
		if (eng->touched_mark[r])
			continue;
		if (SPECSYNC_ARRAY_RESERVE(eng->touched, eng->touched_alloc,
					   eng->touched_count + 1) < 0)
			return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
		eng->touched_mark[r] = 1;
		eng->touched[eng->touched_count++] = r;
	}
	return 0;
}

static void accumulate(specsync_engine *eng, const eng_parse *p, int side, int sign)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->count; i++) {
		eng_accum *a = &eng->reqs[p->entries[i].req].acc[side];
		uint64_t h1 = specsync_mix64(p->entries[i].hash.h1);
		uint64_t h2 = specsync_mix64(p->entries[i].hash.h2);
		if (sign > 0) {
			a->s1 += h1;
			a->s2 += h2;
			a->n++;
		} else {
			a->s1 -= h1;
			a->s2 -= h2;
			a->n--;
		}
	}
}

/* Parses the new side of every change and takes the old one from the file
 * table, then swaps the file table to the new tree. */
static int load_changes(specsync_engine *eng)
{
	int error;

	for (size_t i = 0; i < eng->changes.count; i++) {
		eng_file_change *fc = &eng->changes.items[i];
		eng_file *f = specsync_strmap_get(&eng->files, fc->path);
		if (fc->had_old) {
			if (f && specsync_oid_equal(&f->blob, &fc->old_blob)) {
				fc->old_parse = f->parse;
				f->parse->refs++;
			} else if ((error = specsync_engine_parse_blob(eng, &fc->old_parse,
								       &fc->old_blob, fc->side,
								       fc->path)) < 0) {
				return error;
			}
		}
		if (fc->has_new && fc->job && (error = specsync_engine_parse_queued(eng, fc)) < 0)
			return error;
		if (fc->has_new && !fc->new_parse &&
		    (error = specsync_engine_parse_blob(eng, &fc->new_parse, &fc->new_blob,
							fc->side, fc->path)) < 0)
			return error;
		if ((error = touch(eng, fc->old_parse)) < 0 ||
		    (error = touch(eng, fc->new_parse)) < 0)
			return error;
	}
	return 0;
}

static int update_files(specsync_engine *eng)
{
	for (size_t i = 0; i < eng->changes.count; i++) {
		eng_file_change *fc = &eng->changes.items[i];
		eng_file *f = specsync_strmap_get(&eng->files, fc->path);
		if (!fc->has_new) {
			if (f) {
				specsync_strmap_remove(&eng->files, fc->path);
				specsync_engine_parse_release(eng, f->parse);
				free(f);
			}
			continue;
		}
		if (!f) {
			if (!(f = specsync_calloc(1, sizeof(*f))) ||
			    specsync_strmap_put(&eng->files, fc->path, f, NULL) < 0) {
				free(f);
				return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
			}
		} else {
			specsync_engine_parse_release(eng, f->parse);
		}
		f->side = fc->side;
		f->blob = fc->new_blob;
		f->parse = fc->new_parse;
		f->parse->refs++;
	}
	return 0;
}

static int snapshot(specsync_engine *eng)
{
	size_t sides = eng->cfg->side_count;

	if (SPECSYNC_ARRAY_RESERVE(eng->snapshot, eng->snapshot_alloc,
				   (eng->touched_count + 1) * sides) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	for (size_t t = 0; t < eng->touched_count; t++)
		memcpy(&eng->snapshot[t * sides], eng->reqs[eng->touched[t]].acc,
		       sides * sizeof(eng_accum));
	return 0;
}

int specsync_engine_unit_apply(specsync_engine *eng, eng_actor *actors, size_t actor_count,
			       bool is_merge)
{
	size_t nchanged = 0;
	int error;

	if ((error = load_changes(eng)) < 0 || (error = snapshot(eng)) < 0)
		goto done;
	for (size_t i = 0; i < eng->changes.count; i++) {
		accumulate(eng, eng->changes.items[i].old_parse, eng->changes.items[i].side, -1);
		accumulate(eng, eng->changes.items[i].new_parse, eng->changes.items[i].side, +1);
	}
	if ((error = update_files(eng)) < 0 ||
	    (error = specsync_engine_apply_rules(eng, &actors[0], &nchanged)) < 0 ||
	    (error = specsync_engine_apply_acks(eng, actors, actor_count)) < 0 ||
	    (error = specsync_engine_check_roles(eng, nchanged, actors, actor_count, is_merge)) < 0)
		goto done;
	if (eng->observer) {
		eng_unit_report rep = {&actors[0],         is_merge,         eng->changes.items,
				       eng->changes.count, eng->req_changes, nchanged};
		error = eng->observer(&rep, eng->observer_payload);
	}
done:
	for (size_t t = 0; t < eng->touched_count; t++)
		eng->touched_mark[eng->touched[t]] = 0;
	specsync_engine_actors_dispose(actors, actor_count);
	return error;
}

int specsync_engine_apply(specsync_engine *eng, const specsync_oid *old_tree,
			  const specsync_oid *new_tree, eng_actor *actors, size_t actor_count,
			  bool is_merge)
{
	int error;

	specsync_engine_unit_begin(eng);
	if ((error = specsync_engine_diff(eng, &eng->changes, old_tree, new_tree, eng->err)) < 0)
		return error;
	return specsync_engine_unit_apply(eng, actors, actor_count, is_merge);
}

int specsync_engine_apply_index(specsync_engine *eng, const specsync_oid *head_tree,
				eng_actor *actors, size_t actor_count, bool is_merge)
{
	change_sink sink = {eng, &eng->changes};
	int error;

	specsync_engine_unit_begin(eng);
	if ((error = specsync_git_diff_index(eng->repo, head_tree, sink_descend, sink_change, &sink,
					     eng->err)) < 0)
		return error;
	return specsync_engine_unit_apply(eng, actors, actor_count, is_merge);
}
