/*
 * The graph of reachable commits, and libgit2 1.5.1's time-sorted revision
 * walk reproduced on it. See dag.h.
 *
 * How that walk (revwalk.c, commit_list.c and pqueue.c of libgit2 1.5.1)
 * orders "tip, hidden hide, sorted by time", step by step:
 *
 * 1. Preparing: the hidden commit is read first, then the tip; each marks
 *    the parents it knows uninteresting when it is uninteresting, and the
 *    starting list is [tip, hide] (or [tip] when both are one commit).
 * 2. Limiting: commits are popped from the front of that list. A popped
 *    commit's parents are read ("parsed") and inserted by date: after every
 *    entry at least as recent, so the list, once the tip is out, is ordered
 *    by committer time, newest first, ties first come first served. An
 *    interesting parent is inserted once (when first seen); the parents of
 *    an uninteresting commit are marked uninteresting, their own known
 *    ancestors too, and inserted again each time. An uninteresting popped
 *    commit marks its known ancestors; then the walk stops once every
 *    entry left is uninteresting and older than the last interesting
 *    commit, five times in a row ("slop"). Each interesting popped commit
 *    is appended to the output list, in popping order, even if it becomes
 *    uninteresting later (a tie, or clock skew).
 * 3. Sorting: the output list goes, in order, into a binary heap ordered by
 *    committer time alone (not stable: ties come out in the heap's order),
 *    and the walk yields what the heap pops that is still interesting.
 *
 * Marking ancestors stops at commits already uninteresting and does not go
 * beyond commits not read yet; the set it marks does not depend on the
 * order it visits them in, so a plain stack does it here. Everything else
 * is reproduced step for step: the list is a heap keyed by (time, order of
 * insertion), which pops exactly what the front of the sorted list holds,
 * and the final heap is libgit2's, sift for sift.
 */
#include "common.h"
#include "dag.h"

#define NO_DATA UINT32_MAX
#define SLOP 5

enum { PARSED = 1, SEEN = 2, ADDED = 4, UNINTERESTING = 8 };

typedef struct node {
	int64_t time;      /* committer time */
	uint32_t first;    /* parents: edges[first .. first + nparents) */
	uint32_t nparents; /* NO_DATA: not known yet */
	uint32_t stamp;    /* the ordering `flags` belong to */
	uint8_t flags;
} node;

/* An entry of the limiting list: popped newest first, ties by `seq`. */
typedef struct entry {
	int64_t time;
	uint64_t seq;
	uint32_t node;
} entry;

struct specsync_dag {
	specsync_oid *ids;
	node *nodes;
	size_t count, ids_alloc, nodes_alloc;
	uint32_t *edges;
	size_t nedges, edges_alloc;
	uint32_t *slots; /* open addressing: node + 1, 0 empty */
	size_t cap;      /* a power of two */
	uint32_t stamp;
	/* one ordering's scratch, kept for the next */
	entry *list;
	size_t list_n, list_alloc;
	uint64_t seq;
	uint32_t *stack, *out, *heap;
	size_t stack_n, stack_alloc, out_n, out_alloc, heap_n, heap_alloc;
};

specsync_dag *specsync_dag_new(void)
{
	return specsync_calloc(1, sizeof(specsync_dag));
}

void specsync_dag_free(specsync_dag *dag)
{
	if (!dag)
		return;
	free(dag->ids);
	free(dag->nodes);
	free(dag->edges);
	free(dag->slots);
	free(dag->list);
	free(dag->stack);
	free(dag->out);
	free(dag->heap);
	free(dag);
}

size_t specsync_dag_count(const specsync_dag *dag)
{
	return dag ? dag->count : 0;
}

specsync_oid specsync_dag_id(const specsync_dag *dag, uint32_t index)
{
	return dag->ids[index];
}

/* ---- the map from ids to nodes ------------------------------------------------ */

static size_t slot_of(const specsync_dag *dag, const specsync_oid *id)
{
	size_t mask = dag->cap - 1, i;
	uint64_t h;

	memcpy(&h, id->id, sizeof(h));
	for (i = (size_t)h & mask; dag->slots[i]; i = (i + 1) & mask)
		if (!memcmp(dag->ids[dag->slots[i] - 1].id, id->id, sizeof(id->id)))
			break;
	return i;
}

