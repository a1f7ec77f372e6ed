/*
 * The history engine: the state tables and the application of one unit to
 * them. The rules themselves (which sides owe an update, which episodes
 * open and close, which acknowledgements and edits are valid) are in
 * rules.c.
 */
#include "common.h"
#include "engine_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include "glob.h"
#include "message.h"
#include "parse.h"
#include "rules.h"
#include "prefetch.h"

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

/*
 * A document over max_file_size is not read at all (see parse.h): it
 * counts as holding no requirement, like a binary file, and a warning
 * says so.
 */
static void warn_too_big(specsync_engine *eng, const char *path, uint64_t size)
{
	if (++eng->warning_count <= MAX_WARNING_LINES)
		specsync_buf_printf(&eng->warnings,
				    "%s: %llu bytes, over max_file_size (%llu): skipped\n", path,
				    (unsigned long long)size,
				    (unsigned long long)eng->cfg->max_file_size);
}

/* A new parse of `key` from a split's outcome, entered in the parse cache
 * with no reference yet. */
static int parse_new(specsync_engine *eng, eng_parse **out, const char *key,
		     specsync_parse_outcome outcome, uint64_t size, const char *path,
		     const specsync_sections *s)
{
	eng_parse *p;
	int error = 0;

	*out = NULL;
	if (!(p = specsync_calloc(1, sizeof(*p))) || !(p->key = specsync_strdup(key))) {
		free(p);
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	}
	if (outcome == SPECSYNC_PARSE_TOO_BIG)
		warn_too_big(eng, path, size);
	if ((outcome == SPECSYNC_PARSE_SECTIONS && (error = convert(eng, p, s)) < 0) ||
	    (error = specsync_strmap_put(&eng->parses, key, p, NULL)) < 0) {
		free(p->entries);
		free(p->key);
		free(p);
		return error == SPECSYNC_ENOMEM
			       ? specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory")
			       : error;
	}
	*out = p;
	return 0;
}

/* Returns the parse of `blob` as a file of `side` at `path`, with a new
 * reference (release with parse_release). */
static int parse_blob(specsync_engine *eng, eng_parse **out, const specsync_oid *blob, int side,
		      const char *path)
{
	char key[4200];
	specsync_parse_outcome outcome;
	specsync_sections_options o;
	uint64_t size;
	int error;

	parse_key(key, sizeof(key), blob, side, path, eng->cfg);
	if ((*out = specsync_strmap_get(&eng->parses, key)) == NULL) {
		specsync_parse_options(&o, eng->cfg, side, path);
		specsync_sections_dispose(&eng->sections);
		memset(&eng->sections, 0, sizeof(eng->sections));
		if ((error = specsync_parse_blob(&outcome, &size, &eng->sections, eng->repo, blob,
						 &o, eng->cfg->max_file_size, eng->err)) < 0 ||
		    (error = parse_new(eng, out, key, outcome, size, path, &eng->sections)) < 0)
			return error;
	}
	(*out)->refs++;
	return 0;
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
	return 0;
}

void specsync_engine_dispose(specsync_engine *eng)
{
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
	for (size_t i = 0; i < eng->changes.count; i++)
		free(eng->changes.items[i].path);
	free(eng->changes.items);
	free(eng->touched);
	free(eng->touched_mark);
	free(eng->snapshot);
	free(eng->req_changes);
	specsync_sections_dispose(&eng->sections);
	specsync_buf_dispose(&eng->warnings);
	specsync_oidset_dispose(&eng->walk.reach);
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
	specsync_progress_cb progress = eng->walk.progress;
	void *progress_payload = eng->walk.progress_payload;

	eng->warnings = (specsync_buf)SPECSYNC_BUF_INIT;
	specsync_engine_dispose(eng);
	specsync_engine_init(eng, repo, cfg, err);
	eng->observer = obs;
	eng->observer_payload = payload;
	eng->warnings = warnings;
	eng->warning_count = warning_count;
	eng->walk.progress = progress;
	eng->walk.progress_payload = progress_payload;
}

