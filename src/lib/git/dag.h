/*
 * The commits reachable from the walked history, as a graph: each commit's
 * id, committer time (as libgit2 reads it) and parents. The history walk
 * keeps one when it starts at a root (walk.c); git.c adds the commits it
 * reads; specsync_dag_branch_order() then lists the commits a merge brings
 * in, in exactly the order libgit2 1.5.1's time-sorted revision walk gives
 * them, without reading a commit again.
 *
 * No libgit2 here: the order is computed from the graph alone (see dag.c
 * for how the revision walk orders its output, and tests/unit/
 * test_walk_order.c, which compares both on random histories).
 */
#ifndef SPECSYNC_DAG_H
#define SPECSYNC_DAG_H

#include "git.h"

typedef struct specsync_dag specsync_dag;

/* An empty graph; NULL when out of memory. Free with specsync_dag_free. */
specsync_dag *specsync_dag_new(void);
void specsync_dag_free(specsync_dag *dag); /* accepts NULL */

/* The number of commits in the graph (with their data or not yet). */
size_t specsync_dag_count(const specsync_dag *dag);

/*
 * Adds commit `id` without its data yet (*index: its node, stable for the
 * graph's life). 1 when added, 0 when it was there (*index its node),
 * SPECSYNC_ENOMEM.
 */
int specsync_dag_add(uint32_t *index, specsync_dag *dag, const specsync_oid *id);

/* Node `index`'s id (a copy: the graph may move its arrays). */
specsync_oid specsync_dag_id(const specsync_dag *dag, uint32_t index);

/*
 * Gives node `index` its committer time and parents (their nodes, in the
 * commit's order), once. 0, or SPECSYNC_ENOMEM.
 */
int specsync_dag_set(specsync_dag *dag, uint32_t index, int64_t time, const uint32_t *parents,
		     size_t count);

/*
 * Adds commit `id` with its data when it is not in the graph yet; its
 * parents (`parents[0..count)` ids) join as nodes without data when they
 * are not there. 0, or SPECSYNC_ENOMEM.
 */
int specsync_dag_add_commit(specsync_dag *dag, const specsync_oid *id, int64_t time,
			    const specsync_oid *parents, size_t count);

/*
 * The commits reachable from `tip` and not from `hide`, in the order of
 * libgit2 1.5.1's revision walk sorted by time (GIT_SORT_TIME) with `tip`
 * pushed and `hide` hidden, ties and clock skew included. Every commit
 * reachable from either must be in the graph with its data: else
 * SPECSYNC_ENOTFOUND (and nothing is listed). *out is malloc'ed (free()),
 * NULL when empty; SPECSYNC_ENOMEM.
 */
int specsync_dag_branch_order(specsync_oid **out, size_t *count, specsync_dag *dag,
			      const specsync_oid *tip, const specsync_oid *hide);

#endif
