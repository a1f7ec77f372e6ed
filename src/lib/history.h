/*
 * Bringing an engine to the state after a commit, from the persistent
 * cache when it has an earlier state of the same first-parent line.
 */
#ifndef SPECSYNC_HISTORY_H
#define SPECSYNC_HISTORY_H

#include "cache.h"
#include "engine.h"

/*
 * Walks the first-parent history of `tip` from its root (or from the
 * newest cached state on it), applying the baseline `since` (may be NULL),
 * and stores the state after `tip` in the cache. *walked receives the number
 * of first-parent commits up to `tip`.
 */
int specsync_history_walk_to(specsync_engine *eng, specsync_cache *cache,
			     const specsync_oid *tip, const char *since, size_t *walked);

/*
 * The first-parent chain of `tip`, root first, without the cache (explain).
 * *out is malloc'ed (free()). SPECSYNC_ESHALLOW on a shallow clone.
 */
int specsync_history_chain(specsync_commit_head **out, size_t *count, specsync_engine *eng,
			   const specsync_oid *tip);

#endif
