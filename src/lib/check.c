/*
 * `specsync check`: one change (the index, a pushed range, a pull request)
 * against the pending state before it.
 */
#include "common.h"
#include "engine.h"
#include "walk.h"
#include "result.h"
#include "escalate.h"
#include "rename.h"
#include "trust.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Brings the engine to the state after `tip` (none: an empty history)
 * and forgets the events found there: a check reports only what it
 * checks. */
static int prepare(specsync_engine *eng, specsync_cache *cache, const specsync_oid *tip)
{
	size_t walked;
	int error;

	if (tip && (error = specsync_history_walk_to(eng, cache, tip,
						     specsync_engine_config(eng)->since, &walked)) < 0)
		return error;
	specsync_engine_begin_check(eng);
	return 0;
}

/* While a merge is being concluded (MERGE_HEAD exists: `git merge`, or
 * `git commit` after resolving conflicts), the merged commits count as they
 * do for a merge commit in the history: their acknowledgements apply and
 * their authors answer for their edits. */
static int merge_in_progress(specsync_commit_meta **metas, size_t *count, bool *merging,
			     specsync_engine *eng, specsync_repo *repo, const specsync_oid *head)
{
	specsync_oid merge_head;

	*metas = NULL;
	*count = 0;
	*merging = specsync_git_resolve(&merge_head, repo, "MERGE_HEAD", NULL) == 0;
	if (!*merging)
		return 0;
	return specsync_walk_commits(eng, &merge_head, head, metas, count);
}

static int check_staged(specsync_engine *eng, specsync_cache *cache, specsync_repo *repo,
			const specsync_check_options *o, char head_hex[41], specsync_error *err)
{
	specsync_oid head, head_tree;
	specsync_commit_meta meta, *merged = NULL;
	char *name = NULL, *email = NULL;
	bool unborn = specsync_git_head_unborn(repo), merging = false;
	eng_actor *actors = NULL;
	size_t nmerged = 0;
	int error, idx;

	memset(&meta, 0, sizeof(meta));
	strcpy(head_hex, "0000000000000000000000000000000000000000");
	if (!unborn) {
		if ((error = specsync_git_resolve(&head, repo, "HEAD", err)) < 0 ||
		    (error = specsync_git_commit_tree(&head_tree, repo, &head, err)) < 0)
			goto done;
		specsync_oid_fmt(head_hex, &head);
	}
	if ((error = prepare(eng, cache, unborn ? NULL : &head)) < 0 ||
	    (!unborn &&
	     (error = merge_in_progress(&merged, &nmerged, &merging, eng, repo, &head)) < 0))
		goto done;
	specsync_git_identity(&name, &email, repo);
	if ((error = specsync_git_mailmap(&meta.author_name, &meta.author_email, repo,
					  o->author_name ? o->author_name : name ? name : "",
					  o->author_email ? o->author_email : email ? email : "")) < 0)
		goto done;
	meta.time = o->now ? o->now : (int64_t)time(NULL);
	meta.message = specsync_strdup(o->message ? o->message : "(staged changes)");
	if (!(actors = specsync_calloc(nmerged + 1, sizeof(*actors)))) {
		error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
		goto done;
	}
	if ((idx = specsync_engine_add_commit(eng, &meta)) < 0) {
		error = idx;
		goto done;
	}
	specsync_engine_name_commit(eng, (uint32_t)idx, "staged");
	actors[0].meta = &meta;
	actors[0].commit = (uint32_t)idx;
	for (size_t i = 0; i < nmerged; i++) {
		if ((idx = specsync_engine_add_commit(eng, &merged[i])) < 0) {
			error = idx;
			goto done;
		}
		actors[i + 1].meta = &merged[i];
		actors[i + 1].commit = (uint32_t)idx;
	}
	error = specsync_engine_apply_index(eng, unborn ? NULL : &head_tree, actors, nmerged + 1,
					    merging);
done:
	for (size_t i = 0; i < nmerged; i++)
		specsync_commit_meta_dispose(&merged[i]);
	free(merged);
	free(actors);
	specsync_commit_meta_dispose(&meta);
	free(name);
	free(email);
	return error;
}

/* Where a range starts. *none: before the first commit, so that every
 * first-parent commit of NEW is checked: asked for with git's empty tree,
 * and for a new ref that has nothing to start from (no default branch yet,
 * as in the first push into an empty repository, or unrelated histories). */
static int resolve_old(specsync_oid *old, bool *none, specsync_repo *repo,
		       const specsync_oid *new_id, const char *old_rev, specsync_error *err)
{
	specsync_oid def;
	char *name = NULL;
	int error;

	*none = false;
	if (old_rev && !strcmp(old_rev, SPECSYNC_EMPTY_TREE_ID)) {
		*none = true;
		return 0;
	}
	if (old_rev && strspn(old_rev, "0") != strlen(old_rev))
		return specsync_git_resolve(old, repo, old_rev, err);
	if ((error = specsync_git_default_branch(&def, &name, repo, err)) == 0) {
		free(name);
		error = specsync_git_merge_base(old, repo, new_id, &def, err);
	}
	if (error == SPECSYNC_ENOTFOUND) {
		if (err)
			specsync_error_clear(err);
		*none = true;
		return 0;
	}
	return error;
}

