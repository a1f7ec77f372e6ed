/*
 * The history engine. See engine.h for the model; the rules themselves:
 *
 * For a unit that changes requirement R on the set of sides C:
 *  1. R present on no side afterwards: pending := {} (retired);
 *  2. else C subset of pending: the unit responds, pending -= C;
 *  3. else the unit initiates a change: pending := all sides - C.
 * A valid acknowledgement then empties pending.
 *
 * Each (requirement, side) in pending has one open episode: it opens when
 * the side enters pending, is extended by every unit that initiates a
 * change while the side stays pending, and closes as resolved,
 * acknowledged or baselined.
 */
#include "common.h"
#include "engine.h"

#include <stdarg.h>
#include <stdio.h>
#include "glob.h"
#include "message.h"
#include "prefetch.h"
#include "signature.h"

#include <stdio.h>
#include <strings.h>

/* ---- requirements and parses ------------------------------------------- */

int64_t specsync_engine_find(const specsync_engine *eng, const char *id)
{
	void *v = specsync_strmap_get(&eng->req_index, id);

	return v ? (int64_t)((uintptr_t)v - 1) : -1;
}

int specsync_engine_intern(specsync_engine *eng, const char *id, uint32_t *out)
{
	int64_t found = specsync_engine_find(eng, id);
	eng_req *r;
	size_t sides = eng->cfg->side_count;

	if (found >= 0) {
		*out = (uint32_t)found;
		return 0;
	}
	if (SPECSYNC_ARRAY_RESERVE(eng->reqs, eng->req_alloc, eng->req_count + 1) < 0)
		goto oom;
	r = &eng->reqs[eng->req_count];
	memset(r, 0, sizeof(*r));
	r->id = specsync_strdup(id);
	r->acc = specsync_calloc(sides, sizeof(*r->acc));
	r->episode = specsync_calloc(sides, sizeof(*r->episode));
	if (!r->id || !r->acc || !r->episode) {
		free(r->id);
		free(r->acc);
		free(r->episode);
		goto oom;
	}
	for (size_t s = 0; s < sides; s++)
		r->episode[s] = -1;
	if (specsync_strmap_put(&eng->req_index, id, (void *)(uintptr_t)(eng->req_count + 1),
				NULL) < 0) {
		free(r->id);
		free(r->acc);
		free(r->episode);
		goto oom;
	}
	*out = (uint32_t)eng->req_count++;
	return 0;
oom:
	return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
}

static void parse_release(specsync_engine *eng, eng_parse *p)
{
	if (!p || --p->refs)
		return;
	specsync_strmap_remove(&eng->parses, p->key);
	free(p->key);
	free(p->entries);
	free(p);
}

bool specsync_engine_is_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < 8000 ? len : 8000) != NULL;
}

void specsync_engine_sections_options(specsync_sections_options *o, const specsync_engine *eng,
				      int side, const char *path)
{
	const specsync_config_side *cs = &eng->cfg->sides[side];

	memset(o, 0, sizeof(*o));
	o->format = specsync_sections_format_for(path);
	o->id = eng->cfg->id;
	o->ignore = (const char *const *)eng->cfg->ignore;
	o->ignore_count = eng->cfg->ignore_count;
	o->attribution = cs->attribution;
	o->section_start = cs->section_start;
	o->path = path;
	o->memo = eng->section_memo;
}

static int parse_key(char *key, size_t size, const specsync_oid *blob, int side,
		     const char *path, const specsync_config *cfg)
{
	char hex[41];
	const specsync_config_side *s = &cfg->sides[side];
	specsync_doc_format fmt = specsync_sections_format_for(path);

	specsync_oid_fmt(hex, blob);
	/* The parse depends on the side's rules and the format; with `path`
	 * attribution on the path itself. */
	if (s->attribution == SPECSYNC_ATTR_PATH)
		return snprintf(key, size, "%s:%d:%s", hex, side, path);
	return snprintf(key, size, "%s:%d:%d", hex, side, (int)fmt);
}

static int convert(specsync_engine *eng, eng_parse *p, const specsync_sections *s)
{
	if (!(p->entries = specsync_calloc(s->count, sizeof(*p->entries))))
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->count; i++) {
		int error = specsync_engine_intern(eng, s->entries[i].id, &p->entries[i].req);
		if (error < 0)
			return error;
		p->entries[i].line = s->entries[i].line;
		p->entries[i].hash = s->entries[i].hash;
	}
	p->count = s->count;
	return 0;
}

int specsync_engine_parse_blob(specsync_engine *eng, eng_parse **out, const specsync_oid *blob,
			       int side, const char *path);

/*
 * libgit2 loads a blob whole, so a document over max_file_size is not read
 * at all: it counts as holding no requirement, like a binary file, and a
 * warning says so. Returns 1 when skipped, 0 when not, < 0 on error.
 */
static int too_big(specsync_engine *eng, const specsync_oid *blob, const char *path)
{
	uint64_t size;
	int error;

	if ((error = specsync_git_blob_size(&size, eng->repo, blob, eng->err)) < 0)
		return error;
	if (size <= eng->cfg->max_file_size)
		return 0;
	if (++eng->warning_count <= MAX_WARNING_LINES)
		specsync_buf_printf(&eng->warnings,
				    "%s: %llu bytes, over max_file_size (%llu): skipped\n", path,
				    (unsigned long long)size,
				    (unsigned long long)eng->cfg->max_file_size);
	return 1;
}

/* Returns the parse of `blob` as a file of `side` at `path`, with a new
 * reference (release with parse_release). */
int specsync_engine_parse_blob(specsync_engine *eng, eng_parse **out, const specsync_oid *blob,
			       int side, const char *path)
{
	char key[4200];
	eng_parse *p;
	specsync_blob *handle = NULL;
	const char *data;
	size_t len;
	specsync_sections_options o;
	int error;

	*out = NULL;
	parse_key(key, sizeof(key), blob, side, path, eng->cfg);
	if ((p = specsync_strmap_get(&eng->parses, key)) != NULL) {
		p->refs++;
		*out = p;
		return 0;
	}
	if (!(p = specsync_calloc(1, sizeof(*p))) || !(p->key = specsync_strdup(key))) {
		free(p);
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	}
	p->refs = 1;
	if ((error = too_big(eng, blob, path)) < 0)
		goto fail;
	if (error == 1)
		goto parsed;
	if ((error = specsync_git_blob(&handle, &data, &len, eng->repo, blob, eng->err)) < 0)
		goto fail;
	if (!specsync_engine_is_binary(data, len)) {
		specsync_engine_sections_options(&o, eng, side, path);
		specsync_sections_dispose(&eng->sections);
		memset(&eng->sections, 0, sizeof(eng->sections));
		if ((error = specsync_sections_parse(&eng->sections, data, len, &o, eng->err)) < 0)
			goto fail;
		if ((error = convert(eng, p, &eng->sections)) < 0)
			goto fail;
	}
	specsync_git_blob_free(handle);
	handle = NULL;
parsed:
	if (specsync_strmap_put(&eng->parses, key, p, NULL) < 0) {
		error = specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
		goto fail;
	}
	*out = p;
	return 0;
fail:
	specsync_git_blob_free(handle);
	free(p->entries);
	free(p->key);
	free(p);
	return error;
}

