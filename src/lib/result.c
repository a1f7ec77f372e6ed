/*
 * Turning the engine's episodes and events into findings.
 */
#include "common.h"
#include "result.h"
#include "rules.h"
#include "skipped.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

/* res->mode of an audit (the checks' are check.c's) */
static const char audit_mode[] = "audit";

/* ---- locations ---------------------------------------------------------- */

typedef struct loc_list {
	specsync_location *items;
	size_t count, alloc;
	const char *hint;  /* hint_path() of this (requirement, side), once known */
	bool hint_known;
	/* `items` in the result's arena, shared by the findings that list
	 * them whole (made by make_plan, before the findings) */
	const specsync_location *shared;
} loc_list;

static int loc_cmp(const void *pa, const void *pb)
{
	const specsync_location *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* lists[req * sides + side], paths pointing at the arena. */
static int collect_locations(loc_list **out, specsync_result *res, const eng_view *eng)
{
	size_t sides = eng->cfg->side_count;
	loc_list *lists = specsync_calloc(eng->req_count * sides + 1, sizeof(*lists));

	*out = lists;
	if (!lists)
		return SPECSYNC_ENOMEM;
	for (size_t i = 0; i < eng->files->cap; i++) {
		const eng_file *f = eng->files->slots[i].value;
		const char *path;
		if (!eng->files->slots[i].key || !f->parse->count)
			continue;
		if (!(path = specsync_arena_strdup(&res->arena, eng->files->slots[i].key)))
			return SPECSYNC_ENOMEM;
		for (size_t e = 0; e < f->parse->count; e++) {
			loc_list *l = &lists[f->parse->entries[e].req * sides + (size_t)f->side];
			if (SPECSYNC_ARRAY_RESERVE(l->items, l->alloc, l->count + 1) < 0)
				return SPECSYNC_ENOMEM;
			l->items[l->count].path = path;
			l->items[l->count++].line = f->parse->entries[e].line;
		}
	}
	for (size_t i = 0; i < eng->req_count * sides; i++)
		if (lists[i].count > 1)
			qsort(lists[i].items, lists[i].count, sizeof(specsync_location), loc_cmp);
	return 0;
}

static void free_locations(loc_list *lists, size_t n)
{
	for (size_t i = 0; lists && i < n; i++)
		free(lists[i].items);
	free(lists);
}

#define NEIGHBOURS 4

typedef struct neighbour {
	size_t dist;      /* lines apart in a shared file */
	const char *path; /* where the neighbour is on the lagging side */
} neighbour;

/* Lines between the nearest places of two sorted location lists in one
 * file, SIZE_MAX when they share no file. collect_locations copies each
 * file's path once and its items share that copy: the same file is the
 * same pointer (this runs for every pair of requirements of a hint). */
static size_t distance(const loc_list *a, const loc_list *b)
{
	size_t best = SIZE_MAX;

	for (size_t i = 0; i < a->count; i++)
		for (size_t j = 0; j < b->count; j++) {
			size_t d;
			if (a->items[i].path != b->items[j].path)
				continue;
			d = a->items[i].line > b->items[j].line ? a->items[i].line - b->items[j].line
								: b->items[j].line - a->items[i].line;
			if (d < best)
				best = d;
		}
	return best;
}

static size_t keep_nearest(neighbour *v, size_t n, size_t dist, const char *path)
{
	size_t at = n < NEIGHBOURS ? n : NEIGHBOURS;

	while (at > 0 && v[at - 1].dist > dist)
		at--;
	if (at == NEIGHBOURS)
		return n;
	if (n == NEIGHBOURS)
		n--;
	memmove(v + at + 1, v + at, (n - at) * sizeof(*v));
	v[at] = (neighbour){dist, path};
	return n + 1;
}

/* Sets near[r] for each requirement r with a place in one of the files of
 * `mine` (the requirement's places on one side): the only ones whose
 * distance() to it is not SIZE_MAX. The files' splits name them. */
static void mark_sharing(uint8_t *near, const loc_list *mine, const eng_view *eng)
{
	for (size_t i = 0; i < mine->count; i++) {
		const eng_file *f;
		if (i && mine->items[i].path == mine->items[i - 1].path)
			continue;
		if (!(f = specsync_strmap_get(eng->files, mine->items[i].path)))
			continue;
		for (size_t e = 0; e < f->parse->count; e++)
			near[f->parse->entries[e].req] = 1;
	}
}

/* The requirements nearest to `req` in its files on the other sides that
 * are present on `side`, nearest first (ties: the lower index). `near`:
 * req_count bytes of scratch (NULL: every requirement is looked at). */
static size_t nearest(neighbour v[NEIGHBOURS], const loc_list *lists,
		      const eng_view *eng, uint32_t req, size_t side, uint8_t *near)
{
	size_t sides = eng->cfg->side_count, n = 0;

	for (size_t s = 0; s < sides; s++) {
		const loc_list *mine = &lists[req * sides + s];
		if (s == side || !mine->count)
			continue;
		if (near) {
			memset(near, 0, eng->req_count);
			mark_sharing(near, mine, eng);
		}
		for (size_t r = 0; r < eng->req_count; r++) {
			const loc_list *there = &lists[r * sides + side];
			size_t d;
			if ((near && !near[r]) || r == req || !there->count ||
			    (d = distance(mine, &lists[r * sides + s])) == SIZE_MAX)
				continue;
			n = keep_nearest(v, n, d, there->items[0].path);
		}
	}
	return n;
}

/* The path most of the neighbours share (ties: the nearest one's). */
static const char *vote(const neighbour *v, size_t n)
{
	const char *best = NULL;
	size_t best_votes = 0;

	for (size_t i = 0; i < n; i++) {
		size_t votes = 0;
		for (size_t j = 0; j < n; j++)
			votes += !strcmp(v[i].path, v[j].path);
		if (votes > best_votes) {
			best = v[i].path;
			best_votes = votes;
		}
	}
	return best;
}

/* The requirement next to `req` in natural ID order (the one before it,
 * else the one after) that is present on `side`: its file there. */
static const char *id_neighbour(const loc_list *lists, const eng_view *eng, uint32_t req,
				size_t side)
{
	size_t sides = eng->cfg->side_count;
	const char *id = eng->reqs[req].id, *below = NULL, *above = NULL;
	const char *below_path = NULL, *above_path = NULL;

	for (size_t r = 0; r < eng->req_count; r++) {
		const loc_list *l = &lists[r * sides + side];
		const char *other = eng->reqs[r].id;
		int c;
		if (r == req || !l->count)
			continue;
		c = specsync_id_cmp(other, id);
		if (c < 0 && (!below || specsync_id_cmp(other, below) > 0)) {
			below = other;
			below_path = l->items[0].path;
		} else if (c > 0 && (!above || specsync_id_cmp(other, above) < 0)) {
			above = other;
			above_path = l->items[0].path;
		}
	}
	return below_path ? below_path : above_path;
}

/*
 * Where a requirement missing on `side` probably belongs: the file of that
 * side where most of its neighbours are (the requirements nearest to it in
 * its files on the other sides); failing any, the file of the requirement
 * next to it in ID order.
 */
static const char *hint_path(loc_list *lists, const eng_view *eng, uint32_t req,
			     size_t side)
{
	size_t sides = eng->cfg->side_count, n;
	loc_list *memo = &lists[req * sides + side];
	neighbour v[NEIGHBOURS];
	uint8_t *near;

	/* once per (requirement, side), not per episode */
	if (memo->hint_known)
		return memo->hint;
	near = specsync_calloc(eng->req_count + 1, 1);
	n = nearest(v, lists, eng, req, side, near);
	free(near);
	memo->hint = n ? vote(v, n) : id_neighbour(lists, eng, req, side);
	memo->hint_known = true;
	return memo->hint;
}

/* ---- roles -------------------------------------------------------------- */

/* The role lists of one RACI cell, made once and shared by its findings
 * (tens of thousands of findings name a handful of cells). */
typedef struct cell_roles {
	const specsync_raci_cell *cell;
	specsync_role_list lists[4];
	struct cell_roles *next;
} cell_roles;

static void make_roles(specsync_result *res, specsync_role_list roles[4],
		       const specsync_config *cfg, const specsync_raci_cell *c)
{
	for (int l = 0; l < 4; l++) {
		specsync_role_ref *refs;
		roles[l].items = NULL;
		roles[l].count = 0;
		if (!c || !c->counts[l])
			continue;
		refs = specsync_arena_array(&res->arena, c->counts[l], sizeof(*refs));
		if (!refs)
			return;
		for (size_t i = 0; i < c->counts[l]; i++) {
			const specsync_config_role *role = &cfg->roles[c->letters[l][i]];
			refs[i].role = role->key;
			refs[i].name = role->name;
			refs[i].members = role->members;
			refs[i].member_count = role->member_count;
		}
		roles[l].items = refs;
		roles[l].count = c->counts[l];
	}
}

/* The RACI cell of requirement `req` (ID `id`) and `side`, looked up once
 * per requirement and side through `memo` (req_count x side_count slots
 * and as many `looked` flags; NULL: none). An event's ID that is not its
 * requirement's is looked up every time. */
typedef struct cell_memo {
	const specsync_raci_cell **cells;
	bool *looked;
	struct cell_roles **roles; /* the cell's role lists, once made */
} cell_memo;

static const specsync_raci_cell *cell_of(const eng_view *eng, cell_memo *memo, uint32_t req,
					 const char *id, int side)
{
	size_t at;

	if (!memo->cells || req >= eng->req_count || strcmp(eng->reqs[req].id, id))
		return specsync_rules_cell(eng->cfg, id, side);
	at = req * eng->cfg->side_count + (size_t)side;
	if (!memo->looked[at]) {
		memo->cells[at] = specsync_rules_cell(eng->cfg, id, side);
		memo->looked[at] = true;
	}
	return memo->cells[at];
}

static void fill_roles(specsync_result *res, specsync_role_list roles[4], const eng_view *eng,
		       cell_memo *memo, uint32_t req, const char *id, int side)
{
	/* the requirement's own ID (an event may name it otherwise): memoised */
	bool own = memo->cells && req < eng->req_count &&
		   (eng->reqs[req].id == id || !strcmp(eng->reqs[req].id, id));
	size_t at = own ? req * eng->cfg->side_count + (size_t)side : 0;
	const specsync_raci_cell *c;
	cell_roles *known;

	if (own && memo->roles[at]) {
		memcpy(roles, memo->roles[at]->lists, sizeof(memo->roles[at]->lists));
		return;
	}
	c = cell_of(eng, memo, req, id, side);
	for (known = res->cell_roles; known && known->cell != c; known = known->next)
		;
	if (!known && (known = specsync_arena_alloc(&res->arena, sizeof(*known)))) {
		known->cell = c;
		make_roles(res, known->lists, eng->cfg, c);
		known->next = res->cell_roles;
		res->cell_roles = known;
	}
	if (!known)
		return;
	if (own)
		memo->roles[at] = known;
	memcpy(roles, known->lists, sizeof(known->lists));
}

/* ---- findings ----------------------------------------------------------- */

static const specsync_commit_info *commit_at(const eng_view *eng, int32_t idx)
{
	if (idx < 0)
		return NULL;
	return eng->commits[idx];
}

static int unsynced_finding(specsync_finding *f, specsync_result *res, specsync_arena *arena,
			    const eng_view *eng, cell_memo *memo, const eng_episode *ep,
			    loc_list *lists)
{
	const specsync_config *cfg = eng->cfg;
	size_t sides = cfg->side_count, n = 0;
	const char *id = eng->reqs[ep->req].id;
	const char **changed = specsync_arena_array(arena, sides, sizeof(char *));
	/* one commit (most episodes): the engine's, not a copy */
	specsync_commit_info *commits =
		ep->commit_count == 1
			? NULL
			: specsync_arena_array(arena, ep->commit_count, sizeof(*commits));
	size_t nloc = 0, one = SIZE_MAX;
	const specsync_location *locs;

	if (!changed || (!commits && ep->commit_count != 1))
		return SPECSYNC_ENOMEM;
	f->kind = SPECSYNC_FINDING_UNSYNCED;
	f->requirement = id;
	f->lagging_side = cfg->sides[ep->side].name;
	f->status = ep->status;
	f->level = cfg->sides[ep->side].unsynced;
	for (size_t s = 0; s < sides; s++)
		if (ep->changed_mask & (1ull << s))
			changed[n++] = cfg->sides[s].name;
	f->changed_sides = changed;
	f->changed_side_count = n;
	for (size_t i = 0; commits && i < ep->commit_count; i++)
		commits[i] = *eng->commits[ep->commits[i]];
	f->commits = commits ? commits : eng->commits[ep->commits[0]];
	f->commit_count = ep->commit_count;
	f->closed_by = commit_at(eng, ep->closed_by);
	fill_roles(res, f->roles, eng, memo, ep->req, id, (int)ep->side);
	for (size_t s = 0; s < sides; s++)
		if (ep->changed_mask & (1ull << s) && lists[ep->req * sides + s].count) {
			nloc += lists[ep->req * sides + s].count;
			one = one == SIZE_MAX ? s : SIZE_MAX - 1;
		}
	if (one < sides) {
		/* one side changed (most findings): its list as it is */
		locs = lists[ep->req * sides + one].shared;
	} else {
		specsync_location *all = specsync_arena_array(arena, nloc + 1, sizeof(*all));
		if (!all)
			return SPECSYNC_ENOMEM;
		nloc = 0;
		for (size_t s = 0; s < sides; s++) {
			const loc_list *l = &lists[ep->req * sides + s];
			if (!(ep->changed_mask & (1ull << s)) || !l->count)
				continue; /* a retired requirement has no list (memcpy from NULL) */
			memcpy(all + nloc, l->items, l->count * sizeof(*all));
			nloc += l->count;
		}
		locs = all;
	}
	f->changed_locations = locs;
	f->changed_location_count = nloc;
	f->lagging_locations = lists[ep->req * sides + ep->side].items
				       ? lists[ep->req * sides + ep->side].shared
				       : NULL;
	f->lagging_location_count = lists[ep->req * sides + ep->side].count;
	if (!f->lagging_location_count)
		f->lagging_hint_path = hint_path(lists, eng, ep->req, ep->side);
	return arena->failed ? SPECSYNC_ENOMEM : 0;
}

static void event_finding(specsync_finding *f, specsync_result *res, const eng_view *eng,
			  cell_memo *memo, const eng_event *ev)
{
	f->kind = ev->kind;
	f->requirement = ev->id;
	f->status = SPECSYNC_STATUS_OPEN;
	f->level = ev->kind == SPECSYNC_FINDING_OUT_OF_ROLE ? eng->cfg->out_of_role
							    : eng->cfg->invalid_ack;
	f->side = ev->side >= 0 ? eng->cfg->sides[ev->side].name : NULL;
	f->commit = eng->commits[ev->commit];
	f->merged_by = commit_at(eng, ev->merge);
	f->author.name = ev->author_name;
	f->author.email = ev->author_email;
	f->reason = ev->reason;
	/* who should have made the edit */
	if (ev->side >= 0)
		fill_roles(res, f->roles, eng, memo, ev->req, ev->id, ev->side);
}

static int requirement_cmp(const void *pa, const void *pb)
{
	const specsync_requirement *a = pa, *b = pb;

	return specsync_id_cmp(a->id, b->id);
}

static int build_requirements(specsync_result *res, const eng_view *eng,
			      const loc_list *lists)
{
	size_t sides = eng->cfg->side_count, n = 0;

	res->requirements = specsync_arena_array(&res->arena, eng->req_count + 1,
						 sizeof(*res->requirements));
	if (!res->requirements)
		return SPECSYNC_ENOMEM;
	for (size_t r = 0; r < eng->req_count; r++) {
		specsync_requirement *q = &res->requirements[n];
		const specsync_location **locs;
		size_t *counts, total = 0;
		for (size_t s = 0; s < sides; s++)
			total += lists[r * sides + s].count;
		if (!total && !eng->reqs[r].pending)
			continue;
		locs = specsync_arena_array(&res->arena, sides, sizeof(*locs));
		counts = specsync_arena_array(&res->arena, sides, sizeof(*counts));
		if (!locs || !counts)
			return SPECSYNC_ENOMEM;
		for (size_t s = 0; s < sides; s++) {
			const loc_list *l = &lists[r * sides + s];
			locs[s] = l->count ? specsync_arena_memdup(&res->arena, l->items,
								    l->count * sizeof(*l->items))
					   : NULL;
			counts[s] = l->count;
		}
		q->id = specsync_arena_strdup(&res->arena, eng->reqs[r].id);
		q->pending_mask = eng->reqs[r].pending;
		q->locations = locs;
		q->location_counts = counts;
		n++;
	}
	res->requirement_count = n;
	qsort(res->requirements, n, sizeof(*res->requirements), requirement_cmp);
	return res->arena.failed ? SPECSYNC_ENOMEM : 0;
}

/*
 * In a check, an episode is `new` when it is open now and opened during the
 * checked units, `open` when it is open now and was open before them,
 * `resolved` when it was open before and closed during them; others (opened
 * and closed within the checked units, or closed before) are not reported.
 */
static bool check_status(specsync_status *st, const eng_view *eng, const eng_episode *ep)
{
	if (ep->status == SPECSYNC_STATUS_OPEN) {
		*st = ep->before_check ? SPECSYNC_STATUS_OPEN : SPECSYNC_STATUS_NEW;
		return true;
	}
	if (ep->before_check && ep->closed_by >= 0 && (size_t)ep->closed_by >= eng->check_start) {
		*st = SPECSYNC_STATUS_RESOLVED;
		return true;
	}
	return false;
}

/*
 * The findings are planned, put in order, then made in place: each
 * finding is written once, at its place (no permutation of 300-byte
 * records), and a big result is made on two threads, each half in an
 * arena of its own. What the two share is made before they start: the
 * role lists of every RACI cell, the lagging-file hints (both memos of
 * requirement and side, filled in history order as the findings were made
 * one by one), and the order.
 */
typedef struct plan {
	uint32_t *src;     /* episode index, or episode_count + event index */
	uint8_t *status;   /* checks: an episode finding's status (check_status) */
	uint8_t *rank;     /* specsync_result_order's */
	uint32_t *req, *side;
	uint32_t *order;
	size_t count;
} plan;

typedef struct fill_job {
	specsync_result *res;
	specsync_arena arena; /* the worker's (the caller's: the result's) */
	const eng_view *eng;
	cell_memo *memo;
	loc_list *lists;
	const plan *p;
	size_t from, to;
	int error;
} fill_job;

/* Findings [from, to) of the order, at their places. */
static void *fill(void *payload)
{
	fill_job *j = payload;
	const eng_view *eng = j->eng;
	specsync_arena *arena = &j->arena;

	for (size_t k = j->from; k < j->to && !j->error; k++) {
		uint32_t i = j->p->order[k], src = j->p->src[i];
		specsync_finding *f = &j->res->findings[k];
		if (src < eng->episode_count) {
			const eng_episode *ep = &eng->episodes[src];
			if ((j->error = unsynced_finding(f, j->res, arena, eng, j->memo, ep,
							 j->lists)) < 0)
				break;
			/* the req's reqs[] entry is owned by the engine: copy the id */
			if (!(f->requirement = specsync_arena_strdup(arena, f->requirement))) {
				j->error = SPECSYNC_ENOMEM;
				break;
			}
			if (eng->checking) {
				f->closed_as = f->status;
				f->status = (specsync_status)j->p->status[i];
			}
		} else {
			const eng_event *ev = &eng->events[src - eng->episode_count];
			event_finding(f, j->res, eng, j->memo, ev);
			if (ev->forced_error)
				f->level = SPECSYNC_LEVEL_ERROR;
			if (eng->checking)
				f->status = SPECSYNC_STATUS_NEW;
		}
	}
	return NULL;
}

/* Which findings there are, their order keys, and the shared memos. */
static int make_plan(plan *p, specsync_result *res, const eng_view *eng, cell_memo *memo,
		     loc_list *lists)
{
	size_t cap = eng->episode_count + eng->event_count + 1, sides = eng->cfg->side_count;
	specsync_role_list roles[4];

	p->src = specsync_calloc(cap, sizeof(*p->src));
	p->status = specsync_calloc(cap, 1);
	p->rank = specsync_calloc(cap, 1);
	p->req = specsync_calloc(cap, sizeof(*p->req));
	p->side = specsync_calloc(cap, sizeof(*p->side));
	p->order = specsync_calloc(cap, sizeof(*p->order));
	if (!p->src || !p->status || !p->rank || !p->req || !p->side || !p->order)
		return SPECSYNC_ENOMEM;
	/* each (requirement, side)'s locations once in the result, for the
	 * findings that list them whole */
	for (size_t i = 0; i < eng->req_count * sides; i++)
		if (lists[i].items &&
		    !(lists[i].shared = specsync_arena_memdup(&res->arena, lists[i].items,
							      lists[i].count * sizeof(*lists[i].items))))
			return SPECSYNC_ENOMEM;
	for (size_t i = 0; i < eng->episode_count; i++) {
		const eng_episode *ep = &eng->episodes[i];
		specsync_status st = ep->status;
		if (eng->cfg->sides[ep->side].unsynced == SPECSYNC_LEVEL_OFF)
			continue;
		if (eng->checking && !check_status(&st, eng, ep))
			continue;
		p->src[p->count] = (uint32_t)i;
		p->status[p->count] = (uint8_t)st;
		p->rank[p->count] =
			st == SPECSYNC_STATUS_OPEN || st == SPECSYNC_STATUS_NEW ? 0 : 1;
		p->req[p->count] = ep->req;
		p->side[p->count] = ep->side;
		p->count++;
		fill_roles(res, roles, eng, memo, ep->req, eng->reqs[ep->req].id, (int)ep->side);
		if (!lists[ep->req * sides + ep->side].count)
			(void)hint_path(lists, eng, ep->req, ep->side);
	}
	for (size_t i = 0; i < eng->event_count; i++) {
		const eng_event *ev = &eng->events[i];
		if (!ev->forced_error &&
		    (ev->kind == SPECSYNC_FINDING_OUT_OF_ROLE ? eng->cfg->out_of_role
							      : eng->cfg->invalid_ack) ==
			    SPECSYNC_LEVEL_OFF)
			continue;
		p->src[p->count] = (uint32_t)(eng->episode_count + i);
		p->rank[p->count] = ev->kind == SPECSYNC_FINDING_OUT_OF_ROLE ? 2 : 3;
		p->count++;
		if (ev->side >= 0)
			fill_roles(res, roles, eng, memo, ev->req, ev->id, ev->side);
	}
	if (res->arena.failed)
		return SPECSYNC_ENOMEM;
	return specsync_result_order(p->order, p->rank, p->req, p->side, p->count, eng);
}

static void plan_dispose(plan *p)
{
	free(p->src);
	free(p->status);
	free(p->rank);
	free(p->req);
	free(p->side);
	free(p->order);
}

/* Below this many findings, one thread makes them all. */
#define FILL_SPLIT_MIN 4096

/* Makes the planned findings, on two threads when there are many: the
 * worker takes the last ones, about half the work (an unsynced finding
 * costs some three events). */
static int fill_all(specsync_result *res, const eng_view *eng, cell_memo *memo, loc_list *lists,
		    const plan *p)
{
	fill_job mine = { res, SPECSYNC_ARENA_INIT, eng, memo, lists, p, 0, p->count, 0 };
	fill_job other = mine;
	pthread_t worker;
	bool started = false;

	if (p->count >= FILL_SPLIT_MIN && !getenv("SPECSYNC_NO_WORKER")) {
		size_t total = 0, half = 0, k = 0;
		for (size_t i = 0; i < p->count; i++)
			total += p->rank[i] < 2 ? 3 : 1;
		for (; k < p->count && half < total / 2; k++)
			half += p->rank[p->order[k]] < 2 ? 3 : 1;
		mine.to = other.from = k;
		started = pthread_create(&worker, NULL, fill, &other) == 0;
		if (!started)
			mine.to = p->count;
	}
	mine.arena = res->arena; /* the caller's part goes straight to the result */
	memset(&res->arena, 0, sizeof(res->arena));
	fill(&mine);
	res->arena = mine.arena;
	if (started) {
		pthread_join(worker, NULL);
		specsync_arena_adopt(&res->arena, &other.arena);
		if (!mine.error)
			mine.error = other.error;
	}
	return mine.error < 0 || res->arena.failed ? SPECSYNC_ENOMEM : 0;
}

int specsync_result_build(specsync_result **out, specsync_engine *engine, const char *head,
			  size_t commit_count, int64_t now, specsync_error *err)
{
	eng_view view;
	const eng_view *eng = &view;
	specsync_result *res = specsync_calloc(1, sizeof(*res));
	loc_list *lists = NULL;
	cell_memo memo = { NULL, NULL, NULL };
	plan p = { 0 };
	int error = SPECSYNC_ENOMEM;

	*out = NULL;
	if (!res)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	/* Commit infos and event strings live in the engine's arena: the
	 * result takes it over. */
	specsync_engine_view(&view, engine);
	specsync_engine_take_arena(engine, &res->arena);
	res->cfg = eng->cfg;
	snprintf(res->head, sizeof(res->head), "%s", head);
	res->commit_count = commit_count;
	res->now = now ? now : (int64_t)time(NULL);
	res->mode = audit_mode;
	if (specsync_repo_trusted_rev(specsync_engine_repo(engine)))
		memcpy(res->rules_from, specsync_repo_trusted_rev(specsync_engine_repo(engine)), 41);
	/* every commit that entered the engine, recorded or not */
	if (eng->have_times) {
		res->first_time = eng->time_first;
		res->last_time = eng->time_last;
	}
	if (collect_locations(&lists, res, eng) < 0 || specsync_skipped_collect(res, engine) < 0)
		goto done;
	memo.cells = specsync_calloc(eng->req_count * eng->cfg->side_count + 1, sizeof(*memo.cells));
	memo.looked = specsync_calloc(eng->req_count * eng->cfg->side_count + 1, sizeof(bool));
	memo.roles = specsync_calloc(eng->req_count * eng->cfg->side_count + 1, sizeof(*memo.roles));
	if (!memo.cells || !memo.looked || !memo.roles || (error = make_plan(&p, res, eng, &memo, lists)) < 0 ||
	    !(res->findings = specsync_arena_array(&res->arena, p.count + 1,
						   sizeof(*res->findings)))) {
		error = SPECSYNC_ENOMEM;
		goto done;
	}
	res->finding_count = p.count;
	if ((error = fill_all(res, eng, &memo, lists, &p)) < 0)
		goto done;
	if (eng->baseline_commit >= 0)
		res->baseline = eng->commits[eng->baseline_commit];
	if (specsync_engine_take_warnings(&res->warnings, engine) < 0)
		goto done;
	error = build_requirements(res, eng, lists);
done:
	plan_dispose(&p);
	free(memo.cells);
	free(memo.looked);
	free(memo.roles);
	free_locations(lists, eng->req_count * eng->cfg->side_count);
	if (error < 0) {
		specsync_result_free(res);
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	*out = res;
	return 0;
}

int specsync_result_warn(specsync_result *res, const char *line)
{
	size_t had = res->warnings ? strlen(res->warnings) : 0, n = strlen(line);
	char *w = realloc(res->warnings, had + n + 2);

	if (!w)
		return -1;
	memcpy(w + had, line, n);
	memcpy(w + had + n, "\n", 2);
	res->warnings = w;
	return 0;
}

void specsync_result_free(specsync_result *result)
{
	if (!result)
		return;
	free(result->warnings);
	specsync_arena_dispose(&result->arena);
	free(result->head_ref);
	free(result);
}

/* ---- policy: which findings count, and how -------------------------------- */

bool specsync_result_is_check(const specsync_result *r)
{
	/* (asked per finding by every renderer: an audit's own string first) */
	return r->mode != audit_mode && strcmp(r->mode, audit_mode) != 0;
}

bool specsync_finding_counts(const specsync_result *r, const specsync_finding *f)
{
	if (specsync_result_is_check(r))
		return f->status == SPECSYNC_STATUS_NEW;
	return specsync_finding_is_live(f);
}

specsync_ci_level specsync_ci_level_of(const specsync_result *r, const specsync_finding *f)
{
	if (specsync_finding_counts(r, f)) {
		if (f->level == SPECSYNC_LEVEL_ERROR)
			return SPECSYNC_CI_ERROR;
		return f->level == SPECSYNC_LEVEL_WARNING ? SPECSYNC_CI_WARNING : SPECSYNC_CI_SKIP;
	}
	if (specsync_result_is_check(r) && f->status == SPECSYNC_STATUS_OPEN)
		return SPECSYNC_CI_NOTE;
	return SPECSYNC_CI_SKIP;
}

static int requirement_key_cmp(const void *key, const void *item)
{
	return specsync_id_cmp(key, ((const specsync_requirement *)item)->id);
}

const specsync_requirement *specsync_result_find(const specsync_result *r, const char *id)
{
	if (!id || !r->requirement_count)
		return NULL;
	return bsearch(id, r->requirements, r->requirement_count, sizeof(*r->requirements),
		       requirement_key_cmp);
}

int specsync_side_index(const specsync_config *cfg, const char *name)
{
	for (size_t s = 0; name && s < specsync_config_side_count(cfg); s++)
		if (!strcmp(specsync_config_side_name(cfg, s), name))
			return (int)s;
	return -1;
}

specsync_level specsync_result_max_level(const specsync_result *result)
{
	specsync_level max = SPECSYNC_LEVEL_OFF;

	for (size_t i = 0; i < result->finding_count; i++) {
		const specsync_finding *f = &result->findings[i];
		/* an audit counts what is open; a check only what it introduced */
		if (!specsync_finding_counts(result, f))
			continue;
		if (f->level > max)
			max = f->level;
	}
	return max;
}