int specsync_engine_new(specsync_engine **out, specsync_repo *repo, const specsync_config *cfg,
			specsync_error *err)
{
	if (!(*out = specsync_calloc(1, sizeof(**out))))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	return specsync_engine_init(*out, repo, cfg, err);
}

void specsync_engine_free(specsync_engine *eng)
{
	if (!eng)
		return;
	specsync_engine_dispose(eng);
	free(eng);
}

/* ---- accessors ---------------------------------------------------------- */

specsync_repo *specsync_engine_repo(const specsync_engine *eng)
{
	return eng->repo;
}

const specsync_config *specsync_engine_config(const specsync_engine *eng)
{
	return eng->cfg;
}

specsync_error *specsync_engine_error(const specsync_engine *eng)
{
	return eng->err;
}

void specsync_engine_view(eng_view *v, const specsync_engine *eng)
{
	v->cfg = eng->cfg;
	v->files = &eng->files;
	v->reqs = eng->reqs;
	v->req_count = eng->req_count;
	v->commits = eng->commits;
	v->commit_count = eng->commit_count;
	v->commit_total = eng->commit_total;
	v->time_first = eng->time_first;
	v->time_last = eng->time_last;
	v->have_times = eng->have_times;
	v->episodes = eng->episodes;
	v->episode_count = eng->episode_count;
	v->events = eng->events;
	v->event_count = eng->event_count;
	v->baseline_commit = eng->baseline_commit;
	v->checking = eng->checking;
	v->check_start = eng->check_start;
	v->walk = &eng->walk;
}

eng_walk *specsync_engine_walk_state(specsync_engine *eng)
{
	return &eng->walk;
}

void specsync_engine_observe(specsync_engine *eng, eng_observer observer, void *payload)
{
	eng->observer = observer;
	eng->observer_payload = payload;
}

void specsync_engine_set_recording(specsync_engine *eng, bool recording)
{
	eng->recording = recording;
}

void specsync_engine_begin_check(specsync_engine *eng)
{
	eng->event_count = 0;
	eng->checking = true;
	eng->check_start = eng->commit_count;
}

bool specsync_engine_checking(const specsync_engine *eng)
{
	return eng->checking;
}

void specsync_engine_name_commit(specsync_engine *eng, uint32_t idx, const char *short_id)
{
	snprintf(eng->commits[idx]->short_id, sizeof(eng->commits[idx]->short_id), "%s",
		 short_id);
}

const char *specsync_engine_req_id(const specsync_engine *eng, uint32_t r)
{
	return eng->reqs[r].id;
}

uint64_t specsync_engine_pending(const specsync_engine *eng, uint32_t r)
{
	return eng->reqs[r].pending;
}

int32_t specsync_engine_baseline_commit(const specsync_engine *eng)
{
	return eng->baseline_commit;
}

void specsync_engine_take_arena(specsync_engine *eng, specsync_arena *out)
{
	*out = eng->arena;
	memset(&eng->arena, 0, sizeof(eng->arena));
}

int specsync_engine_take_warnings(char **out, specsync_engine *eng)
{
	*out = NULL;
	if (eng->warning_count > MAX_WARNING_LINES)
		specsync_buf_printf(&eng->warnings, "(and %zu more documents skipped)\n",
				    eng->warning_count - MAX_WARNING_LINES);
	if (eng->warnings.failed)
		return SPECSYNC_ENOMEM;
	if (eng->warnings.size)
		*out = specsync_buf_detach(&eng->warnings);
	return 0;
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

void specsync_engine_note_commit(specsync_engine *eng, int64_t time)
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
		specsync_engine_note_commit(eng, meta->time);
	return idx;
}

int specsync_engine_actor_commit(specsync_engine *eng, eng_actor *a, uint32_t *out)
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

	return specsync_engine_actor_commit(eng, unit->actor, &commit) < 0 ? NULL : eng->commits[commit];
}

/* ---- roles ------------------------------------------------------------- */

