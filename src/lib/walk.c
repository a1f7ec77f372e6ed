/*
 * The history walk: the first-parent chain of a revision, one unit per
 * first-parent commit, the commits a merge brings in, the comparison of
 * trees ahead of the walk (with the prefetcher), the units of a range for
 * the checks, and the persistent cache of states. See walk.h.
 */
#include "common.h"
#include "walk.h"
#include "prefetch.h"
#include "dag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static eng_walk *W(specsync_engine *eng)
{
	return specsync_engine_walk_state(eng);
}

/* ---- chains ------------------------------------------------------------------ */

/* Where a chain stops: 1 at `id` (not included), 0 to go on, < 0 error. */
typedef int (*stop_fn)(const specsync_oid *id, void *payload, specsync_error *err);

/*
 * Collects tip, parent, grandparent... back to the root or to the first
 * commit where `stop` says so (*stopped set to it, not included), root
 * first. *out is malloc'ed (free()).
 */
static int collect(specsync_commit_head **out, size_t *count, specsync_oid *stopped,
		   bool *has_stopped, specsync_repo *repo, const specsync_oid *tip, const char *key,
		   stop_fn stop, void *payload, specsync_error *err)
{
	specsync_commit_head *heads = NULL, t;
	specsync_oid cur = *tip;
	size_t n = 0, alloc = 0;
	int error = 0;

	*has_stopped = false;
	for (;;) {
		if ((error = stop ? stop(&cur, payload, err) : 0) < 0)
			goto done;
		if (error) {
			*stopped = cur;
			*has_stopped = true;
			break;
		}
		if (SPECSYNC_ARRAY_RESERVE(heads, alloc, n + 1) < 0) {
			error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
			goto done;
		}
		if ((error = specsync_git_commit_head(&heads[n], repo, &cur, key, err)) < 0)
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
	error = 0;
done:
	free(heads);
	return error;
}

int specsync_walk_first_parents(specsync_commit_head **out, size_t *count, specsync_repo *repo,
				const specsync_oid *tip, const char *key, specsync_error *err)
{
	specsync_oid unused;
	bool stopped;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = specsync_git_check_complete(repo, err)) < 0)
		return error;
	return collect(out, count, &unused, &stopped, repo, tip, key, NULL, NULL, err);
}

int specsync_walk_reachable(specsync_commit_head **out, size_t *count, specsync_repo *repo,
			    const specsync_oid *tip, specsync_error *err)
{
	specsync_dag *seen = specsync_dag_new();
	int error;

	*out = NULL;
	*count = 0;
	if (!seen)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	error = specsync_git_reach_new(out, NULL, count, repo, tip, seen, NULL, err);
	specsync_dag_free(seen);
	return error;
}

static int stop_cached(const specsync_oid *id, void *payload, specsync_error *err)
{
	(void)err;
	return specsync_cache_has(payload, id) ? 1 : 0;
}

/* The chain of `tip` back to the root, or to a commit with a cached state
 * (`cache` may be NULL). */
static int chain_to(specsync_commit_head **out, size_t *count, bool *cached,
		    specsync_oid *cached_id, specsync_engine *eng, specsync_cache *cache,
		    const specsync_oid *tip)
{
	return collect(out, count, cached_id, cached, specsync_engine_repo(eng), tip,
		       specsync_engine_config(eng)->ack_trailer, cache ? stop_cached : NULL, cache,
		       specsync_engine_error(eng));
}

int specsync_history_chain(specsync_commit_head **out, size_t *count, specsync_engine *eng,
			   const specsync_oid *tip)
{
	bool cached;
	specsync_oid unused;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = specsync_git_check_complete(specsync_engine_repo(eng),
						 specsync_engine_error(eng))) < 0)
		return error;
	return chain_to(out, count, &cached, &unused, eng, NULL, tip);
}

/*
 * Where a range stops: the first commit of NEW's first-parent chain that
 * OLD contains. Every commit c on that chain is reachable from NEW, so OLD
 * contains c (c is OLD or one of its ancestors) exactly when c is not
 * among the commits reachable from NEW and not from OLD. That set comes
 * from one hidden revision walk (NEW pushed, OLD hidden), which visits the
 * range and its boundary once, where asking "does OLD contain c?" for each
 * commit walked back from both again: quadratic in the range. The walk
 * marks a commit hidden only when it is reachable from OLD, and lists every
 * commit it does not mark, so a commit missing from the set is contained;
 * both it and libgit2's containment test assume commit dates that do not
 * go back more than the walk's slop (as `git rev-list OLD..NEW` does).
 */