static int check_range(specsync_engine *eng, specsync_cache *cache, specsync_repo *repo,
		       const specsync_check_options *o, char head_hex[41], char base_hex[41],
		       specsync_error *err)
{
	specsync_oid new_id, old, fork;
	specsync_commit_head *units = NULL;
	size_t count = 0;
	bool has_fork, none;
	int error;

	if (!o->new_rev)
		return specsync_fail(err, SPECSYNC_EUSAGE, "check --range needs OLD..NEW");
	if ((error = specsync_git_check_complete(repo, err)) < 0 ||
	    (error = specsync_git_resolve(&new_id, repo, o->new_rev, err)) < 0 ||
	    (error = resolve_old(&old, &none, repo, &new_id, o->old_rev, err)) < 0 ||
	    (error = specsync_walk_range(&units, &count, &fork, &has_fork, repo, &new_id,
				 none ? NULL : &old, specsync_engine_config(eng)->ack_trailer, err)) < 0)
		goto done;
	specsync_oid_fmt(head_hex, &new_id);
	if (has_fork || !none)
		specsync_oid_fmt(base_hex, has_fork ? &fork : &old);
	if ((error = prepare(eng, cache, has_fork ? &fork : NULL)) < 0)
		goto done;
	if ((error = specsync_walk_chain(eng, units, count, count)) == 0) {
		specsync_trust_range range = { NULL, 0, units, count };
		error = specsync_trust_guard(eng, has_fork ? &fork : NULL, &new_id, &range);
	}
done:
	free(units);
	return error;
}

static int check_base(specsync_engine *eng, specsync_cache *cache, specsync_repo *repo,
		      const specsync_check_options *o, char head_hex[41], char base_hex[41],
		      specsync_error *err)
{
	specsync_oid head, base, m, m_tree;
	specsync_commit_meta head_meta, *metas = NULL;
	eng_actor *actors = NULL;
	size_t n = 0;
	char *saved_message;
	int error, idx;

	memset(&head_meta, 0, sizeof(head_meta));
	if (!o->base)
		return specsync_fail(err, SPECSYNC_EUSAGE, "check --base needs a revision");
	if ((error = specsync_git_resolve(&head, repo, o->head ? o->head : "HEAD", err)) < 0 ||
	    (error = specsync_git_resolve(&base, repo, o->base, err)) < 0 ||
	    (error = specsync_git_check_complete(repo, err)) < 0 ||
	    (error = specsync_git_merge_base(&m, repo, &base, &head, err)) < 0 ||
	    (error = specsync_git_commit_tree(&m_tree, repo, &m, err)) < 0)
		goto done;
	specsync_oid_fmt(head_hex, &head);
	specsync_oid_fmt(base_hex, &m);
	if ((error = prepare(eng, cache, &m)) < 0 ||
	    (error = specsync_git_commit(&head_meta, repo, &head, err)) < 0 ||
	    (error = specsync_walk_commits(eng, &head, &m, &metas, &n)) < 0)
		goto done;
	if (!(actors = specsync_calloc(n + 1, sizeof(*actors)))) {
		error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
		goto done;
	}
	/* The pull request is one unit, named after its head; every commit in
	 * it is an actor for acknowledgements and roles, so the unit's own
	 * actor carries no message of its own. */
	if ((idx = specsync_engine_add_commit(eng, &head_meta)) < 0) {
		error = idx;
		goto done;
	}
	saved_message = head_meta.message;
	head_meta.message = (char *)"";
	actors[0].meta = &head_meta;
	actors[0].commit = (uint32_t)idx;
	for (size_t i = 0; i < n; i++) {
		if ((idx = specsync_engine_add_commit(eng, &metas[i])) < 0) {
			head_meta.message = saved_message;
			error = idx;
			goto done;
		}
		actors[i + 1].meta = &metas[i];
		actors[i + 1].commit = (uint32_t)idx;
	}
	error = specsync_engine_apply(eng, &m_tree, &head_meta.tree, actors, n + 1, true);
	head_meta.message = saved_message;
	if (!error) {
		specsync_trust_range range = { metas, n, NULL, 0 };
		error = specsync_trust_guard(eng, &m, &head, &range);
	}
done:
	for (size_t i = 0; i < n; i++)
		specsync_commit_meta_dispose(&metas[i]);
	free(metas);
	free(actors);
	specsync_commit_meta_dispose(&head_meta);
	return error;
}

/* The requirements the checked units changed (reports such as JUnit list
 * the synchronised ones too). */
typedef struct changed_set {
	const specsync_engine *eng;
	uint32_t *reqs;
	size_t count, alloc;
} changed_set;