const specsync_raci_cell *specsync_engine_cell(const specsync_engine *eng, const char *id,
					       int side)
{
	return specsync_rules_cell(eng->cfg, id, side);
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
	if ((error = specsync_engine_actor_commit(eng, actor, &commit)) < 0)
		return error;
	if (SPECSYNC_ARRAY_RESERVE(eng->events, eng->event_alloc, eng->event_count + 1) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	ev = &eng->events[eng->event_count];
	ev->kind = kind;
	ev->req = req;
	ev->id = specsync_arena_strdup(&eng->arena, id);
	ev->side = side;
	ev->commit = commit;
	ev->author_name = specsync_arena_strdup(&eng->arena, name);
	ev->author_email = specsync_arena_strdup(&eng->arena, email);
	ev->reason = specsync_arena_strdup(&eng->arena, reason);
	if (eng->arena.failed)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	eng->event_count++;
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
	    (error = specsync_engine_actor_commit(eng, actor, &commit)) < 0)
		return error;
	for (size_t s = 0; s < eng->cfg->side_count; s++) {
		specsync_episode_move mv = specsync_rules_episode(before, after, initiated, (int)s);
		eng_episode *ep;
		if (mv == SPECSYNC_EPISODE_CLOSE) {
			episode_close(eng, r, (int)s, close_as, commit);
		} else if (mv == SPECSYNC_EPISODE_OPEN) {
			if ((error = episode_open(eng, r, (int)s, changed, commit)) < 0)
				return error;
		} else if (mv == SPECSYNC_EPISODE_EXTEND) {
			ep = &eng->episodes[eng->reqs[r].episode[s]];
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
	eng->baseline_commit = (int32_t)commit;
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
	return descend(dir, ((change_sink *)payload)->eng);
}

int specsync_engine_diff(specsync_engine *eng, eng_changes *into, const specsync_oid *old_tree,
			 const specsync_oid *new_tree, specsync_error *err)
{
	change_sink sink = { eng, into };
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
		parse_release(eng, c->items[i].old_parse);
		parse_release(eng, c->items[i].new_parse);
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
		parse_key(key, sizeof(key), &fc->new_blob, fc->side, fc->path, eng->cfg);
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

/* The new blob's parse from the split queued ahead (see prefetch.h), as
 * parse_blob would have made it. */
static int parse_queued(specsync_engine *eng, eng_file_change *fc)
{
	char key[4200];
	const specsync_sections *sections = NULL;
	specsync_parse_outcome outcome;
	uint64_t size;
	eng_parse *p;
	int error;

	parse_key(key, sizeof(key), &fc->new_blob, fc->side, fc->path, eng->cfg);
	if ((p = specsync_strmap_get(&eng->parses, key)) == NULL) {
		if ((error = specsync_prefetch_wait(eng->walk.prefetch, fc->job, &outcome, &size,
						    &sections, eng->err)) < 0 ||
		    (error = parse_new(eng, &p, key, outcome, size, fc->path, sections)) < 0)
			return error;
	}
	p->refs++;
	fc->new_parse = p;
	specsync_prefetch_release(eng->walk.prefetch, fc->job);
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

	for (size_t i = 0; i < eng->changes.count; i++) {
		eng_file_change *fc = &eng->changes.items[i];
		eng_file *f = specsync_strmap_get(&eng->files, fc->path);
		if (fc->had_old) {
			if (f && specsync_oid_equal(&f->blob, &fc->old_blob)) {
				fc->old_parse = f->parse;
				f->parse->refs++;
			} else if ((error = parse_blob(eng, &fc->old_parse,
								       &fc->old_blob, fc->side,
								       fc->path)) < 0) {
				return error;
			}
		}
		if (fc->has_new && fc->job && (error = parse_queued(eng, fc)) < 0)
			return error;
		if (fc->has_new && !fc->new_parse &&
		    (error = parse_blob(eng, &fc->new_parse, &fc->new_blob,
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
		specsync_rules_step st;

		for (size_t s = 0; s < sides; s++)
			if (accum_differs(&snap[s], &eng->reqs[r].acc[s]))
				changed |= 1ull << s;
		if (!changed)
			continue;
		st = specsync_rules_next(before, changed, present_mask(eng, r), eng->all_sides);
		after = st.after;
		if ((error = transition(eng, r, before, after, changed, st.initiated,
					SPECSYNC_STATUS_RESOLVED, actor)) < 0)
			return error;
		eng->req_changes[*nchanged].req = r;
		eng->req_changes[*nchanged].changed = changed;
		eng->req_changes[*nchanged].pending_before = before;
		eng->req_changes[*nchanged].pending_after = after;
		eng->req_changes[*nchanged].event = st.event;
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

static int apply_ack(specsync_engine *eng, eng_actor *actor, const char *id,
		     const specsync_message_info *mi)
{
	int64_t r = specsync_engine_find(eng, id);
	const specsync_commit_meta *m = actor->meta;
	char reason[512];
	uint32_t commit;
	int error;

	if (r < 0) {
		specsync_rules_unknown_ack(reason, sizeof(reason), id);
		return add_event(eng, SPECSYNC_FINDING_INVALID_ACK, UINT32_MAX, id, -1, actor,
				 m->author_name, m->author_email, reason);
	}
	if (!eng->reqs[r].pending)
		return 0; /* nothing owed: a harmless no-op */
	if (!specsync_rules_ack_allowed(eng->cfg, id, eng->reqs[r].pending, m->author_email,
					mi->coauthor_emails, mi->coauthor_count)) {
		specsync_rules_invalid_ack(reason, sizeof(reason), m->author_name, m->author_email,
					   id);
		return add_event(eng, SPECSYNC_FINDING_INVALID_ACK, (uint32_t)r, id, -1, actor,
				 m->author_name, m->author_email, reason);
	}
	if ((error = specsync_engine_actor_commit(eng, actor, &commit)) < 0)
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
		error = mailmap_coauthors(eng, &mi);
		for (size_t i = 0; i < mi.ack_count && !error; i++)
			error = apply_ack(eng, &actors[a], mi.ack_ids[i], &mi);
		specsync_message_info_dispose(&mi);
	}
	return error;
}

static int out_of_role_one(specsync_engine *eng, uint32_t r, int side, eng_actor *actor)
{
	const char *id = eng->reqs[r].id;
	const specsync_commit_meta *m = actor->meta;
	char reason[512];

	if (!specsync_rules_out_of_role(eng->cfg, id, side, m->author_email))
		return 0;
	specsync_rules_out_of_role_text(reason, sizeof(reason), m->author_name, m->author_email,
					eng->cfg->sides[side].name, id);
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
		bool hit = false;
		for (size_t i = 0; i < eng->changes.count && !hit; i++) {
			const eng_file_change *fc = &eng->changes.items[i];
			if (fc->side != side || !change_carries(fc, r))
				continue;
			if ((error = merged_commit_touches(eng, &actors[a], fc->path, &hit)) < 0)
				return error;
		}
		if (!hit)
			continue;
		any = true;
		if ((error = out_of_role_one(eng, r, side, &actors[a])) < 0)
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
	    (error = apply_rules(eng, &actors[0], &nchanged)) < 0 ||
	    (error = apply_acks(eng, actors, actor_count)) < 0 ||
	    (error = check_roles(eng, nchanged, actors, actor_count, is_merge)) < 0)
		goto done;
	if (eng->observer) {
		eng_unit_report rep = { &actors[0], is_merge, eng->changes.items, eng->changes.count,
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

	specsync_engine_unit_begin(eng);
	if ((error = specsync_engine_diff(eng, &eng->changes, old_tree, new_tree, eng->err)) < 0)
		return error;
	return specsync_engine_unit_apply(eng, actors, actor_count, is_merge);
}

int specsync_engine_apply_index(specsync_engine *eng, const specsync_oid *head_tree,
				eng_actor *actors, size_t actor_count, bool is_merge)
{
	change_sink sink = { eng, &eng->changes };
	int error;

	specsync_engine_unit_begin(eng);
	if ((error = specsync_git_diff_index(eng->repo, head_tree, sink_descend, sink_change, &sink,
					     eng->err)) < 0)
		return error;
	return specsync_engine_unit_apply(eng, actors, actor_count, is_merge);
}