static int stop_outside(const specsync_oid *id, void *payload, specsync_error *err)
{
	(void)err;
	return !specsync_oidset_has(payload, id->id);
}

static int range_set(specsync_oidset *set, specsync_repo *repo, const specsync_oid *new_id,
		     const specsync_oid *old, specsync_error *err)
{
	specsync_oid *ids = NULL;
	size_t n = 0;
	int error;

	if ((error = specsync_git_branch_commits(&ids, &n, repo, new_id, 1, old, err)) < 0)
		return error;
	for (size_t i = 0; i < n && error >= 0; i++)
		if (specsync_oidset_add(set, ids[i].id) < 0)
			error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	free(ids);
	return error < 0 ? error : 0;
}

int specsync_walk_range(specsync_commit_head **out, size_t *count, specsync_oid *fork,
			bool *has_fork, specsync_repo *repo, const specsync_oid *new_id,
			const specsync_oid *old, const char *key, specsync_error *err)
{
	specsync_oidset set = SPECSYNC_OIDSET_INIT;
	int error;

	*out = NULL;
	*count = 0;
	if (old && (error = range_set(&set, repo, new_id, old, err)) < 0)
		goto done;
	error = collect(out, count, fork, has_fork, repo, new_id, key, old ? stop_outside : NULL,
			&set, err);
done:
	specsync_oidset_dispose(&set);
	return error;
}

int specsync_walk_first_containing(size_t *out, specsync_repo *repo, const specsync_oid *ids,
				   size_t stride, size_t count, const specsync_oid *target,
				   specsync_error *err)
{
	size_t lo = 0, hi = count;
	int error;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const void *at = (const char *)ids + mid * stride;
		if ((error = specsync_git_contains(repo, at, target, err)) < 0)
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
	specsync_engine_warn(eng,
			     "cache: the state after %.12s (%s) is %s: ignored, history "
			     "walked from the root%s%s%s",
			     hex, path, why, removed < 0 ? "; it cannot be removed (" : "",
			     removed < 0 ? strerror(e) : "", removed < 0 ? ")" : "");
}

int specsync_history_walk_to(specsync_engine *eng, specsync_cache *cache, const specsync_oid *tip,
			     const char *since, size_t *walked)
{
	specsync_commit_head *chain = NULL;
	specsync_oid cached_id, target;
	size_t count = 0, base = 0, baseline;
	bool cached = false;
	const char *why;
	int error, stored;

	if ((error = specsync_git_check_complete(specsync_engine_repo(eng),
						 specsync_engine_error(eng))) < 0)
		return error;
	if ((error = chain_to(&chain, &count, &cached, &cached_id, eng, cache, tip)) < 0)
		goto done;
	if (cached &&
	    (error = specsync_cache_load(cache, eng, &cached_id, count == 0, &base, &why)) != 1) {
		/* Unusable as a whole: never continue from it, nor from any other
		 * state this run (the walk back found this one first). */
		specsync_engine_reset(eng);
		base = 0;
		free(chain);
		chain = NULL;
		if (error < 0)
			damaged(eng, cache, &cached_id, why);
		if ((error = chain_to(&chain, &count, &cached, &cached_id, eng, NULL, tip)) < 0)
			goto done;
	}
	baseline = count;
	if (since && specsync_engine_baseline_commit(eng) < 0) {
		if ((error = specsync_git_resolve(&target, specsync_engine_repo(eng), since,
						  specsync_engine_error(eng))) < 0) {
			error = specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOTFOUND,
					      "since: revision '%s' not found in this repository",
					      since);
			goto done;
		}
		if ((error = specsync_walk_first_containing(
			     &baseline, specsync_engine_repo(eng), &chain[0].id, sizeof(chain[0]),
			     count, &target, specsync_engine_error(eng))) < 0)
			goto done;
		if (baseline == count) {
			error = specsync_fail(specsync_engine_error(eng), SPECSYNC_EUSAGE,
					      "since: revision '%s' is not in the history being "
					      "examined",
					      since);
			goto done;
		}
	}
	if ((error = specsync_walk_chain(eng, chain, count, baseline)) < 0)
		goto done;
	*walked = base + count;
	/* a state loaded for `tip` itself is already stored */
	if (count && (stored = specsync_cache_store_begin(cache, eng, tip, *walked)) != 0) {
		char msg[4400];
		specsync_cache_store_warning(msg, sizeof(msg), cache, stored);
		specsync_engine_warn(eng, "%s", msg);
	}