int specsync_engine_adopt_file(specsync_engine *eng, const char *path, int side,
			       const specsync_oid *blob, eng_entry *entries, size_t count)
{
	char key[4200];
	eng_parse *p;
	eng_file *f;

	/* A state lists each path once; a second one (a malformed cache file)
	 * would replace the first in the map and leak it. */
	if (specsync_strmap_get(&eng->files, path) != NULL) {
		free(entries);
		return SPECSYNC_EINPUT;
	}
	parse_key(key, sizeof(key), blob, side, path, eng->cfg);
	if ((p = specsync_strmap_get(&eng->parses, key)) != NULL) {
		free(entries);
		p->refs++;
	} else {
		if (!(p = specsync_calloc(1, sizeof(*p))) || !(p->key = specsync_strdup(key)) ||
		    specsync_strmap_put(&eng->parses, key, p, NULL) < 0) {
			if (p)
				free(p->key);
			free(p);
			free(entries);
			return SPECSYNC_ENOMEM;
		}
		p->entries = entries;
		p->count = count;
		p->refs = 1;
	}
	if (!(f = specsync_calloc(1, sizeof(*f))) ||
	    specsync_strmap_put(&eng->files, path, f, NULL) < 0) {
		free(f);
		parse_release(eng, p);
		return SPECSYNC_ENOMEM;
	}
	f->side = side;
	f->blob = *blob;
	f->parse = p;
	return 0;
}

/* ---- setup ------------------------------------------------------------- */

int specsync_engine_init(specsync_engine *eng, specsync_repo *repo,
			 const specsync_config *cfg, specsync_error *err)
{
	memset(eng, 0, sizeof(*eng));
	eng->repo = repo;
	eng->cfg = cfg;
	eng->err = err;
	eng->recording = true;
	eng->baseline_commit = -1;
	eng->all_sides = cfg->side_count >= 64 ? ~0ull : (1ull << cfg->side_count) - 1;
	eng->section_memo = specsync_sections_memo_new(); /* NULL: parse without */
	return 0;
}

void specsync_engine_dispose(specsync_engine *eng)
{
	specsync_sections_memo_free(eng->section_memo);
	eng->section_memo = NULL;
	for (size_t i = 0; i < eng->files.cap; i++) {
		eng_file *f = eng->files.slots[i].value;
		if (!eng->files.slots[i].key)
			continue;
		parse_release(eng, f->parse);
		free(f);
	}
	specsync_strmap_dispose(&eng->files);
	for (size_t i = 0; i < eng->parses.cap; i++) {
		eng_parse *p = eng->parses.slots[i].value;
		if (!eng->parses.slots[i].key)
			continue;
		free(p->key);
		free(p->entries);
		free(p);
	}
	specsync_strmap_dispose(&eng->parses);
	specsync_strmap_dispose(&eng->req_index);
	for (size_t i = 0; i < eng->req_count; i++) {
		free(eng->reqs[i].id);
		free(eng->reqs[i].acc);
		free(eng->reqs[i].episode);
	}
	free(eng->reqs);
	for (size_t i = 0; i < eng->episode_count; i++)
		free(eng->episodes[i].commits);
	free(eng->episodes);
	free(eng->events);
	free(eng->commits);
	specsync_arena_dispose(&eng->arena);
	for (size_t i = 0; i < eng->change_count; i++)
		free(eng->changes[i].path);
	free(eng->changes);
	free(eng->touched);
	free(eng->touched_mark);
	free(eng->snapshot);
	free(eng->req_changes);
	specsync_sections_dispose(&eng->sections);
	specsync_buf_dispose(&eng->warnings);
	specsync_oidset_dispose(&eng->reach);
	specsync_signature_state_free(eng->signatures);
	memset(eng, 0, sizeof(*eng));
}

void specsync_engine_reset(specsync_engine *eng)
{
	specsync_repo *repo = eng->repo;
	const specsync_config *cfg = eng->cfg;
	specsync_error *err = eng->err;
	eng_observer obs = eng->observer;
	void *payload = eng->observer_payload;
	specsync_buf warnings = eng->warnings;
	size_t warning_count = eng->warning_count;
	specsync_progress_cb progress = eng->progress;
	void *progress_payload = eng->progress_payload;

	eng->warnings = (specsync_buf)SPECSYNC_BUF_INIT;
	specsync_engine_dispose(eng);
	specsync_engine_init(eng, repo, cfg, err);
	eng->observer = obs;
	eng->observer_payload = payload;
	eng->warnings = warnings;
	eng->warning_count = warning_count;
	eng->progress = progress;
	eng->progress_payload = progress_payload;
}