static int grow_slots(specsync_dag *dag)
{
	size_t cap = dag->cap ? dag->cap * 2 : 1024, old = dag->cap;
	uint32_t *slots = specsync_calloc(cap, sizeof(*slots)), *prev = dag->slots;

	if (!slots)
		return SPECSYNC_ENOMEM;
	dag->slots = slots;
	dag->cap = cap;
	for (size_t i = 0; i < old; i++)
		if (prev[i])
			dag->slots[slot_of(dag, &dag->ids[prev[i] - 1])] = prev[i];
	free(prev);
	return 0;
}

/* Node of `id`, or -1. */
static int64_t find(const specsync_dag *dag, const specsync_oid *id)
{
	size_t i;

	if (!dag->cap)
		return -1;
	i = slot_of(dag, id);
	return dag->slots[i] ? (int64_t)dag->slots[i] - 1 : -1;
}

int specsync_dag_add(uint32_t *index, specsync_dag *dag, const specsync_oid *id)
{
	size_t i;

	if ((dag->count + 1) * 2 > dag->cap && grow_slots(dag) < 0)
		return SPECSYNC_ENOMEM;
	i = slot_of(dag, id);
	if (dag->slots[i]) {
		*index = dag->slots[i] - 1;
		return 0;
	}
	if (dag->count >= NO_DATA - 1 ||
	    SPECSYNC_ARRAY_RESERVE(dag->ids, dag->ids_alloc, dag->count + 1) < 0 ||
	    SPECSYNC_ARRAY_RESERVE(dag->nodes, dag->nodes_alloc, dag->count + 1) < 0)
		return SPECSYNC_ENOMEM;
	dag->ids[dag->count] = *id;
	memset(&dag->nodes[dag->count], 0, sizeof(node));
	dag->nodes[dag->count].nparents = NO_DATA;
	*index = (uint32_t)dag->count++;
	dag->slots[i] = *index + 1;
	return 1;
}

int specsync_dag_set(specsync_dag *dag, uint32_t index, int64_t time, const uint32_t *parents,
		     size_t count)
{
	node *n = &dag->nodes[index];

	if (count >= NO_DATA || dag->nedges + count >= NO_DATA ||
	    SPECSYNC_ARRAY_RESERVE(dag->edges, dag->edges_alloc, dag->nedges + count) < 0)
		return SPECSYNC_ENOMEM;
	if (count)
		memcpy(dag->edges + dag->nedges, parents, count * sizeof(*parents));
	n->time = time;
	n->first = (uint32_t)dag->nedges;
	n->nparents = (uint32_t)count;
	dag->nedges += count;
	return 0;
}

int specsync_dag_add_commit(specsync_dag *dag, const specsync_oid *id, int64_t time,
			    const specsync_oid *parents, size_t count)
{
	uint32_t self, small[4], *idx = count <= 4 ? small : specsync_calloc(count, sizeof(*idx));
	int error = 0;

	if (!idx)
		return SPECSYNC_ENOMEM;
	if ((error = specsync_dag_add(&self, dag, id)) < 0 || dag->nodes[self].nparents != NO_DATA)
		goto done;
	for (size_t i = 0; i < count && error >= 0; i++)
		error = specsync_dag_add(&idx[i], dag, &parents[i]);
	if (error >= 0)
		error = specsync_dag_set(dag, self, time, idx, count);
done:
	if (idx != small)
		free(idx);
	return error < 0 ? error : 0;
}

/* ---- one ordering: the state of libgit2's walk, per node --------------------- */

static uint8_t *flags_of(specsync_dag *dag, uint32_t i)
{
	node *n = &dag->nodes[i];

	if (n->stamp != dag->stamp) {
		n->stamp = dag->stamp;
		n->flags = 0;
	}
	return &n->flags;
}

static bool has(specsync_dag *dag, uint32_t i, uint8_t flag)
{
	return (*flags_of(dag, i) & flag) != 0;
}

/* Reading a commit: its parents become known. */
static int parse(specsync_dag *dag, uint32_t i)
{
	uint8_t *f = flags_of(dag, i);

	if (*f & PARSED)
		return 0;
	if (dag->nodes[i].nparents == NO_DATA)
		return SPECSYNC_ENOTFOUND;
	*f |= PARSED;
	return 0;
}

