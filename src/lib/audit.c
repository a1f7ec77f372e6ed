/*
 * `specsync audit`: the first-parent walk from the root to a revision.
 */
#include "common.h"
#include "engine.h"
#include "result.h"

/*
 * The baseline is the earliest first-parent commit that contains `since`;
 * containment only grows along the chain, so a binary search finds it.
 */
static int find_baseline(size_t *out, specsync_repo *repo, const specsync_oid *chain,
			 size_t count, const char *since, const char *rev, specsync_error *err)
{
	specsync_oid target;
	size_t lo = 0, hi = count;
	int error;

	if ((error = specsync_git_resolve(&target, repo, since, err)) < 0)
		return specsync_fail(err, SPECSYNC_ENOTFOUND,
				     "since: revision '%s' not found in this repository", since);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((error = specsync_git_contains(repo, &chain[mid], &target, err)) < 0)
			return error;
		if (error)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == count)
		return specsync_fail(err, SPECSYNC_EUSAGE,
				     "since: revision '%s' is not in the history of %s", since, rev);
	*out = lo;
	return 0;
}

int specsync_audit(specsync_result **out, specsync_repo *repo, const specsync_config *cfg,
		   const specsync_audit_options *opts, specsync_error *err)
{
	specsync_audit_options defaults = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_engine eng;
	specsync_oid tip, *chain = NULL;
	size_t count = 0, baseline;
	const char *rev, *since;
	char hex[41];
	int error;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	rev = opts->rev ? opts->rev : "HEAD";
	since = opts->since ? opts->since : cfg->since;
	specsync_engine_init(&eng, repo, cfg, err);
	if ((error = specsync_git_resolve(&tip, repo, rev, err)) < 0)
		goto done;
	if ((error = specsync_git_first_parents(&chain, &count, repo, &tip, err)) < 0)
		goto done;
	baseline = count;
	if (since && (error = find_baseline(&baseline, repo, chain, count, since, rev, err)) < 0)
		goto done;
	if ((error = specsync_engine_walk(&eng, chain, count, baseline)) < 0)
		goto done;
	specsync_oid_fmt(hex, &tip);
	error = specsync_result_build(out, &eng, hex, count, opts->now, err);
done:
	free(chain);
	specsync_engine_dispose(&eng);
	return error;
}