done:
	free(chain);
	return error;
}

/* ---- merges ------------------------------------------------------------------ */

/*
 * After unit `h`, when the graph of reachable commits is kept: `h` joins
 * it. The third and later parents of an octopus merge bring their history
 * then: it is not the merge's branch (the revision walk from the second
 * parent alone), but later merges must know it.
 */
static int reach_add(specsync_engine *eng, const specsync_commit_head *h)
{
	if (h->parent_count > 2)
		return specsync_git_reach_parents(specsync_engine_repo(eng), &h->id, W(eng)->reach,
						  specsync_engine_error(eng));
	if (specsync_dag_add_commit(W(eng)->reach, &h->id, h->commit_time, h->parents,
				    h->parent_count) < 0)
		return specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOMEM, "out of memory");
	return 0;
}

/*
 * The commits reachable from `tip` and not from `hide`, newest first in
 * the order of libgit2's revision walk sorted by time: from the graph of
 * reachable commits when the walk keeps one (dag.h gives that order
 * exactly, without reading a commit), else through a revision walk.
 */
static int branch_order(specsync_oid **ids, size_t *n, specsync_engine *eng,
			const specsync_oid *tip, const specsync_oid *hide)
{
	int error = SPECSYNC_ENOTFOUND;

	if (W(eng)->reach_valid && hide)
		error = specsync_dag_branch_order(ids, n, W(eng)->reach, tip, hide);
	if (error == SPECSYNC_ENOTFOUND)
		return specsync_git_branch_commits(ids, n, specsync_engine_repo(eng), tip, 1, hide,
						   specsync_engine_error(eng));
	if (error < 0)
		return specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOMEM, "out of memory");
	return 0;
}

/* Reads the commits `ids[0..n)` (author, message) in that order. */
static int read_metas(specsync_engine *eng, const specsync_oid *ids, size_t n,
		      specsync_commit_meta **metas, size_t *count)
{
	int error = 0;

	*metas = NULL;
	*count = 0;
	if (n && !(*metas = specsync_calloc(n, sizeof(**metas))))
		return specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOMEM, "out of memory");
	for (size_t i = 0; i < n && !error; i++)
		if ((error = specsync_git_commit(&(*metas)[i], specsync_engine_repo(eng), &ids[i],
						 specsync_engine_error(eng))) == 0)
			(*count)++;
	return error;
}

/* Reads one commit of a range into `item` (a meta or a head). */
typedef int (*read_one)(void *item, specsync_engine *eng, const specsync_oid *id);

static int read_meta(void *item, specsync_engine *eng, const specsync_oid *id)
{
	return specsync_git_commit(item, specsync_engine_repo(eng), id,
				   specsync_engine_error(eng));
}

static int read_head(void *item, specsync_engine *eng, const specsync_oid *id)
{
	return specsync_git_commit_head(item, specsync_engine_repo(eng), id, NULL,
					specsync_engine_error(eng));
}

/* The commits reachable from `tip` and not from `hide`, newest first, each
 * read by `read` into an array of `size`-byte items (*out, free()); *count
 * those read, on error too. */
static int read_range(void **out, size_t *count, size_t size, read_one read,
		      specsync_engine *eng, const specsync_oid *tip, const specsync_oid *hide)
{
	specsync_oid *ids = NULL;
	size_t n = 0;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = branch_order(&ids, &n, eng, tip, hide)) < 0)
		return error;
	if (!(*out = specsync_calloc(n + 1, size))) {
		free(ids);
		return specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && !error; i++)
		if ((error = read((char *)*out + i * size, eng, &ids[i])) == 0)
			(*count)++;
	free(ids);
	return error;
}

int specsync_walk_commits(specsync_engine *eng, const specsync_oid *tip, const specsync_oid *hide,
			  specsync_commit_meta **metas, size_t *count)
{
	void *out;
	int error = read_range(&out, count, sizeof(**metas), read_meta, eng, tip, hide);

	*metas = out;
	return error;
}

int specsync_walk_commit_heads(specsync_engine *eng, const specsync_oid *tip,
			       const specsync_oid *hide, specsync_commit_head **heads,
			       size_t *count)
{
	void *out;
	int error = read_range(&out, count, sizeof(**heads), read_head, eng, tip, hide);

	*heads = out;
	return error;
}