void specsync_engine_warn(specsync_engine *eng, const char *fmt, ...)
{
	char line[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	specsync_buf_printf(&eng->warnings, "%s\n", line);
}

static const char *first_line(specsync_arena *a, const char *msg)
{
	size_t n = strcspn(msg, "\r\n");
	char *s = specsync_arena_alloc(a, n + 1);

	if (s)
		memcpy(s, msg, n);
	return s;
}

static int intern_commit(specsync_engine *eng, const specsync_commit_meta *meta)
{
	specsync_commit_info *ci;
	specsync_arena *a = &eng->arena;

	if (SPECSYNC_ARRAY_RESERVE(eng->commits, eng->commit_alloc, eng->commit_count + 1) < 0 ||
	    !(ci = specsync_arena_alloc(a, sizeof(*ci))))
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	specsync_oid_fmt(ci->id, &meta->id);
	memcpy(ci->short_id, ci->id, 7);
	ci->short_id[7] = '\0';
	ci->author_name = specsync_arena_strdup(a, meta->author_name);
	ci->author_email = specsync_arena_strdup(a, meta->author_email);
	ci->time = meta->time;
	ci->offset = meta->offset;
	ci->summary = first_line(a, meta->message);
	if (a->failed)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	eng->commits[eng->commit_count] = ci;
	return (int)eng->commit_count++;
}

/* One more commit entered the engine (see commit_total). */
static void note_commit(specsync_engine *eng, int64_t time)
{
	if (!eng->have_times || time < eng->time_first)
		eng->time_first = time;
	if (!eng->have_times || time > eng->time_last)
		eng->time_last = time;
	eng->have_times = true;
	eng->commit_total++;
}

int specsync_engine_add_commit(specsync_engine *eng, const specsync_commit_meta *meta)
{
	int idx = intern_commit(eng, meta);

	if (idx >= 0)
		note_commit(eng, meta->time);
	return idx;
}

/* The commit index of `a`, recording the commit on first use: most
 * walked commits never appear in a finding, so they cost no memory. */
static int actor_commit(specsync_engine *eng, eng_actor *a, uint32_t *out)
{
	int idx;

	if (a->commit == ENG_NO_COMMIT) {
		if ((idx = intern_commit(eng, a->meta)) < 0)
			return idx;
		a->commit = (uint32_t)idx;
	}
	*out = a->commit;
	return 0;
}

const specsync_commit_info *specsync_engine_unit_commit(specsync_engine *eng,
							 const eng_unit_report *unit)
{
	uint32_t commit;

	return actor_commit(eng, unit->actor, &commit) < 0 ? NULL : eng->commits[commit];
}

/* ---- roles ------------------------------------------------------------- */

const specsync_raci_cell *specsync_engine_cell(const specsync_engine *eng, const char *id,
					       int side)
{
	const specsync_raci_entry *e = specsync_config_raci_for(eng->cfg, id);

	if (!e || !e->cells[side].present)
		return NULL;
	return &e->cells[side];
}

bool specsync_engine_is_ra(const specsync_engine *eng, const char *id, int side,
			   const char *email, bool *has_roles)
{
	const specsync_raci_cell *c = specsync_engine_cell(eng, id, side);

	*has_roles = false;
	if (!c)
		return false;
	for (int l = SPECSYNC_RACI_RESPONSIBLE; l <= SPECSYNC_RACI_ACCOUNTABLE; l++)
		for (size_t i = 0; i < c->counts[l]; i++) {
			*has_roles = true;
			if (email && specsync_config_role_has(eng->cfg, c->letters[l][i], email))
				return true;
		}
	return false;
}

/* ---- episodes and events ----------------------------------------------- */

static int episode_add_commit(specsync_engine *eng, eng_episode *ep, uint32_t commit)
{
	if (ep->commit_count && ep->commits[ep->commit_count - 1] == commit)
		return 0;
	if (SPECSYNC_ARRAY_RESERVE(ep->commits, ep->commit_alloc, ep->commit_count + 1) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	ep->commits[ep->commit_count++] = commit;
	return 0;
}

static int episode_open(specsync_engine *eng, uint32_t req, int side, uint64_t changed,
			uint32_t commit)
{
	eng_episode *ep;

	if (SPECSYNC_ARRAY_RESERVE(eng->episodes, eng->episode_alloc, eng->episode_count + 1) <
	    0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	ep = &eng->episodes[eng->episode_count];
	memset(ep, 0, sizeof(*ep));
	ep->req = req;
	ep->side = (uint32_t)side;
	ep->changed_mask = changed;
	ep->status = SPECSYNC_STATUS_OPEN;
	ep->closed_by = -1;
	ep->before_check = !eng->checking;
	eng->reqs[req].episode[side] = (int32_t)eng->episode_count++;
	return episode_add_commit(eng, ep, commit);
}

static void episode_close(specsync_engine *eng, uint32_t req, int side,
			  specsync_status status, uint32_t commit)
{
	int32_t e = eng->reqs[req].episode[side];

	if (e < 0)
		return;
	eng->episodes[e].status = status;
	eng->episodes[e].closed_by = (int32_t)commit;
	eng->reqs[req].episode[side] = -1;
}

static int add_event(specsync_engine *eng, specsync_finding_kind kind, uint32_t req,
		     const char *id, int side, eng_actor *actor, const char *name,
		     const char *email, const char *reason)
{
	eng_event *ev;
	uint32_t commit;
	int error;

	if (!eng->recording)
		return 0;
	if ((error = actor_commit(eng, actor, &commit)) < 0)
		return error;
	if (SPECSYNC_ARRAY_RESERVE(eng->events, eng->event_alloc, eng->event_count + 1) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	ev = &eng->events[eng->event_count];
	ev->kind = kind;
	ev->req = req;
	ev->id = specsync_arena_strdup(&eng->arena, id);
	ev->side = side;
	ev->commit = commit;
	ev->merge = -1;
	ev->author_name = specsync_arena_strdup(&eng->arena, name);
	ev->author_email = specsync_arena_strdup(&eng->arena, email);
	ev->reason = specsync_arena_strdup(&eng->arena, reason);
	ev->forced_error = false;
	if (eng->arena.failed)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	eng->event_count++;
	return 0;
}

/* The events from index `from` on came from a commit that `merge` brought
 * onto the first-parent line: they name it. */
static int mark_merged(specsync_engine *eng, size_t from, eng_actor *merge)
{
	uint32_t commit;
	int error;

	if (from == eng->event_count)
		return 0;
	if ((error = actor_commit(eng, merge, &commit)) < 0)
		return error;
	for (size_t i = from; i < eng->event_count; i++)
		eng->events[i].merge = (int32_t)commit;
	return 0;
}

int specsync_engine_add_refusal(specsync_engine *eng, const specsync_commit_meta *meta,
				const char *what, const char *reason)
{
	eng_actor actor;
	int error;

	memset(&actor, 0, sizeof(actor));
	actor.meta = meta;
	actor.commit = ENG_NO_COMMIT;
	if ((error = add_event(eng, SPECSYNC_FINDING_INVALID_ACK, UINT32_MAX, what, -1, &actor,
			       meta->author_name, meta->author_email, reason)) < 0 ||
	    !eng->recording)
		return error;
	eng->events[eng->event_count - 1].forced_error = true;
	return 0;
}

/* Moves requirement `r` from `before` to `after` pending sets. */
static int transition(specsync_engine *eng, uint32_t r, uint64_t before, uint64_t after,
		      uint64_t changed, bool initiated, specsync_status close_as,
		      eng_actor *actor)
{
	uint32_t commit = 0;
	int error;

	if ((before != after || (initiated && after)) &&
	    (error = actor_commit(eng, actor, &commit)) < 0)
		return error;
	for (size_t s = 0; s < eng->cfg->side_count; s++) {
		uint64_t bit = 1ull << s;
		if ((before & bit) && !(after & bit)) {
			episode_close(eng, r, (int)s, close_as, commit);
		} else if (!(before & bit) && (after & bit)) {
			if ((error = episode_open(eng, r, (int)s, changed, commit)) < 0)
				return error;
		} else if ((after & bit) && initiated) {
			eng_episode *ep = &eng->episodes[eng->reqs[r].episode[s]];
			ep->changed_mask |= changed;
			if ((error = episode_add_commit(eng, ep, commit)) < 0)
				return error;
		}
	}
	eng->reqs[r].pending = after;
	return 0;
}

void specsync_engine_baseline(specsync_engine *eng, uint32_t commit)
{
	for (size_t r = 0; r < eng->req_count; r++) {
		for (size_t s = 0; s < eng->cfg->side_count; s++)
			episode_close(eng, (uint32_t)r, (int)s, SPECSYNC_STATUS_BASELINED, commit);
		eng->reqs[r].pending = 0;
	}
}

/* ---- applying a unit ---------------------------------------------------- */

static bool descend(const char *dir, void *payload)
{
	const specsync_config *cfg = ((const specsync_engine *)payload)->cfg;

	for (size_t s = 0; s < cfg->side_count; s++)
		for (size_t p = 0; p < cfg->sides[s].path_count; p++)
			if (specsync_glob_could_match_under(cfg->sides[s].paths[p], dir))
				return true;
	return false;
}

typedef struct collect {
	specsync_engine *eng;
} collect;

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
	eng_file_change **items;
	size_t *count, *alloc;
} change_sink;

static int sink_change(const specsync_tree_change *ch, void *payload)
{
	change_sink *sink = payload;
	specsync_engine *eng = sink->eng;
	int other = -1, side = specsync_config_side_for_path(eng->cfg, ch->path, &other);
	eng_file_change *fc;

	if (side == -1)
		return 0;
	if (side == -2)
		return two_sides(eng, ch->path, other);
	if (!ch->old_regular && !ch->new_regular)
		return 0; /* symbolic links and submodules hold no text of ours */
	if (specsync_array_reserve((void **)sink->items, sink->alloc, *sink->count + 1,
				   sizeof(**sink->items)) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	fc = &(*sink->items)[*sink->count];
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
	(*sink->count)++;
	return 0;
}

static bool sink_descend(const char *dir, void *payload)
{
	return descend(dir, ((change_sink *)payload)->eng);
}

static int on_change(const specsync_tree_change *ch, void *payload)
{
	specsync_engine *eng = payload;
	change_sink sink = { eng, &eng->changes, &eng->change_count, &eng->change_alloc };

	return sink_change(ch, &sink);
}

static void reset_changes(specsync_engine *eng)
{
	for (size_t i = 0; i < eng->change_count; i++) {
		free(eng->changes[i].path);
		parse_release(eng, eng->changes[i].old_parse);
		parse_release(eng, eng->changes[i].new_parse);
		specsync_prefetch_release(eng->prefetch, eng->changes[i].job);
	}
	eng->change_count = 0;
}

/* The new blob's parse from the split queued ahead (see prefetch.h), as
 * specsync_engine_parse_blob would have made it. */
static int parse_queued(specsync_engine *eng, eng_file_change *fc)
{
	char key[4200];
	const specsync_sections *sections = NULL;
	bool binary = false;
	eng_parse *p;
	int error;

	parse_key(key, sizeof(key), &fc->new_blob, fc->side, fc->path, eng->cfg);
	if ((p = specsync_strmap_get(&eng->parses, key)) == NULL) {
		if ((error = specsync_prefetch_wait(eng->prefetch, fc->job, &sections, &binary,
						    eng->err)) < 0)
			return error;
		if (!(p = specsync_calloc(1, sizeof(*p))) || !(p->key = specsync_strdup(key))) {
			free(p);
			return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
		}
		if ((!binary && (error = convert(eng, p, sections)) < 0) ||
		    (error = specsync_strmap_put(&eng->parses, key, p, NULL)) < 0) {
			free(p->entries);
			free(p->key);
			free(p);
			return error == SPECSYNC_ENOMEM
				       ? specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory")
				       : error;
		}
		p->refs = 0;
	}
	p->refs++;
	fc->new_parse = p;
	specsync_prefetch_release(eng->prefetch, fc->job);
	fc->job = NULL;
	return 0;
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

	for (size_t i = 0; i < eng->change_count; i++) {
		eng_file_change *fc = &eng->changes[i];
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
		if (fc->has_new && fc->job && (error = parse_queued(eng, fc)) < 0)
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
	for (size_t i = 0; i < eng->change_count; i++) {
		eng_file_change *fc = &eng->changes[i];
		eng_file *f = specsync_strmap_get(&eng->files, fc->path);
		if (!fc->has_new) {
			if (f) {
				specsync_strmap_remove(&eng->files, fc->path);
				parse_release(eng, f->parse);
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
			parse_release(eng, f->parse);
		}
		f->side = fc->side;
		f->blob = fc->new_blob;
		f->parse = fc->new_parse;
		f->parse->refs++;
	}
	return 0;
}

static uint64_t present_mask(const specsync_engine *eng, uint32_t r)
{
	uint64_t m = 0;

	for (size_t s = 0; s < eng->cfg->side_count; s++)
		if (eng->reqs[r].acc[s].n)
			m |= 1ull << s;
	return m;
}

static bool accum_differs(const eng_accum *a, const eng_accum *b)
{
	return a->s1 != b->s1 || a->s2 != b->s2 || a->n != b->n;
}

/* Applies the pending rules to every requirement the unit touched. */
static int apply_rules(specsync_engine *eng, eng_actor *actor, size_t *nchanged)
{
	size_t sides = eng->cfg->side_count;
	int error;

	*nchanged = 0;
	if (SPECSYNC_ARRAY_RESERVE(eng->req_changes, eng->req_change_alloc,
				   eng->touched_count + 1) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	for (size_t t = 0; t < eng->touched_count; t++) {
		uint32_t r = eng->touched[t];
		uint64_t changed = 0, before = eng->reqs[r].pending, after;
		const eng_accum *snap = &eng->snapshot[t * sides];
		specsync_status close_as = SPECSYNC_STATUS_RESOLVED;
		bool initiated = false;
		const char *event;

		for (size_t s = 0; s < sides; s++)
			if (accum_differs(&snap[s], &eng->reqs[r].acc[s]))
				changed |= 1ull << s;
		if (!changed)
			continue;
		if (!present_mask(eng, r)) {
			after = 0;
			event = "retired";
		} else if ((changed & ~before) == 0) {
			after = before & ~changed;
			event = "responded";
		} else {
			after = eng->all_sides & ~changed;
			initiated = true;
			event = after ? "initiated" : "synchronised";
		}
		if ((error = transition(eng, r, before, after, changed, initiated, close_as,
					actor)) < 0)
			return error;
		eng->req_changes[*nchanged].req = r;
		eng->req_changes[*nchanged].changed = changed;
		eng->req_changes[*nchanged].pending_before = before;
		eng->req_changes[*nchanged].pending_after = after;
		eng->req_changes[*nchanged].event = event;
		(*nchanged)++;
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

/* ---- acknowledgements and roles ---------------------------------------- */

static bool ack_allowed(const specsync_engine *eng, uint32_t r, const char *email,
			const specsync_message_info *mi)
{
	const char *id = eng->reqs[r].id;
	bool has;

	for (size_t s = 0; s < eng->cfg->side_count; s++) {
		if (!(eng->reqs[r].pending & (1ull << s)))
			continue;
		if (specsync_engine_is_ra(eng, id, (int)s, email, &has))
			return true;
		for (size_t c = 0; c < mi->coauthor_count; c++)
			if (specsync_engine_is_ra(eng, id, (int)s, mi->coauthor_emails[c], &has))
				return true;
	}
	return false;
}

/* Why `m`'s acknowledgement of `id` does not count: nobody acknowledges
 * (`refusal` says why), or the signer or author is not in a role that may. */
static void refused_ack(char *reason, size_t size, const specsync_commit_meta *m,
			const char *id, const char *acker, const char *refusal)
{
	if (!acker)
		snprintf(reason, size, "%s <%s> may not acknowledge %s: %s", m->author_name,
			 m->author_email, id, refusal);
	else if (acker != m->author_email)
		snprintf(reason, size,
			 "%s may not acknowledge %s: commit signed by %s, who is not a "
			 "Responsible or Accountable of a lagging side",
			 m->author_name, id, acker);
	else
		snprintf(reason, size,
			 "%s <%s> may not acknowledge %s: only the Responsible or Accountable "
			 "of a lagging side may",
			 m->author_name, m->author_email, id);
}

/* `acker`: who acknowledges (signature.h); NULL: nobody, `refusal` says
 * why. */
static int apply_ack(specsync_engine *eng, eng_actor *actor, const char *id,
		     const specsync_message_info *mi, const char *acker, const char *refusal)
{
	int64_t r = specsync_engine_find(eng, id);
	const specsync_commit_meta *m = actor->meta;
	char reason[512];
	uint32_t commit;
	int error;

	if (r < 0) {
		snprintf(reason, sizeof(reason),
			 "%s <%s> acknowledges %s, which no specification document defines",
			 m->author_name, m->author_email, id);
		return add_event(eng, SPECSYNC_FINDING_INVALID_ACK, UINT32_MAX, id, -1, actor,
				 m->author_name, m->author_email, reason);
	}
	if (!eng->reqs[r].pending)
		return 0; /* nothing owed: a harmless no-op */
	if (!acker || !ack_allowed(eng, (uint32_t)r, acker, mi)) {
		refused_ack(reason, sizeof(reason), m, id, acker, refusal);
		return add_event(eng, SPECSYNC_FINDING_INVALID_ACK, (uint32_t)r, id, -1, actor,
				 m->author_name, m->author_email, reason);
	}
	if ((error = actor_commit(eng, actor, &commit)) < 0)
		return error;
	for (size_t s = 0; s < eng->cfg->side_count; s++)
		if (eng->reqs[r].pending & (1ull << s))
			episode_close(eng, (uint32_t)r, (int)s, SPECSYNC_STATUS_ACKNOWLEDGED,
				      commit);
	eng->reqs[r].pending = 0;
	return 0;
}

static bool mentions_key(const char *msg, const char *key)
{
	return specsync_mentions_key(msg, strlen(msg), key);
}

/* A match limit hit in a commit message: say which message. */
static void message_error(specsync_engine *eng, const specsync_commit_meta *meta, int code)
{
	char hex[41], message[sizeof(eng->err->message)];

	if (!eng->err || code != SPECSYNC_EINPUT)
		return;
	memcpy(message, eng->err->message, sizeof(message));
	if (specsync_oid_is_zero(&meta->id)) {
		specsync_fail(eng->err, code, "the commit message: %s", message);
		return;
	}
	specsync_oid_fmt(hex, &meta->id);
	specsync_fail(eng->err, code, "the message of commit %.12s: %s", hex, message);
}

/* Co-authors are people too: .mailmap applies to them as to authors. */
static int mailmap_coauthors(specsync_engine *eng, specsync_message_info *mi)
{
	for (size_t c = 0; c < mi->coauthor_count; c++) {
		char *name = NULL, *email = NULL;
		if (specsync_git_mailmap(&name, &email, eng->repo,
					 mi->coauthor_names[c] ? mi->coauthor_names[c] : "",
					 mi->coauthor_emails[c]) < 0)
			return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
		free(name);
		free(mi->coauthor_emails[c]);
		mi->coauthor_emails[c] = email;
	}
	return 0;
}

static int apply_acks(specsync_engine *eng, eng_actor *actors, size_t count)
{
	int error = 0;

	for (size_t a = 0; a < count && !error; a++) {
		specsync_message_info mi;
		const char *msg = actors[a].meta->message;
		if (!mentions_key(msg, eng->cfg->ack_trailer))
			continue;
		memset(&mi, 0, sizeof(mi));
		if ((error = specsync_message_parse(&mi, msg, eng->cfg->ack_trailer, eng->cfg->id,
						    eng->err)) < 0) {
			message_error(eng, actors[a].meta, error);
			break;
		}
		size_t from = eng->event_count;
		const char *acker = NULL;
		char refusal[256];
		bool owned = false;
		if (!(error = mailmap_coauthors(eng, &mi)))
			error = specsync_signature_acker(&acker, &owned, refusal, sizeof(refusal),
							 eng, actors[a].meta, &mi);
		for (size_t i = 0; i < mi.ack_count && !error; i++)
			error = apply_ack(eng, &actors[a], mi.ack_ids[i], &mi, acker, refusal);
		if (!error && a > 0)
			error = mark_merged(eng, from, &actors[0]);
		if (owned)
			free((char *)acker);
		specsync_message_info_dispose(&mi);
	}
	return error;
}

static int out_of_role_one(specsync_engine *eng, uint32_t r, int side, eng_actor *actor)
{
	const char *id = eng->reqs[r].id;
	const specsync_commit_meta *m = actor->meta;
	char reason[512];
	bool has;

	if (specsync_engine_is_ra(eng, id, side, m->author_email, &has) || !has)
		return 0;
	snprintf(reason, sizeof(reason),
		 "%s <%s> changed the %s side of %s without being its Responsible or "
		 "Accountable",
		 m->author_name, m->author_email, eng->cfg->sides[side].name, id);
	return add_event(eng, SPECSYNC_FINDING_OUT_OF_ROLE, r, id, side, actor, m->author_name,
			 m->author_email, reason);
}

/* Paths (of side `side`) changed in this unit that carry requirement r. */
static bool change_carries(const eng_file_change *fc, uint32_t r)
{
	const eng_parse *ps[2] = { fc->old_parse, fc->new_parse };

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; ps[k] && i < ps[k]->count; i++)
			if (ps[k]->entries[i].req == r)
				return true;
	return false;
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct path_collector {
	specsync_engine *eng;
	eng_actor *actor;
} path_collector;

static bool collector_descend(const char *dir, void *payload)
{
	return descend(dir, ((path_collector *)payload)->eng);
}

static int collect_path(const specsync_tree_change *ch, void *payload)
{
	eng_actor *a = ((path_collector *)payload)->actor;
	char *p;

	if (SPECSYNC_ARRAY_RESERVE(a->paths, a->path_alloc, a->path_count + 1) < 0 ||
	    !(p = specsync_strdup(ch->path)))
		return SPECSYNC_ENOMEM;
	a->paths[a->path_count++] = p;
	return 0;
}

/*
 * The paths the merged commit of `a` changed relative to its first parent,
 * under the directories the sides could use (every changed spec file of
 * the merge unit is under one), computed once per commit.
 */
static int actor_paths(specsync_engine *eng, eng_actor *a)
{
	const specsync_commit_meta *m = a->meta;
	specsync_commit_head parent;
	path_collector pc = { eng, a };
	int error = 0;

	if (a->paths_known)
		return 0;
	a->paths_known = true;
	if (m->parent_count > 0 &&
	    (error = specsync_git_commit_head(&parent, eng->repo, &m->parents[0], NULL,
					      eng->err)) < 0)
		return error;
	error = specsync_git_diff_trees(eng->repo, m->parent_count ? &parent.tree : NULL,
					&m->tree, collector_descend, collect_path, &pc, eng->err);
	if (error == SPECSYNC_ENOMEM)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	if (error < 0)
		return error;
	if (a->path_count > 1)
		qsort(a->paths, a->path_count, sizeof(*a->paths), path_cmp);
	return 0;
}

/* Did the merged commit of `a` change `path` relative to its first parent? */
static int merged_commit_touches(specsync_engine *eng, eng_actor *a, const char *path,
				 bool *hit)
{
	int error;

	*hit = false;
	if ((error = actor_paths(eng, a)) < 0)
		return error;
	*hit = a->path_count &&
	       bsearch(&path, a->paths, a->path_count, sizeof(*a->paths), path_cmp) != NULL;
	return 0;
}

static void actors_dispose(eng_actor *actors, size_t count)
{
	for (size_t a = 0; a < count; a++) {
		for (size_t i = 0; i < actors[a].path_count; i++)
			free(actors[a].paths[i]);
		free(actors[a].paths);
		actors[a].paths = NULL;
		actors[a].path_count = actors[a].path_alloc = 0;
		actors[a].paths_known = false;
	}
}

/*
 * Merge units: the authors checked are those of the merged commits that
 * changed a file of that side carrying the requirement; when none did (the
 * change came from resolving the merge), the merge's own author.
 */
static int out_of_role_merge(specsync_engine *eng, uint32_t r, int side, eng_actor *actors,
			     size_t count)
{
	bool any = false;
	int error;

	for (size_t a = 1; a < count; a++) {
		size_t from = eng->event_count;
		bool hit = false;
		for (size_t i = 0; i < eng->change_count && !hit; i++) {
			const eng_file_change *fc = &eng->changes[i];
			if (fc->side != side || !change_carries(fc, r))
				continue;
			if ((error = merged_commit_touches(eng, &actors[a], fc->path, &hit)) < 0)
				return error;
		}
		if (!hit)
			continue;
		any = true;
		if ((error = out_of_role_one(eng, r, side, &actors[a])) < 0 ||
		    (error = mark_merged(eng, from, &actors[0])) < 0)
			return error;
	}
	return any ? 0 : out_of_role_one(eng, r, side, &actors[0]);
}

static int check_roles(specsync_engine *eng, size_t nchanged, eng_actor *actors,
		       size_t count, bool is_merge)
{
	int error = 0;

	if (!eng->recording)
		return 0;
	for (size_t i = 0; i < nchanged && !error; i++) {
		const eng_req_change *rc = &eng->req_changes[i];
		for (size_t s = 0; s < eng->cfg->side_count && !error; s++) {
			if (!(rc->changed & (1ull << s)))
				continue;
			error = is_merge ? out_of_role_merge(eng, rc->req, (int)s, actors, count)
					 : out_of_role_one(eng, rc->req, (int)s, &actors[0]);
		}
	}
	return error;
}

/* Runs the rules on the changes collected in eng->changes. */
static int apply_collected(specsync_engine *eng, eng_actor *actors, size_t actor_count,
			   bool is_merge)
{
	size_t nchanged = 0;
	int error;

	if ((error = load_changes(eng)) < 0 || (error = snapshot(eng)) < 0)
		goto done;
	for (size_t i = 0; i < eng->change_count; i++) {
		accumulate(eng, eng->changes[i].old_parse, eng->changes[i].side, -1);
		accumulate(eng, eng->changes[i].new_parse, eng->changes[i].side, +1);
	}
	if ((error = update_files(eng)) < 0 ||
	    (error = apply_rules(eng, &actors[0], &nchanged)) < 0 ||
	    (error = apply_acks(eng, actors, actor_count)) < 0 ||
	    (error = check_roles(eng, nchanged, actors, actor_count, is_merge)) < 0)
		goto done;
	if (eng->observer) {
		eng_unit_report rep = { &actors[0], is_merge, eng->changes, eng->change_count,
					eng->req_changes, nchanged };
		error = eng->observer(&rep, eng->observer_payload);
	}
done:
	for (size_t t = 0; t < eng->touched_count; t++)
		eng->touched_mark[eng->touched[t]] = 0;
	actors_dispose(actors, actor_count);
	return error;
}

int specsync_engine_apply(specsync_engine *eng, const specsync_oid *old_tree,
			  const specsync_oid *new_tree, eng_actor *actors, size_t actor_count,
			  bool is_merge)
{
	int error;

	reset_changes(eng);
	eng->touched_count = 0;
	if ((error = specsync_git_diff_trees(eng->repo, old_tree, new_tree, descend, on_change,
					     eng, eng->err)) < 0)
		return error;
	return apply_collected(eng, actors, actor_count, is_merge);
}

int specsync_engine_apply_index(specsync_engine *eng, const specsync_oid *head_tree,
				eng_actor *actors, size_t actor_count, bool is_merge)
{
	int error;

	reset_changes(eng);
	eng->touched_count = 0;
	if ((error = specsync_git_diff_index(eng->repo, head_tree, descend, on_change, eng,
					     eng->err)) < 0)
		return error;
	return apply_collected(eng, actors, actor_count, is_merge);
}

/* ---- the first-parent walk ---------------------------------------------- */

/* The other parents of an octopus merge: what they bring joins the set of
 * reachable commits, though not the merge's actors (as in the revision
 * walk from the second parent alone). */
static int octopus_rest(specsync_engine *eng, const specsync_commit_head *h)
{
	return specsync_git_reach_parents(eng->repo, &h->id, &eng->reach, eng->err);
}

int specsync_engine_range_metas(specsync_engine *eng, const specsync_oid *tip,
				const specsync_oid *hide, specsync_commit_meta **metas,
				size_t *count)
{
	specsync_oid *ids = NULL;
	size_t n = 0;
	int error;

	*metas = NULL;
	*count = 0;
	if ((error = specsync_git_branch_commits(&ids, &n, eng->repo, tip, 1, hide, eng->err)) < 0)
		return error;
	if (!(*metas = specsync_calloc(n, sizeof(**metas)))) {
		free(ids);
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && !error; i++)
		if ((error = specsync_git_commit(&(*metas)[i], eng->repo, &ids[i], eng->err)) == 0)
			(*count)++;
	free(ids);
	return error;
}

/*
 * The commits merge `h` brings in: those reachable from its second parent
 * and not from its first. From the set of commits reachable so far when
 * the walk started at a root (the other parents of an octopus join that
 * set too); else through a revision walk.
 */
static int merged_heads(specsync_engine *eng, const specsync_commit_head *h,
			specsync_commit_head **out, size_t *count)
{
	specsync_oid *ids = NULL;
	size_t n = 0, more;
	const char *key = eng->cfg->ack_trailer;
	int error;

	*out = NULL;
	*count = 0;
	if (eng->reach_valid) {
		if ((error = specsync_git_reach_new(out, count, eng->repo, &h->parents[1],
						    &eng->reach, key, eng->err)) < 0)
			return error;
		if (h->parent_count > 2)
			error = octopus_rest(eng, h);
		return error;
	}
	if ((error = specsync_git_branch_commits(&ids, &n, eng->repo, &h->parents[1], 1,
						 &h->parents[0], eng->err)) < 0)
		return error;
	if (n && !(*out = specsync_calloc(n, sizeof(**out))))
		error = specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	for (more = 0; more < n && !error; more++)
		error = specsync_git_commit_head(&(*out)[more], eng->repo, &ids[more], key,
						 eng->err);
	free(ids);
	if (error < 0) {
		free(*out);
		*out = NULL;
		return error;
	}
	*count = n;
	return 0;
}

/*
 * One first-parent commit `h`, compared with the last walked tree. A unit
 * that changes no spec file and holds no acknowledgement changes nothing:
 * its author and message are not even read. `baseline`: the baseline
 * applies after it, so it is recorded.
 */
/* ---- comparing trees ahead -------------------------------------------------- */

/*
 * A long walk compares each unit's trees up to AHEAD_UNITS units before
 * applying it and queues the new blobs it finds for the worker (at most
 * AHEAD_JOBS at a time), so that the blobs are split on the other core by
 * the time the walk needs them. Shorter walks (hooks, warm audits) are not
 * worth a thread.
 */
#define AHEAD_UNITS 1024
#define AHEAD_JOBS 64
#define AHEAD_MIN_WALK 256

typedef struct ahead_unit {
	eng_file_change *changes;
	size_t count, alloc;
	int error;             /* of the comparison, reported when the unit is reached */
	specsync_error err;
} ahead_unit;

typedef struct ahead {
	ahead_unit *ring;      /* unit i in ring[i % AHEAD_UNITS] */
	size_t next;           /* next unit to compare */
	specsync_oid first_tree; /* the tree before the first unit */
	bool have_first;
} ahead;

static void ahead_clear(specsync_engine *eng, ahead_unit *u)
{
	for (size_t i = 0; i < u->count; i++) {
		free(u->changes[i].path);
		specsync_prefetch_release(eng->prefetch, u->changes[i].job);
	}
	u->count = 0;
	u->error = 0;
}

/* Compares unit j's trees into its slot and queues its new blobs. */
static void ahead_one(specsync_engine *eng, ahead *a, const specsync_commit_head *chain,
		      size_t j)
{
	ahead_unit *u = &a->ring[j % AHEAD_UNITS];
	const specsync_oid *old = j ? &chain[j - 1].tree : a->have_first ? &a->first_tree : NULL;
	change_sink sink = { eng, &u->changes, &u->count, &u->alloc };
	specsync_error *saved = eng->err;
	char key[4200];

	ahead_clear(eng, u);
	/* the units the walk skips compare nothing (see specsync_engine_walk) */
	if (old && specsync_oid_equal(old, &chain[j].tree))
		return;
	specsync_error_clear(&u->err);
	eng->err = &u->err;
	u->error = specsync_git_diff_trees(eng->repo, old, &chain[j].tree, sink_descend,
					   sink_change, &sink, &u->err);
	eng->err = saved;
	for (size_t i = 0; i < u->count && !u->error; i++) {
		eng_file_change *fc = &u->changes[i];
		if (!fc->has_new)
			continue;
		parse_key(key, sizeof(key), &fc->new_blob, fc->side, fc->path, eng->cfg);
		if (specsync_prefetch_submit(&fc->job, eng->prefetch, &fc->new_blob, fc->side,
					     fc->path, key) < 0)
			break; /* parsed on demand instead */
	}
}

/* Compares ahead of unit i as far as the bounds allow. */
static void ahead_fill(specsync_engine *eng, ahead *a, const specsync_commit_head *chain,
		       size_t count, size_t i)
{
	if (a->next < i)
		a->next = i; /* the units left behind were skipped: same trees */
	while (a->next < count && a->next < i + AHEAD_UNITS &&
	       specsync_prefetch_pending(eng->prefetch) < AHEAD_JOBS)
		ahead_one(eng, a, chain, a->next++);
}

/* Unit i's comparison (compared now if the bounds kept it back), moved
 * into eng->changes; < 0: the comparison failed. */
static int ahead_take(specsync_engine *eng, ahead *a, const specsync_commit_head *chain,
		      size_t i)
{
	ahead_unit *u = &a->ring[i % AHEAD_UNITS];
	eng_file_change *items;
	size_t n;

	if (a->next <= i) {
		a->next = i;
		ahead_one(eng, a, chain, a->next++);
	}
	if (u->error < 0) {
		if (eng->err)
			*eng->err = u->err;
		return u->error;
	}
	/* swap the buffers: eng->changes is empty (reset) */
	items = eng->changes;
	n = eng->change_alloc;
	eng->changes = u->changes;
	eng->change_count = u->count;
	eng->change_alloc = u->alloc;
	u->changes = items;
	u->alloc = n;
	u->count = 0;
	return 0;
}

static int walk_unit(specsync_engine *eng, const specsync_commit_head *h, bool baseline,
		     ahead *a, const specsync_commit_head *chain, size_t index)
{
	specsync_commit_meta meta, *metas = NULL;
	specsync_commit_head *merged = NULL;
	size_t nmerged = 0, nmetas = 0;
	eng_actor *actors = NULL;
	bool is_merge = h->parent_count > 1, acks = h->mentions;
	uint32_t commit;
	int error;

	memset(&meta, 0, sizeof(meta));
	reset_changes(eng);
	eng->touched_count = 0;
	if (a)
		error = ahead_take(eng, a, chain, index);
	else
		error = specsync_git_diff_trees(eng->repo, eng->have_tree ? &eng->tree : NULL,
						&h->tree, descend, on_change, eng, eng->err);
	if (error < 0)
		goto done;
	if (is_merge && (error = merged_heads(eng, h, &merged, &nmerged)) < 0)
		goto done;
	note_commit(eng, h->time);
	for (size_t i = 0; i < nmerged; i++) {
		acks |= merged[i].mentions;
		note_commit(eng, merged[i].time);
	}
	/* observers (explain, checks) learn nothing from such a unit either */
	if (!eng->change_count && !acks && !baseline)
		goto done;
	if ((error = specsync_git_commit(&meta, eng->repo, &h->id, eng->err)) < 0)
		goto done;
	/* the revision walk gives the merged commits in the order their
	 * acknowledgements and out-of-role edits are reported */
	if (is_merge && (error = specsync_engine_range_metas(eng, &h->parents[1], &h->parents[0],
							     &metas, &nmetas)) < 0)
		goto done;
	if (!(actors = specsync_calloc(nmetas + 1, sizeof(*actors)))) {
		error = specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i <= nmetas; i++) {
		actors[i].meta = i ? &metas[i - 1] : &meta;
		actors[i].commit = ENG_NO_COMMIT;
	}
	if ((error = apply_collected(eng, actors, nmetas + 1, is_merge)) < 0)
		goto done;
	if (baseline) {
		if ((error = actor_commit(eng, &actors[0], &commit)) < 0)
			goto done;
		eng->baseline_commit = (int32_t)commit;
	}
done:
	for (size_t i = 0; i < nmetas; i++)
		specsync_commit_meta_dispose(&metas[i]);
	free(metas);
	free(merged);
	free(actors);
	specsync_commit_meta_dispose(&meta);
	return error;
}

/* The baseline commit when the walk skips it (its tree is its parent's). */
static int record_baseline(specsync_engine *eng, const specsync_commit_head *h)
{
	specsync_commit_meta meta;
	int error, idx;

	if ((error = specsync_git_commit(&meta, eng->repo, &h->id, eng->err)) < 0)
		return error;
	idx = specsync_engine_add_commit(eng, &meta);
	specsync_commit_meta_dispose(&meta);
	if (idx < 0)
		return idx;
	eng->baseline_commit = idx;
	return 0;
}

static int ahead_start(ahead *a, specsync_engine *eng, size_t count)
{
	memset(a, 0, sizeof(*a));
	if (count < AHEAD_MIN_WALK || eng->prefetch || getenv("SPECSYNC_NO_WORKER"))
		return 0;
	if (specsync_prefetch_start(&eng->prefetch, eng) < 0 || !eng->prefetch)
		return 0;
	if (!(a->ring = specsync_calloc(AHEAD_UNITS, sizeof(*a->ring)))) {
		specsync_prefetch_stop(eng->prefetch);
		eng->prefetch = NULL;
		return 0;
	}
	a->first_tree = eng->tree;
	a->have_first = eng->have_tree;
	return 1;
}

static void ahead_stop(ahead *a, specsync_engine *eng)
{
	if (!a->ring)
		return;
	reset_changes(eng); /* may hold jobs after an error */
	for (size_t i = 0; i < AHEAD_UNITS; i++) {
		ahead_clear(eng, &a->ring[i]);
		free(a->ring[i].changes);
	}
	free(a->ring);
	specsync_prefetch_stop(eng->prefetch);
	eng->prefetch = NULL;
}

int specsync_engine_walk(specsync_engine *eng, const specsync_commit_head *chain, size_t count,
			 size_t baseline_at)
{
	ahead a;
	bool threaded;
	int error = 0;

	/* from a root with nothing walked yet: reachability can be tracked */
	if (!eng->have_tree && count && chain[0].parent_count == 0 && !eng->reach.count)
		eng->reach_valid = true;
	eng->recording = baseline_at >= count;
	threaded = ahead_start(&a, eng, count) > 0;
	for (size_t i = 0; i < count && !error; i++) {
		const specsync_commit_head *h = &chain[i];
		bool at_baseline = i == baseline_at;
		if (threaded)
			ahead_fill(eng, &a, chain, count, i);
		if (at_baseline)
			eng->recording = true;
		if (eng->reach_valid && specsync_oidset_add(&eng->reach, h->id.id) < 0) {
			error = specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
			break;
		}
		if (!eng->have_tree || !specsync_oid_equal(&eng->tree, &h->tree) ||
		    h->parent_count > 1 || h->mentions)
			error = walk_unit(eng, h, at_baseline, threaded ? &a : NULL, chain, i);
		else if (at_baseline)
			error = record_baseline(eng, h);
		if (error >= 0 && at_baseline) {
			error = 0;
			specsync_engine_baseline(eng, (uint32_t)eng->baseline_commit);
		}
		eng->tree = h->tree;
		eng->have_tree = true;
		eng->walk_count++;
		if (threaded)
			ahead_clear(eng, &a.ring[i % AHEAD_UNITS]);
		if (eng->progress && !error && ((i + 1) % 256 == 0 || i + 1 == count))
			eng->progress(i + 1, count, eng->progress_payload);
	}
	if (threaded)
		ahead_stop(&a, eng);
	eng->recording = true;
	return error;
}
