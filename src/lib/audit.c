/*
 * `specsync audit`: the first-parent walk from the root to a revision.
 */
#include "common.h"
#include "engine.h"
#include "walk.h"
#include "result.h"
#include "escalate.h"
#include "rename.h"
#include "edited.h"

/* Waits for the state's store (begun by the walk) and says in `res`'s
 * warnings when it failed, as the walk would have. */
static void store_waited(specsync_result *res, specsync_cache *cache)
{
	char msg[4400];
	int error = specsync_cache_store_wait(cache);

	if (!error || !res)
		return;
	specsync_cache_store_warning(msg, sizeof(msg), cache, error);
	specsync_result_warn(res, msg);
}

int specsync_audit(specsync_result **out, specsync_repo *repo, const specsync_config *cfg,
		   const specsync_audit_options *opts, specsync_error *err)
{
	specsync_audit_options defaults = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_engine *eng = NULL;
	eng_view view;
	specsync_cache cache;
	specsync_oid tip;
	specsync_commit_meta meta;
	int64_t tip_time, tip_commit_time;
	size_t walked = 0;
	const char *rev, *since;
	char hex[41];
	int error;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	rev = opts->rev ? opts->rev : "HEAD";
	since = opts->since ? opts->since : cfg->since;
	specsync_cache_init(&cache, repo, cfg, since, !opts->no_cache);
	/* the state is written while the result is built (waited for below) */
	cache.defer_store = true;
	if ((error = specsync_engine_new(&eng, repo, cfg, err)) < 0)
		goto done;
	if (opts->version >= 2) {
		specsync_engine_walk_state(eng)->progress = opts->progress;
		specsync_engine_walk_state(eng)->progress_payload = opts->progress_payload;
	}
	if ((error = specsync_git_resolve(&tip, repo, rev, err)) < 0 ||
	    (error = specsync_history_walk_to(eng, &cache, &tip, since, &walked)) < 0)
		goto done;
	specsync_oid_fmt(hex, &tip);
	if ((error = specsync_git_commit(&meta, repo, &tip, err)) < 0)
		goto done;
	tip_time = meta.time;
	tip_commit_time = meta.commit_time;
	specsync_commit_meta_dispose(&meta);
	if ((error = specsync_result_build(out, eng, hex, walked, opts->now, err)) < 0)
		goto done;
	if (!(*out)->last_time || tip_time > (*out)->last_time)
		(*out)->last_time = tip_time;
	specsync_escalate_apply(*out, tip_commit_time);
	specsync_engine_view(&view, eng);
	if (specsync_renames_apply(*out, repo) < 0 ||
	    specsync_edited_apply(*out, repo, &view, &cache) < 0) {
		specsync_result_free(*out);
		*out = NULL;
		error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	store_waited(*out, &cache);
done:
	specsync_cache_dispose(&cache);
	specsync_engine_free(eng);
	return error;
}