/*
 * The commits merge `h` brings in: those reachable from its second parent
 * and not from its first, in no particular order (with their metas in
 * *metas when `metas` is not NULL and the graph is kept; else *metas
 * NULL). From the graph of reachable commits when the walk keeps one
 * (they join it); else through a revision walk.
 */
static int merged_heads(specsync_engine *eng, const specsync_commit_head *h,
			specsync_commit_head **out, specsync_commit_meta **metas, size_t *count)
{
	specsync_oid *ids = NULL;
	size_t n = 0, more;
	const char *key = specsync_engine_config(eng)->ack_trailer;
	int error;

	*out = NULL;
	*count = 0;
	if (metas)
		*metas = NULL;
	if (W(eng)->reach_valid)
		return specsync_git_reach_new(out, metas, count, specsync_engine_repo(eng),
					      &h->parents[1], W(eng)->reach, key,
					      specsync_engine_error(eng));
	if ((error = specsync_git_branch_commits(&ids, &n, specsync_engine_repo(eng),
						 &h->parents[1], 1, &h->parents[0],
						 specsync_engine_error(eng))) < 0)
		return error;
	if (n && !(*out = specsync_calloc(n, sizeof(**out))))
		error = specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOMEM, "out of memory");
	for (more = 0; more < n && !error; more++)
		error = specsync_git_commit_head(&(*out)[more], specsync_engine_repo(eng),
						 &ids[more], key, specsync_engine_error(eng));
	free(ids);
	if (error < 0) {
		free(*out);
		*out = NULL;
		return error;
	}
	*count = n;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return memcmp(((const specsync_commit_meta *)a)->id.id,
		      ((const specsync_commit_meta *)b)->id.id, 20);
}

/*
 * The metas of merge `h`'s commits in the revision walk's order: taken
 * from `read[0..nread)` (the merged commits' metas, read with their heads;
 * sorted here, and those taken are left zeroed), else read now.
 */
static int merged_metas(specsync_engine *eng, const specsync_commit_head *h,
			specsync_commit_meta *read, size_t nread, specsync_commit_meta **metas,
			size_t *count)
{
	specsync_oid *ids = NULL;
	size_t n = 0;
	int error;

	*metas = NULL;
	*count = 0;
	if ((error = branch_order(&ids, &n, eng, &h->parents[1], &h->parents[0])) < 0)
		return error;
	if (!nread) {
		error = read_metas(eng, ids, n, metas, count);
		free(ids);
		return error;
	}
	if (n && !(*metas = specsync_calloc(n, sizeof(**metas))))
		error = specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOMEM, "out of memory");
	qsort(read, nread, sizeof(*read), by_id);
	for (size_t i = 0; i < n && !error; i++) {
		specsync_commit_meta key = {.id = ids[i]}, *m;
		if ((m = bsearch(&key, read, nread, sizeof(*read), by_id)) && m->author_name) {
			(*metas)[i] = *m;
			memset(m, 0, sizeof(*m));
		} else {
			/* a commit the first parent reaches, listed all the same
			 * (clock skew: see dag.c) */
			error = specsync_git_commit(&(*metas)[i], specsync_engine_repo(eng),
						    &ids[i], specsync_engine_error(eng));
		}
		if (!error)
			(*count)++;
	}
	free(ids);
	return error;
}

/* ---- comparing trees ahead --------------------------------------------------- */

/*
 * A long walk compares each unit's trees up to AHEAD_UNITS units before
 * applying it and queues the new blobs it finds for the worker (at most
 * AHEAD_JOBS at a time), so that the blobs are split on the other core by
 * the time the walk needs them. Shorter walks (hooks, warm audits) are not
 * worth a thread.
 */
#define AHEAD_UNITS 1024
#define AHEAD_JOBS 64
#define AHEAD_MIN_WALK 256

typedef struct ahead_unit {
	eng_changes changes;
	int error; /* of the comparison, reported when the unit is reached */
	specsync_error err;
} ahead_unit;

typedef struct ahead {
	ahead_unit *ring;        /* unit i in ring[i % AHEAD_UNITS] */
	size_t next;             /* next unit to compare */
	specsync_oid first_tree; /* the tree before the first unit */
	bool have_first;
} ahead;

static void ahead_clear(specsync_engine *eng, ahead_unit *u)
{
	specsync_engine_changes_clear(eng, &u->changes);
	u->error = 0;
}

