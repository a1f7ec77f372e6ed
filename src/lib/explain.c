/*
 * `specsync explain ID`: every unit that changed one requirement, with the
 * texts before and after on each changed side.
 */
#include "common.h"
#include "engine.h"
#include "walk.h"
#include "parse.h"

struct specsync_explanation {
	specsync_arena arena;
	specsync_explain_unit *units;
	size_t count, alloc;
};

typedef struct explainer {
	specsync_engine *eng;
	specsync_explanation *ex;
	const char *id;
	uint64_t last_pending;
} explainer;

/* Appends the normalised texts of `id`'s sections in a blob (none when the
 * audit would not read it either: binary, or over max_file_size). */
static int texts_of(specsync_buf *out, specsync_engine *eng, const specsync_oid *blob, int side,
		    const char *path, const char *id)
{
	specsync_sections s;
	specsync_sections_options o;
	specsync_parse_outcome outcome;
	uint64_t size;
	int error;

	memset(&s, 0, sizeof(s));
	specsync_parse_options(&o, specsync_engine_config(eng), side, path);
	o.keep_text = true;
	error = specsync_parse_blob(&outcome, &size, &s, specsync_engine_repo(eng), blob, &o,
				    specsync_engine_config(eng)->max_file_size, specsync_engine_error(eng));
	for (size_t i = 0; !error && i < s.count; i++) {
		if (strcmp(s.entries[i].id, id))
			continue;
		if (out->size)
			specsync_buf_puts(out, "\n");
		specsync_buf_puts(out, s.entries[i].text);
	}
	specsync_sections_dispose(&s);
	return error;
}

static int side_texts(explainer *x, specsync_explain_side *es, const eng_unit_report *u,
		      int side)
{
	specsync_buf before = SPECSYNC_BUF_INIT, after = SPECSYNC_BUF_INIT;
	int error = 0;

	for (size_t i = 0; i < u->file_count && !error; i++) {
		const eng_file_change *fc = &u->files[i];
		if (fc->side != side)
			continue;
		if (fc->had_old)
			error = texts_of(&before, x->eng, &fc->old_blob, side, fc->path, x->id);
		if (!error && fc->has_new)
			error = texts_of(&after, x->eng, &fc->new_blob, side, fc->path, x->id);
	}
	es->side = specsync_engine_config(x->eng)->sides[side].name;
	es->old_text = specsync_arena_strdup(&x->ex->arena, before.ptr ? before.ptr : "");
	es->new_text = specsync_arena_strdup(&x->ex->arena, after.ptr ? after.ptr : "");
	specsync_buf_dispose(&before);
	specsync_buf_dispose(&after);
	return error;
}

static int record(explainer *x, const eng_unit_report *u, uint64_t changed, uint64_t after,
		  const char *event)
{
	specsync_explanation *ex = x->ex;
	const specsync_config *cfg = specsync_engine_config(x->eng);
	specsync_error *err = specsync_engine_error(x->eng);
	const specsync_commit_info *commit;
	specsync_explain_unit *eu;
	specsync_explain_side *sides;
	size_t n = 0;
	int error = 0;

	if (SPECSYNC_ARRAY_RESERVE(ex->units, ex->alloc, ex->count + 1) < 0)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	eu = &ex->units[ex->count];
	memset(eu, 0, sizeof(*eu));
	if (!(commit = specsync_engine_unit_commit(x->eng, u)))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	eu->commit = *commit;
	eu->commit.author_name = specsync_arena_strdup(&ex->arena, eu->commit.author_name);
	eu->commit.author_email = specsync_arena_strdup(&ex->arena, eu->commit.author_email);
	eu->commit.summary = specsync_arena_strdup(&ex->arena, eu->commit.summary);
	eu->is_merge = u->is_merge;
	eu->changed_mask = changed;
	eu->pending_after = after;
	eu->event = event;
	sides = specsync_arena_array(&ex->arena, cfg->side_count + 1, sizeof(*sides));
	if (!sides)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	for (size_t s = 0; s < cfg->side_count && !error; s++)
		if (changed & (1ull << s))
			error = side_texts(x, &sides[n++], u, (int)s);
	eu->sides = sides;
	eu->side_count = n;
	ex->count++;
	return ex->arena.failed ? specsync_fail(err, SPECSYNC_ENOMEM, "out of memory") : error;
}

static int observe(const eng_unit_report *u, void *payload)
{
	explainer *x = payload;
	int64_t r = specsync_engine_find(x->eng, x->id);
	uint64_t now;
	int error = 0;

	if (r < 0)
		return 0;
	now = specsync_engine_pending(x->eng, (uint32_t)r);
	for (size_t i = 0; i < u->req_count; i++) {
		const eng_req_change *rc = &u->reqs[i];
		if (rc->req != (uint32_t)r)
			continue;
		error = record(x, u, rc->changed, now,
			       now != rc->pending_after ? "acknowledged" : rc->event);
		x->last_pending = now;
		return error;
	}
	if (now != x->last_pending && now == 0)
		error = record(x, u, 0, now, "acknowledged");
	x->last_pending = now;
	return error;
}

int specsync_explain(specsync_explanation **out, specsync_repo *repo,
		     const specsync_config *cfg, const char *requirement,
		     const specsync_audit_options *opts, specsync_error *err)
{
	specsync_audit_options defaults = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_engine *eng = NULL;
	specsync_oid tip;
	specsync_commit_head *chain = NULL;
	size_t count = 0;
	explainer x;
	int error;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	memset(&x, 0, sizeof(x));
	if ((error = specsync_engine_new(&eng, repo, cfg, err)) < 0)
		goto done;
	x.eng = eng;
	x.id = requirement;
	if (!(x.ex = specsync_calloc(1, sizeof(*x.ex)))) {
		error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
		goto done;
	}
	specsync_engine_observe(eng, observe, &x);
	if ((error = specsync_git_resolve(&tip, repo, opts->rev ? opts->rev : "HEAD", err)) < 0 ||
	    (error = specsync_history_chain(&chain, &count, eng, &tip)) < 0 ||
	    (error = specsync_walk_chain(eng, chain, count, count)) < 0)
		goto done;
	if (specsync_engine_find(eng, requirement) < 0) {
		error = specsync_fail(err, SPECSYNC_ENOTFOUND,
				      "requirement %s never appears in the history of %s",
				      requirement, opts->rev ? opts->rev : "HEAD");
		goto done;
	}
	*out = x.ex;
	x.ex = NULL;
done:
	specsync_explanation_free(x.ex);
	free(chain);
	specsync_engine_free(eng);
	return error;
}

void specsync_explanation_free(specsync_explanation *ex)
{
	if (!ex)
		return;
	specsync_arena_dispose(&ex->arena);
	free(ex->units);
	free(ex);
}

const specsync_explain_unit *specsync_explanation_units(const specsync_explanation *ex,
							size_t *count)
{
	*count = ex->count;
	return ex->units;
}