static int push_parents(specsync_dag *dag, uint32_t i)
{
	const node *n = &dag->nodes[i];

	if (SPECSYNC_ARRAY_RESERVE(dag->stack, dag->stack_alloc, dag->stack_n + n->nparents) < 0)
		return SPECSYNC_ENOMEM;
	for (uint32_t k = 0; k < n->nparents; k++)
		dag->stack[dag->stack_n++] = dag->edges[n->first + k];
	return 0;
}

/* Marks the known ancestors of `i` uninteresting, stopping at those
 * already marked (libgit2's mark_parents_uninteresting). */
static int mark_parents(specsync_dag *dag, uint32_t i)
{
	int error;

	dag->stack_n = 0;
	if (!has(dag, i, PARSED))
		return 0;
	if ((error = push_parents(dag, i)) < 0)
		return error;
	while (dag->stack_n) {
		uint32_t p = dag->stack[--dag->stack_n];
		uint8_t *f = flags_of(dag, p);
		if (*f & UNINTERESTING)
			continue;
		*f |= UNINTERESTING;
		if ((*f & PARSED) && (error = push_parents(dag, p)) < 0)
			return error;
	}
	return 0;
}

/* ---- the limiting list ------------------------------------------------------- */

static bool before(const entry *a, const entry *b)
{
	return a->time > b->time || (a->time == b->time && a->seq < b->seq);
}

/* Inserts node `i` by date: after every entry at least as recent. */
static int list_insert(specsync_dag *dag, uint32_t i)
{
	entry e = {dag->nodes[i].time, dag->seq++, i};
	size_t at;

	if (SPECSYNC_ARRAY_RESERVE(dag->list, dag->list_alloc, dag->list_n + 1) < 0)
		return SPECSYNC_ENOMEM;
	for (at = dag->list_n++; at > 0 && before(&e, &dag->list[(at - 1) / 2]); at = (at - 1) / 2)
		dag->list[at] = dag->list[(at - 1) / 2];
	dag->list[at] = e;
	return 0;
}

static uint32_t list_pop(specsync_dag *dag)
{
	uint32_t top = dag->list[0].node;
	entry last = dag->list[--dag->list_n];
	size_t at = 0, kid;

	while ((kid = 2 * at + 1) < dag->list_n) {
		if (kid + 1 < dag->list_n && before(&dag->list[kid + 1], &dag->list[kid]))
			kid++;
		if (!before(&dag->list[kid], &last))
			break;
		dag->list[at] = dag->list[kid];
		at = kid;
	}
	if (dag->list_n)
		dag->list[at] = last;
	return top;
}

/* libgit2's add_parents_to_list. */
static int add_parents(specsync_dag *dag, uint32_t c)
{
	uint8_t *f = flags_of(dag, c);
	const node *n = &dag->nodes[c];
	bool uninteresting = (*f & UNINTERESTING) != 0;
	int error = 0;

	if (*f & ADDED)
		return 0;
	*f |= ADDED;
	for (uint32_t k = 0; k < n->nparents && error >= 0; k++) {
		uint32_t p = dag->edges[n->first + k];
		if (uninteresting)
			*flags_of(dag, p) |= UNINTERESTING;
		if ((error = parse(dag, p)) < 0)
			break;
		if (uninteresting && (error = mark_parents(dag, p)) < 0)
			break;
		if (!uninteresting && has(dag, p, SEEN))
			continue;
		*flags_of(dag, p) |= SEEN;
		error = list_insert(dag, p);
	}
	return error;
}

/* libgit2's still_interesting: the slop left (0: stop). */
static int still_interesting(specsync_dag *dag, int64_t time, int slop)
{
	if (!dag->list_n)
		return 0;
	if (time <= dag->list[0].time)
		return SLOP;
	for (size_t k = 0; k < dag->list_n; k++)
		if (!has(dag, dag->list[k].node, UNINTERESTING) || dag->list[k].time > time)
			return SLOP;
	return slop - 1;
}