/* Compares unit j's trees into its slot and queues its new blobs. */
static void ahead_one(specsync_engine *eng, ahead *a, const specsync_commit_head *chain, size_t j)
{
	ahead_unit *u = &a->ring[j % AHEAD_UNITS];
	const specsync_oid *old = j ? &chain[j - 1].tree : a->have_first ? &a->first_tree : NULL;

	ahead_clear(eng, u);
	/* the units the walk skips compare nothing (see specsync_walk_chain) */
	if (old && specsync_oid_equal(old, &chain[j].tree))
		return;
	specsync_error_clear(&u->err);
	u->error = specsync_engine_diff(eng, &u->changes, old, &chain[j].tree, &u->err);
	if (!u->error)
		specsync_engine_changes_queue(eng, &u->changes);
}

/* Compares ahead of unit i as far as the bounds allow. */
static void ahead_fill(specsync_engine *eng, ahead *a, const specsync_commit_head *chain,
		       size_t count, size_t i)
{
	if (a->next < i)
		a->next = i; /* the units left behind were skipped: same trees */
	while (a->next < count && a->next < i + AHEAD_UNITS &&
	       specsync_prefetch_pending(W(eng)->prefetch) < AHEAD_JOBS)
		ahead_one(eng, a, chain, a->next++);
}

/* Unit i's comparison (compared now if the bounds kept it back), moved
 * into the engine's unit; < 0: the comparison failed. */
static int ahead_take(specsync_engine *eng, ahead *a, const specsync_commit_head *chain, size_t i)
{
	ahead_unit *u = &a->ring[i % AHEAD_UNITS];

	if (a->next <= i) {
		a->next = i;
		ahead_one(eng, a, chain, a->next++);
	}
	if (u->error < 0) {
		if (specsync_engine_error(eng))
			*specsync_engine_error(eng) = u->err;
		return u->error;
	}
	specsync_engine_unit_take(eng, &u->changes);
	return 0;
}

/*
 * One first-parent commit `h`, compared with the last walked tree. A unit
 * that changes no spec file and holds no acknowledgement changes nothing:
 * its author and message are not even read. `baseline`: the baseline
 * applies after it, so it is recorded.
 */
static int walk_unit(specsync_engine *eng, const specsync_commit_head *h, bool baseline,
		     uint32_t *base, ahead *a, const specsync_commit_head *chain, size_t index)
{
	specsync_commit_meta meta, *metas = NULL, *read = NULL;
	specsync_commit_head *merged = NULL;
	size_t nmerged = 0, nmetas = 0;
	eng_actor *actors = NULL;
	bool is_merge = h->parent_count > 1, acks = h->mentions;
	int error;

	memset(&meta, 0, sizeof(meta));
	specsync_engine_unit_begin(eng);
	if (a)
		error = ahead_take(eng, a, chain, index);
	else
		error = specsync_engine_unit_diff(eng, W(eng)->have_tree ? &W(eng)->tree : NULL,
						  &h->tree);
	if (error < 0)
		goto done;
	/* a unit that changes a spec file reports its merged commits: their
	 * metas are read with their heads, once */
	if (is_merge &&
	    (error = merged_heads(eng, h, &merged,
				  specsync_engine_unit_size(eng) || baseline ? &read : NULL,
				  &nmerged)) < 0)
		goto done;
	specsync_engine_note_commit(eng, h->time);
	for (size_t i = 0; i < nmerged; i++) {
		acks |= merged[i].mentions;
		specsync_engine_note_commit(eng, merged[i].time);
	}
	/* observers (explain, checks) learn nothing from such a unit either */
	if (!specsync_engine_unit_size(eng) && !acks && !baseline)
		goto done;
	if ((error = specsync_git_commit(&meta, specsync_engine_repo(eng), &h->id,
					 specsync_engine_error(eng))) < 0)
		goto done;
	/* the revision walk's order is the order their acknowledgements and
	 * out-of-role edits are reported in */
	if (is_merge &&
	    (error = merged_metas(eng, h, read, read ? nmerged : 0, &metas, &nmetas)) < 0)
		goto done;
	if (!(actors = specsync_calloc(nmetas + 1, sizeof(*actors)))) {
		error = specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i <= nmetas; i++) {
		actors[i].meta = i ? &metas[i - 1] : &meta;
		actors[i].commit = ENG_NO_COMMIT;
	}
	if ((error = specsync_engine_unit_apply(eng, actors, nmetas + 1, is_merge)) < 0)
		goto done;
	if (baseline && (error = specsync_engine_actor_commit(eng, &actors[0], base)) < 0)
		goto done;
done:
	for (size_t i = 0; i < nmetas; i++)
		specsync_commit_meta_dispose(&metas[i]);
	free(metas);
	for (size_t i = 0; read && i < nmerged; i++)
		specsync_commit_meta_dispose(&read[i]);
	free(read);
	free(merged);
	free(actors);
	specsync_commit_meta_dispose(&meta);
	return error;
}