static int note_changed(const eng_unit_report *unit, void *payload)
{
	changed_set *set = payload;

	if (!specsync_engine_checking(set->eng))
		return 0;
	for (size_t i = 0; i < unit->req_count; i++) {
		if (SPECSYNC_ARRAY_RESERVE(set->reqs, set->alloc, set->count + 1) < 0)
			return specsync_fail(specsync_engine_error(set->eng), SPECSYNC_ENOMEM,
					     "out of memory");
		set->reqs[set->count++] = unit->reqs[i].req;
	}
	return 0;
}

static int id_ptr_cmp(const void *a, const void *b)
{
	return specsync_id_cmp(*(const char *const *)a, *(const char *const *)b);
}

static int attach_changed(specsync_result *res, const changed_set *set)
{
	eng_view v;
	uint8_t *seen;
	size_t n = 0;

	specsync_engine_view(&v, set->eng);
	seen = specsync_calloc(v.req_count + 1, 1);
	res->changed = specsync_arena_array(&res->arena, set->count + 1, sizeof(char *));
	if (!seen || !res->changed) {
		free(seen);
		return SPECSYNC_ENOMEM;
	}
	for (size_t i = 0; i < set->count; i++) {
		uint32_t r = set->reqs[i];
		if (seen[r])
			continue;
		seen[r] = 1;
		res->changed[n++] = specsync_arena_strdup(&res->arena, v.reqs[r].id);
	}
	free(seen);
	qsort(res->changed, n, sizeof(char *), id_ptr_cmp);
	res->changed_count = n;
	return res->arena.failed ? SPECSYNC_ENOMEM : 0;
}

/* Escalation by age, measured at the head commit's committer time (for
 * --staged, HEAD's: never the clock), renames followed, and in pull
 * requests the reviewers to request. */
static int governance(specsync_result *res, specsync_repo *repo, const char *head,
		      specsync_check_mode mode)
{
	specsync_oid id;
	specsync_commit_meta meta;

	if (strspn(head, "0") != strlen(head) && specsync_oid_parse(&id, head) == 0 &&
	    specsync_git_commit(&meta, repo, &id, NULL) == 0) {
		specsync_escalate_apply(res, meta.commit_time);
		specsync_commit_meta_dispose(&meta);
	}
	if (specsync_renames_apply(res, repo) < 0)
		return SPECSYNC_ENOMEM;
	return mode == SPECSYNC_CHECK_BASE ? specsync_reviewers_apply(res) : 0;
}

/* Runs the check of `opts` with `eng` and builds its result. */
static int run(specsync_result **out, specsync_engine *eng, changed_set *changed,
	       specsync_repo *repo, const specsync_config *cfg, const specsync_check_options *opts,
	       specsync_error *err)
{
	specsync_cache cache;
	char head[41] = "", base[41] = "";
	static const char *const modes[] = { "staged", "range", "base" };
	eng_view v;
	int error;

	specsync_engine_observe(eng, note_changed, changed);
	specsync_cache_init(&cache, repo, cfg, cfg->since, !opts->no_cache);
	cache.tip_only = true; /* a check reports no history */
	switch (opts->mode) {
	case SPECSYNC_CHECK_STAGED:
		error = check_staged(eng, &cache, repo, opts, head, err);
		break;
	case SPECSYNC_CHECK_RANGE:
		error = check_range(eng, &cache, repo, opts, head, base, err);
		break;
	default:
		error = check_base(eng, &cache, repo, opts, head, base, err);
		break;
	}
	specsync_cache_dispose(&cache);
	specsync_engine_view(&v, eng);
	if (error >= 0 &&
	    (error = specsync_result_build(out, eng, head, v.commit_total, opts->now, err)) == 0) {
		(*out)->mode = modes[opts->mode];
		snprintf((*out)->base, sizeof((*out)->base), "%s", base);
		if ((error = attach_changed(*out, changed)) < 0 ||
		    (error = governance(*out, repo, head, opts->mode)) < 0) {
			specsync_result_free(*out);
			*out = NULL;
			error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
		}
	}
	return error;
}

int specsync_check(specsync_result **out, specsync_repo *repo, const specsync_config *cfg,
		   const specsync_check_options *opts, specsync_error *err)
{
	specsync_check_options defaults = SPECSYNC_CHECK_OPTIONS_INIT;
	specsync_engine *eng = NULL;
	changed_set changed = { NULL, NULL, 0, 0 };
	int error;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if ((unsigned)opts->mode > SPECSYNC_CHECK_BASE)
		return specsync_fail(err, SPECSYNC_EUSAGE, "unknown check mode");
	if ((error = specsync_engine_new(&eng, repo, cfg, err)) == 0) {
		changed.eng = eng;
		error = run(out, eng, &changed, repo, cfg, opts, err);
	}
	specsync_engine_free(eng);
	free(changed.reqs);
	return error < 0 ? error : 0;
}
