/*
 * The commits reachable from a tip that the graph of reachable commits
 * does not hold yet, read and added to it. See git.h and dag.h.
 */
#include "common.h"
#include "dag.h"
#include "git_internal.h"

/* ---- reachability ------------------------------------------------------- */

typedef struct reach {
	uint32_t *queue; /* nodes of the graph, to read */
	size_t head, tail, alloc;
	uint32_t *parents; /* of the commit being read */
	size_t nparents, parents_alloc;
	specsync_dag *dag;
	specsync_error *err;
} reach;

/* Node `id` joins the graph; a new one is queued to be read. */
static int enqueue(uint32_t *index, reach *r, const specsync_oid *id)
{
	int added = specsync_dag_add(index, r->dag, id);

	if (added < 0 || (added && SPECSYNC_ARRAY_RESERVE(r->queue, r->alloc, r->tail + 1) < 0))
		return specsync_fail(r->err, SPECSYNC_ENOMEM, "out of memory");
	if (added)
		r->queue[r->tail++] = *index;
	return 0;
}

static int enqueue_parent(const specsync_oid *id, void *payload)
{
	reach *r = payload;
	uint32_t index;
	int error;

	if ((error = enqueue(&index, r, id)) < 0)
		return error;
	if (SPECSYNC_ARRAY_RESERVE(r->parents, r->parents_alloc, r->nparents + 1) < 0)
		return specsync_fail(r->err, SPECSYNC_ENOMEM, "out of memory");
	r->parents[r->nparents++] = index;
	return 0;
}

/* Reads the next queued commit into *h (and *meta, when not NULL) and
 * gives its node its data. */
static int read_next(specsync_commit_head *h, specsync_commit_meta *meta, reach *r,
		     specsync_repo *repo, const char *key)
{
	uint32_t index = r->queue[r->head++];
	specsync_oid id = specsync_dag_id(r->dag, index);
	int error;

	r->nparents = 0;
	if ((error = specsync_git_head_read(h, meta, repo, &id, key, enqueue_parent, r, r->err)) <
	    0)
		return error;
	if (specsync_dag_set(r->dag, index, h->commit_time, r->parents, r->nparents) < 0) {
		if (meta)
			specsync_commit_meta_dispose(meta);
		return specsync_fail(r->err, SPECSYNC_ENOMEM, "out of memory");
	}
	return 0;
}

static void metas_free(specsync_commit_meta *metas, size_t n)
{
	for (size_t i = 0; metas && i < n; i++)
		specsync_commit_meta_dispose(&metas[i]);
	free(metas);
}

int specsync_git_reach_new(specsync_commit_head **out, specsync_commit_meta **metas, size_t *count,
			   specsync_repo *repo, const specsync_oid *tip, specsync_dag *dag,
			   const char *key, specsync_error *err)
{
	reach r = {NULL, 0, 0, 0, NULL, 0, 0, dag, err};
	specsync_commit_head *heads = NULL, h;
	specsync_commit_meta *m = NULL;
	size_t n = 0, alloc = 0, meta_alloc = 0;
	uint32_t index;
	int error;

	if (out)
		*out = NULL;
	if (metas)
		*metas = NULL;
	*count = 0;
	if ((error = enqueue(&index, &r, tip)) < 0)
		goto done;
	while (r.head < r.tail) {
		if ((out && SPECSYNC_ARRAY_RESERVE(heads, alloc, n + 1) < 0) ||
		    (metas && SPECSYNC_ARRAY_RESERVE(m, meta_alloc, n + 1) < 0)) {
			error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
			goto done;
		}
		if ((error = read_next(&h, metas ? &m[n] : NULL, &r, repo, key)) < 0)
			goto done;
		if (out)
			heads[n] = h;
		n++;
	}
	if (out) {
		*out = heads;
		heads = NULL;
	}
	if (metas) {
		*metas = m;
		m = NULL;
	}
	*count = n;
done:
	free(heads);
	metas_free(m, n);
	free(r.queue);
	free(r.parents);
	return error;
}

typedef struct id_list {
	specsync_oid *ids;
	size_t count, alloc;
} id_list;

static int list_parent(const specsync_oid *id, void *payload)
{
	id_list *l = payload;

	if (SPECSYNC_ARRAY_RESERVE(l->ids, l->alloc, l->count + 1) < 0)
		return SPECSYNC_ENOMEM;
	l->ids[l->count++] = *id;
	return 0;
}

int specsync_git_reach_parents(specsync_repo *repo, const specsync_oid *id, specsync_dag *dag,
			       specsync_error *err)
{
	specsync_commit_head h;
	id_list l = {NULL, 0, 0};
	size_t n;
	int error;

	if ((error = specsync_git_head_read(&h, NULL, repo, id, NULL, list_parent, &l, err)) ==
	    SPECSYNC_ENOMEM)
		error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	for (size_t i = 0; i < l.count && error >= 0; i++)
		error = specsync_git_reach_new(NULL, NULL, &n, repo, &l.ids[i], dag, NULL, err);
	if (error >= 0 && specsync_dag_add_commit(dag, id, h.commit_time, l.ids, l.count) < 0)
		error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	free(l.ids);
	return error;
}