/* The baseline commit when the walk skips it (its tree is its parent's). */
static int record_baseline(specsync_engine *eng, const specsync_commit_head *h, uint32_t *base)
{
	specsync_commit_meta meta;
	int error, idx;

	if ((error = specsync_git_commit(&meta, specsync_engine_repo(eng), &h->id,
					 specsync_engine_error(eng))) < 0)
		return error;
	idx = specsync_engine_add_commit(eng, &meta);
	specsync_commit_meta_dispose(&meta);
	if (idx < 0)
		return idx;
	*base = (uint32_t)idx;
	return 0;
}

static int ahead_start(ahead *a, specsync_engine *eng, size_t count)
{
	memset(a, 0, sizeof(*a));
	if (count < AHEAD_MIN_WALK || W(eng)->prefetch || getenv("SPECSYNC_NO_WORKER"))
		return 0;
	if (specsync_prefetch_start(&W(eng)->prefetch, specsync_engine_repo(eng),
				    specsync_engine_config(eng),
				    specsync_engine_section_memo(eng)) < 0 ||
	    !W(eng)->prefetch)
		return 0;
	if (!(a->ring = specsync_calloc(AHEAD_UNITS, sizeof(*a->ring)))) {
		specsync_prefetch_stop(W(eng)->prefetch);
		W(eng)->prefetch = NULL;
		return 0;
	}
	a->first_tree = W(eng)->tree;
	a->have_first = W(eng)->have_tree;
	return 1;
}

static void ahead_stop(ahead *a, specsync_engine *eng)
{
	if (!a->ring)
		return;
	specsync_engine_unit_begin(eng); /* may hold jobs after an error */
	for (size_t i = 0; i < AHEAD_UNITS; i++) {
		ahead_clear(eng, &a->ring[i]);
		free(a->ring[i].changes.items);
	}
	free(a->ring);
	specsync_prefetch_stop(W(eng)->prefetch);
	W(eng)->prefetch = NULL;
}

int specsync_walk_chain(specsync_engine *eng, const specsync_commit_head *chain, size_t count,
			size_t baseline_at)
{
	eng_walk *w = W(eng);
	ahead a;
	bool threaded;
	uint32_t base = 0;
	int error = 0;

	/* from a root with nothing walked yet: reachability can be tracked */
	if (!w->have_tree && count && chain[0].parent_count == 0 && !specsync_dag_count(w->reach)) {
		if (!w->reach && !(w->reach = specsync_dag_new()))
			return specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOMEM,
					     "out of memory");
		w->reach_valid = true;
	}
	specsync_engine_set_recording(eng, baseline_at >= count);
	threaded = ahead_start(&a, eng, count) > 0;
	for (size_t i = 0; i < count && !error; i++) {
		const specsync_commit_head *h = &chain[i];
		bool at_baseline = i == baseline_at;
		if (threaded)
			ahead_fill(eng, &a, chain, count, i);
		if (at_baseline)
			specsync_engine_set_recording(eng, true);
		if (!w->have_tree || !specsync_oid_equal(&w->tree, &h->tree) ||
		    h->parent_count > 1 || h->mentions)
			error = walk_unit(eng, h, at_baseline, &base, threaded ? &a : NULL, chain,
					  i);
		else if (at_baseline)
			error = record_baseline(eng, h, &base);
		if (error >= 0 && at_baseline) {
			error = 0;
			specsync_engine_baseline(eng, base);
		}
		if (error >= 0 && w->reach_valid)
			error = reach_add(eng, h);
		w->tree = h->tree;
		w->have_tree = true;
		w->count++;
		if (threaded)
			ahead_clear(eng, &a.ring[i % AHEAD_UNITS]);
		if (w->progress && !error && ((i + 1) % 256 == 0 || i + 1 == count))
			w->progress(i + 1, count, w->progress_payload);
	}
	if (threaded)
		ahead_stop(&a, eng);
	specsync_engine_set_recording(eng, true);
	return error;
}
