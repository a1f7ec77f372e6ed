/*
 * The engine's state: the requirement and commit tables, interning, the
 * lifecycle and the accessors (engine.h). The other engine files build on
 * it: engine_parse.c (the parse cache), engine_rules.c (rules.c's
 * decisions applied), engine_unit.c (one unit applied), engine_codec.c
 * (the state as bytes).
 */
#include "common.h"
#include "engine_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include "rules.h"
#include "dag.h"

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

/* ---- setup ------------------------------------------------------------- */

int specsync_engine_init(specsync_engine *eng, specsync_repo *repo, const specsync_config *cfg,
			 specsync_error *err)
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
	for (size_t i = 0; i < eng->files.cap; i++) {
		eng_file *f = eng->files.slots[i].value;
		if (!eng->files.slots[i].key)
			continue;
		free(f); /* its parse is freed with the parse cache below */
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
		if (eng->episodes[i].commit_alloc)
			free(eng->episodes[i].commits);
	free(eng->episodes);
	specsync_arena_dispose(&eng->episode_arena);
	free(eng->events);
	free(eng->commits);
	specsync_arena_dispose(&eng->arena);
	specsync_strmap_dispose(&eng->interned);
	for (size_t i = 0; i < eng->changes.count; i++)
		free(eng->changes.items[i].path);
	free(eng->changes.items);
	free(eng->touched);
	free(eng->touched_mark);
	free(eng->snapshot);
	free(eng->req_changes);
	specsync_sections_dispose(&eng->sections);
	specsync_buf_dispose(&eng->warnings);
	specsync_dag_free(eng->walk.reach);
	specsync_sections_memo_free(eng->section_memo);
	if (eng->signatures_free)
		eng->signatures_free(eng->signatures);
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

specsync_sections_memo *specsync_engine_section_memo(const specsync_engine *eng)
{
	return eng->section_memo;
}

struct specsync_signature_state *specsync_engine_signatures(const specsync_engine *eng)
{
	return eng->signatures;
}

void specsync_engine_keep_signatures(specsync_engine *eng, struct specsync_signature_state *state,
				     void (*free_state)(struct specsync_signature_state *))
{
	eng->signatures = state;
	eng->signatures_free = free_state;
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

bool specsync_engine_tip_only(const specsync_engine *eng)
{
	return eng->tip_only;
}

void specsync_engine_name_commit(specsync_engine *eng, uint32_t idx, const char *short_id)
{
	snprintf(eng->commits[idx]->short_id, sizeof(eng->commits[idx]->short_id), "%s", short_id);
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
	specsync_strmap_dispose(&eng->interned); /* its copies went with it */
}

const char *specsync_engine_shared_str(specsync_engine *eng, const char *s)
{
	char *copy;

	if (!s)
		return NULL;
	if ((copy = specsync_strmap_get(&eng->interned, s)))
		return copy;
	/* not remembered when the map cannot grow: still a valid copy */
	if ((copy = specsync_arena_strdup(&eng->arena, s)))
		specsync_strmap_put(&eng->interned, s, copy, NULL);
	return copy;
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
	ci->author_name = specsync_engine_shared_str(eng, meta->author_name);
	ci->author_email = specsync_engine_shared_str(eng, meta->author_email);
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

	return specsync_engine_actor_commit(eng, unit->actor, &commit) < 0 ? NULL
									   : eng->commits[commit];
}

/* ---- roles ------------------------------------------------------------- */

const specsync_raci_cell *specsync_engine_cell(const specsync_engine *eng, const char *id, int side)
{
	return specsync_rules_cell(eng->cfg, id, side);
}
