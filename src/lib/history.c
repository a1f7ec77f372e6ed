/*
 * The first-parent walk with the cache. See history.h.
 */
#include "common.h"
#include "history.h"

#include <errno.h>
#include <string.h>

/*
 * Collects tip, parent, grandparent... back to the root or to the first
 * commit with a cached state (*cached set, not included; `cache` may be
 * NULL). Root-first order.
 */
static int collect(specsync_commit_head **out, size_t *count, bool *cached,
		   specsync_oid *cached_id, specsync_engine *eng, specsync_cache *cache,
		   const specsync_oid *tip)
{
	specsync_commit_head *heads = NULL, t;
	specsync_oid cur = *tip;
	size_t n = 0, alloc = 0;
	int error = 0;

	*cached = false;
	for (;;) {
		if (cache && specsync_cache_has(cache, &cur)) {
			*cached = true;
			*cached_id = cur;
			break;
		}
		if (SPECSYNC_ARRAY_RESERVE(heads, alloc, n + 1) < 0) {
			error = specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
			goto done;
		}
		if ((error = specsync_git_commit_head(&heads[n], eng->repo, &cur,
						      eng->cfg->ack_trailer, eng->err)) < 0)
			goto done;
		if (!heads[n++].parent_count)
			break;
		cur = heads[n - 1].parents[0];
	}
	for (size_t i = 0; i < n / 2; i++) {
		t = heads[i];
		heads[i] = heads[n - 1 - i];
		heads[n - 1 - i] = t;
	}
	*out = heads;
	*count = n;
	heads = NULL;
done:
	free(heads);
	return error;
}

int specsync_history_chain(specsync_commit_head **out, size_t *count, specsync_engine *eng,
			   const specsync_oid *tip)
{
	bool cached;
	specsync_oid unused;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = specsync_git_check_complete(eng->repo, eng->err)) < 0)
		return error;
	return collect(out, count, &cached, &unused, eng, NULL, tip);
}

/* Index in chain of the earliest commit containing `target`, or count. */
static int baseline_index(size_t *out, specsync_engine *eng, const specsync_commit_head *chain,
			  size_t count, const specsync_oid *target)
{
	size_t lo = 0, hi = count;
	int error;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((error = specsync_git_contains(eng->repo, &chain[mid].id, target, eng->err)) < 0)
			return error;
		if (error)
			hi = mid;
		else
			lo = mid + 1;
	}
	*out = lo;
	return 0;
}

/* Says that a state file was unusable, and whether it could be removed. */
static void damaged(specsync_engine *eng, specsync_cache *cache, const specsync_oid *commit,
		    const char *why)
{
	char path[4096], hex[41];
	int removed = specsync_cache_forget(cache, commit);
	int e = errno;

	specsync_cache_file_name(path, sizeof(path), cache, commit);
	specsync_oid_fmt(hex, commit);
	specsync_engine_warn(eng, "cache: the state after %.12s (%s) is %s: ignored, history "
				  "walked from the root%s%s%s",
			     hex, path, why, removed < 0 ? "; it cannot be removed (" : "",
			     removed < 0 ? strerror(e) : "", removed < 0 ? ")" : "");
}

int specsync_history_walk_to(specsync_engine *eng, specsync_cache *cache,
			     const specsync_oid *tip, const char *since, size_t *walked)
{
	specsync_commit_head *chain = NULL;
	specsync_oid cached_id, target;
	size_t count = 0, base = 0, baseline;
	bool cached = false;
	const char *why;
	int error, stored;

	if ((error = specsync_git_check_complete(eng->repo, eng->err)) < 0)
		return error;
	if ((error = collect(&chain, &count, &cached, &cached_id, eng, cache, tip)) < 0)
		goto done;
	if (cached && (error = specsync_cache_load(cache, eng, &cached_id, &base, &why)) != 1) {
		/* Unusable as a whole: never continue from it, nor from any other
		 * state this run (the walk back found this one first). */
		specsync_engine_reset(eng);
		base = 0;
		free(chain);
		chain = NULL;
		if (error < 0)
			damaged(eng, cache, &cached_id, why);
		if ((error = collect(&chain, &count, &cached, &cached_id, eng, NULL, tip)) < 0)
			goto done;
	}
	baseline = count;
	if (since && eng->baseline_commit < 0) {
		if ((error = specsync_git_resolve(&target, eng->repo, since, eng->err)) < 0) {
			error = specsync_fail(eng->err, SPECSYNC_ENOTFOUND,
					      "since: revision '%s' not found in this repository",
					      since);
			goto done;
		}
		if ((error = baseline_index(&baseline, eng, chain, count, &target)) < 0)
			goto done;
		if (baseline == count) {
			error = specsync_fail(eng->err, SPECSYNC_EUSAGE,
					      "since: revision '%s' is not in the history being "
					      "examined",
					      since);
			goto done;
		}
	}
	if ((error = specsync_engine_walk(eng, chain, count, baseline)) < 0)
		goto done;
	*walked = base + count;
	/* a state loaded for `tip` itself is already stored */
	if (count && (stored = specsync_cache_store(cache, eng, tip, *walked)) != 0)
		specsync_engine_warn(eng, "cache: cannot write %s (%s): nothing is cached, "
					  "the next run walks the history again",
				     cache->dir, strerror(stored));
done:
	free(chain);
	return error;
}
