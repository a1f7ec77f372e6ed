/*
 * The history walk, the only place that walks revisions: the first-parent
 * chain of a revision (from its root, or from the newest state the cache
 * holds on it), one unit of change per first-parent commit, the commits
 * each merge brings in, the comparison of trees ahead of the walk (blobs
 * split on a second core, see prefetch.h), and the units of a range for
 * the checks. Each unit goes to the engine (engine.h), which applies the
 * rules (rules.h).
 */
#ifndef SPECSYNC_WALK_H
#define SPECSYNC_WALK_H

#include "cache.h"
#include "engine.h"

/*
 * Walks the first-parent history of `tip` from its root (or from the
 * newest cached state on it), applying the baseline `since` (may be NULL),
 * and stores the state after `tip` in the cache. *walked receives the number
 * of first-parent commits up to `tip`.
 */
int specsync_history_walk_to(specsync_engine *eng, specsync_cache *cache, const specsync_oid *tip,
			     const char *since, size_t *walked);

/*
 * The first-parent chain of `tip`, root first, without the cache (explain).
 * *out is malloc'ed (free()). SPECSYNC_ESHALLOW on a shallow clone.
 */
int specsync_history_chain(specsync_commit_head **out, size_t *count, specsync_engine *eng,
			   const specsync_oid *tip);

/*
 * The first-parent chain of `tip`, root first, read straight from the
 * object database (`key`: the acknowledgement trailer, may be NULL).
 * *out is malloc'ed (free()). SPECSYNC_ESHALLOW on a shallow clone.
 */
int specsync_walk_first_parents(specsync_commit_head **out, size_t *count, specsync_repo *repo,
				const specsync_oid *tip, const char *key, specsync_error *err);

/* Every commit reachable from `tip` (merges and their branches too), in no
 * particular order. *out is malloc'ed (free()). */
int specsync_walk_reachable(specsync_commit_head **out, size_t *count, specsync_repo *repo,
			    const specsync_oid *tip, specsync_error *err);

/*
 * The units of OLD..NEW: NEW's first-parent commits back to the first one
 * that `old` contains (the fork point: *fork, *has_fork false when none),
 * oldest first. `old` NULL: back to the first commit. *out is malloc'ed
 * (free()); `key` is the acknowledgement trailer.
 */
int specsync_walk_range(specsync_commit_head **out, size_t *count, specsync_oid *fork,
			bool *has_fork, specsync_repo *repo, const specsync_oid *new_id,
			const specsync_oid *old, const char *key, specsync_error *err);

/*
 * The index of the first commit of a first-parent chain, root first, that
 * contains `target` (is it or descends from it); `count` when none. The
 * chain's ids are `ids`, `stride` bytes apart (the size of
 * the elements that hold them, e.g. sizeof(specsync_commit_head) with
 * `&chain[0].id`). A chain commit contains everything its first parent
 * contains, so this is a binary search: log2(count) containment tests
 * where testing each commit in turn is quadratic on a long history.
 */
int specsync_walk_first_containing(size_t *out, specsync_repo *repo, const specsync_oid *ids,
				   size_t stride, size_t count, const specsync_oid *target,
				   specsync_error *err);

/*
 * Walks the first-parent chain `chain[0..count)` (root first), continuing
 * from the last walked tree when there is one. When `baseline_at` < count,
 * the baseline applies after that unit and nothing is recorded before it.
 * `mentions` in each head must be computed with the configuration's
 * ack_trailer.
 */
int specsync_walk_chain(specsync_engine *eng, const specsync_commit_head *chain, size_t count,
			size_t baseline_at);

/* Reads the commits reachable from `tip` and not from `hide` (NULL: none),
 * newest first in the order of libgit2's time-sorted revision walk
 * (computed from the graph of reachable commits when the walk keeps one,
 * see dag.h). Dispose each and free(*metas). */
int specsync_walk_commits(specsync_engine *eng, const specsync_oid *tip, const specsync_oid *hide,
			  specsync_commit_meta **metas, size_t *count);

/* The same commits in the same order, only their heads (specsync_git_commit_head,
 * no acknowledgement key): *heads malloc'ed, free(). */
int specsync_walk_commit_heads(specsync_engine *eng, const specsync_oid *tip,
			       const specsync_oid *hide, specsync_commit_head **heads,
			       size_t *count);

#endif