/* Steps 1 and 2: the interesting commits in popping order, into dag->out. */
static int limit(specsync_dag *dag, uint32_t tip, uint32_t hide)
{
	int64_t time = INT64_MAX;
	int slop = SLOP, error;
	uint32_t c = tip;

	*flags_of(dag, hide) |= UNINTERESTING;
	if ((error = parse(dag, hide)) < 0 || (error = mark_parents(dag, hide)) < 0 ||
	    (error = parse(dag, tip)) < 0)
		return error;
	if (has(dag, tip, UNINTERESTING) && (error = mark_parents(dag, tip)) < 0)
		return error;
	*flags_of(dag, hide) |= SEEN;
	*flags_of(dag, tip) |= SEEN;
	if (hide != tip && (error = list_insert(dag, hide)) < 0)
		return error;
	for (;;) {
		if ((error = add_parents(dag, c)) < 0)
			return error;
		if (has(dag, c, UNINTERESTING)) {
			if ((error = mark_parents(dag, c)) < 0)
				return error;
			if (!(slop = still_interesting(dag, time, slop)))
				break;
		} else {
			time = dag->nodes[c].time;
			if (SPECSYNC_ARRAY_RESERVE(dag->out, dag->out_alloc, dag->out_n + 1) < 0)
				return SPECSYNC_ENOMEM;
			dag->out[dag->out_n++] = c;
		}
		if (!dag->list_n)
			break;
		c = list_pop(dag);
	}
	return 0;
}

/* ---- step 3: libgit2's binary heap (pqueue.c) ------------------------------- */

/* git_commit_list_time_cmp: newer first. */
static int time_cmp(const specsync_dag *dag, uint32_t a, uint32_t b)
{
	int64_t ta = dag->nodes[a].time, tb = dag->nodes[b].time;

	return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static void heap_insert(specsync_dag *dag, uint32_t item)
{
	size_t el = dag->heap_n++;

	while (el > 0) {
		size_t parent = (el - 1) >> 1;
		if (time_cmp(dag, dag->heap[parent], item) <= 0)
			break;
		dag->heap[el] = dag->heap[parent];
		el = parent;
	}
	dag->heap[el] = item;
}

static uint32_t heap_pop(specsync_dag *dag)
{
	uint32_t top = dag->heap[0], moved;
	size_t el = 0, kid;

	if (--dag->heap_n == 0)
		return top;
	moved = dag->heap[dag->heap_n];
	while ((kid = 2 * el + 1) < dag->heap_n) {
		if (kid + 1 < dag->heap_n && time_cmp(dag, dag->heap[kid], dag->heap[kid + 1]) > 0)
			kid++;
		if (time_cmp(dag, moved, dag->heap[kid]) <= 0)
			break;
		dag->heap[el] = dag->heap[kid];
		el = kid;
	}
	dag->heap[el] = moved;
	return top;
}

static int sort_out(specsync_oid **out, size_t *count, specsync_dag *dag)
{
	specsync_oid *ids = NULL;
	size_t n = 0;

	if (SPECSYNC_ARRAY_RESERVE(dag->heap, dag->heap_alloc, dag->out_n) < 0 ||
	    (dag->out_n && !(ids = specsync_calloc(dag->out_n, sizeof(*ids)))))
		return SPECSYNC_ENOMEM;
	dag->heap_n = 0;
	for (size_t k = 0; k < dag->out_n; k++)
		heap_insert(dag, dag->out[k]);
	while (dag->heap_n) {
		uint32_t c = heap_pop(dag);
		if (!has(dag, c, UNINTERESTING))
			ids[n++] = dag->ids[c];
	}
	if (!n) {
		free(ids);
		ids = NULL;
	}
	*out = ids;
	*count = n;
	return 0;
}

int specsync_dag_branch_order(specsync_oid **out, size_t *count, specsync_dag *dag,
			      const specsync_oid *tip, const specsync_oid *hide)
{
	int64_t t = find(dag, tip), h = find(dag, hide);
	int error;

	*out = NULL;
	*count = 0;
	if (t < 0 || h < 0)
		return SPECSYNC_ENOTFOUND;
	if (++dag->stamp == 0) {
		for (size_t i = 0; i < dag->count; i++)
			dag->nodes[i].stamp = 0;
		dag->stamp = 1;
	}
	dag->list_n = dag->out_n = 0;
	dag->seq = 0;
	if ((error = limit(dag, (uint32_t)t, (uint32_t)h)) < 0)
		return error;
	return sort_out(out, count, dag);
}
