/*
 * The order of a merge's commits computed from the graph of reachable
 * commits (dag.h) is exactly libgit2's: on many random histories with
 * merges, criss-cross and octopus merges, several roots, commit times
 * mostly tied (the same second) and some clock skew, for every merge
 * (second parent, hiding the first) and for random pairs of commits,
 * specsync_dag_branch_order() must list the same commits in the same order
 * as specsync_git_branch_commits() (a libgit2 revision walk).
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "dag.h"
#include "git.h"

#define HISTORIES 90
#define MAX_COMMITS 70
#define PAIRS 40

typedef struct history {
	git_oid ids[MAX_COMMITS];
	unsigned parents[MAX_COMMITS][5];
	unsigned nparents[MAX_COMMITS];
	unsigned count;
} history;

/* A fixed pseudo-random sequence (the test must be reproducible). */
static uint64_t rng = 0x9e3779b97f4a7c15u;

static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005u + 1442695040888963407u;
	return (unsigned)((rng >> 33) % n);
}

/*
 * Commit i's time by shape: 0 all the same second; 1 rising by a second
 * every four commits or so (ties everywhere, no skew); 2 the same, give or
 * take two seconds (ties and clock skew); 3 falling instead (children
 * mostly older than their parents).
 */
static int64_t commit_time(const history *h, unsigned i, int shape)
{
	int64_t t = 1700000000;

	(void)h;
	if (shape == 0)
		return t;
	t += (int64_t)i / 4;
	if (shape == 1)
		return t + rnd(2);
	if (shape == 2)
		return t + rnd(5) - 2;
	return 1700000000 - (int64_t)i / 4 - rnd(2);
}

static void add_commit(git_repository *repo, history *h, const git_oid *tree, unsigned hist,
		       int shape)
{
	unsigned i = h->count;
	const git_commit *parents[5];
	git_commit *objs[5];
	git_signature *sig;
	git_tree *t;
	char msg[64];

	for (unsigned k = 0; k < h->nparents[i]; k++) {
		assert_int_equal(git_commit_lookup(&objs[k], repo, &h->ids[h->parents[i][k]]), 0);
		parents[k] = objs[k];
	}
	assert_int_equal(
		git_signature_new(&sig, "Dev", "dev@example.org", commit_time(h, i, shape), 0), 0);
	assert_int_equal(git_tree_lookup(&t, repo, tree), 0);
	snprintf(msg, sizeof(msg), "history %u commit %u\n", hist, i);
	assert_int_equal(git_commit_create(&h->ids[i], repo, NULL, sig, sig, NULL, msg, t,
					   h->nparents[i], parents),
			 0);
	for (unsigned k = 0; k < h->nparents[i]; k++)
		git_commit_free(objs[k]);
	git_tree_free(t);
	git_signature_free(sig);
	h->count++;
}

/* Distinct parents for commit i, mostly recent ones (branches stay short
 * and merge back, crossing each other). */
static void pick_parents(history *h, unsigned i)
{
	unsigned want = i == 0 || rnd(12) == 0 ? 0 : rnd(2) ? 1 : rnd(4) ? 2 : 3 + rnd(3);
	unsigned n = 0;

	if (want > i)
		want = i;
	while (n < want) {
		unsigned span = i < 8 ? i : 8 + rnd(i - 7), p = i - 1 - rnd(span);
		bool dup = false;
		for (unsigned k = 0; k < n; k++)
			dup |= h->parents[i][k] == p;
		if (!dup)
			h->parents[i][n++] = p;
	}
	h->nparents[i] = n;
}

static void build(git_repository *repo, history *h, const git_oid *tree, unsigned hist)
{
	unsigned n = 12 + rnd(MAX_COMMITS - 12);

	memset(h, 0, sizeof(*h));
	for (unsigned i = 0; i < n; i++) {
		pick_parents(h, i);
		add_commit(repo, h, tree, hist, (int)(hist % 4));
	}
}

/* How many commits `tip` reaches that `hide` does not. */
static size_t exact_count(specsync_repo *srepo, const git_oid *tip, const git_oid *hide)
{
	specsync_dag *seen = specsync_dag_new();
	specsync_error err;
	size_t n;

	assert_non_null(seen);
	assert_int_equal(specsync_git_reach_new(NULL, NULL, &n, srepo, (const specsync_oid *)hide,
						seen, NULL, &err),
			 0);
	assert_int_equal(specsync_git_reach_new(NULL, NULL, &n, srepo, (const specsync_oid *)tip,
						seen, NULL, &err),
			 0);
	specsync_dag_free(seen);
	return n;
}

/* *nonempty counts the orders of two commits or more, *skewed those where
 * the revision walk lists commits that `hide` reaches (clock skew). */
static void expect_same_order(specsync_repo *srepo, specsync_dag *dag, const git_oid *tip,
			      const git_oid *hide, unsigned *nonempty, unsigned *skewed)
{
	specsync_oid *want = NULL, *got = NULL;
	size_t nwant = 0, ngot = 0;
	specsync_error err;

	assert_int_equal(specsync_git_branch_commits(&want, &nwant, srepo,
						     (const specsync_oid *)tip, 1,
						     (const specsync_oid *)hide, &err),
			 0);
	assert_int_equal(specsync_dag_branch_order(&got, &ngot, dag, (const specsync_oid *)tip,
						   (const specsync_oid *)hide),
			 0);
	assert_int_equal(ngot, nwant);
	for (size_t i = 0; i < nwant; i++) {
		char h[41], t[41];
		if (!memcmp(got[i].id, want[i].id, 20))
			continue;
		git_oid_tostr(h, sizeof(h), hide);
		git_oid_tostr(t, sizeof(t), tip);
		fail_msg("%s..%s: commit %zu differs", h, t, i);
	}
	*nonempty += nwant > 1;
	*skewed += nwant != exact_count(srepo, tip, hide);
	free(want);
	free(got);
}

static void test_order_matches_libgit2(void **state)
{
	static history hs[HISTORIES];
	tu_repo r;
	git_treebuilder *tb;
	git_oid tree;
	specsync_repo *srepo;
	specsync_error err;
	unsigned merges = 0, octopus = 0, nonempty = 0, skewed = 0;

	(void)state;
	tu_repo_init(&r);
	assert_int_equal(git_treebuilder_new(&tb, r.repo, NULL), 0);
	assert_int_equal(git_treebuilder_write(&tree, tb), 0);
	git_treebuilder_free(tb);
	for (unsigned k = 0; k < HISTORIES; k++)
		build(r.repo, &hs[k], &tree, k);
	if (specsync_repo_open(&srepo, r.dir, 0, &err) < 0)
		fail_msg("open: %s", err.message);
	for (unsigned k = 0; k < HISTORIES; k++) {
		history *h = &hs[k];
		specsync_dag *dag = specsync_dag_new();
		size_t n;
		assert_non_null(dag);
		/* the graph grows commit after commit, as the walk grows it */
		for (unsigned i = 0; i < h->count; i++)
			assert_int_equal(specsync_git_reach_new(NULL, NULL, &n, srepo,
								(const specsync_oid *)&h->ids[i],
								dag, NULL, &err),
					 0);
		for (unsigned i = 0; i < h->count; i++) {
			if (h->nparents[i] < 2)
				continue;
			merges++;
			octopus += h->nparents[i] > 2;
			expect_same_order(srepo, dag, &h->ids[h->parents[i][1]],
					  &h->ids[h->parents[i][0]], &nonempty, &skewed);
		}
		for (unsigned p = 0; p < PAIRS; p++)
			expect_same_order(srepo, dag, &h->ids[rnd(h->count)],
					  &h->ids[rnd(h->count)], &nonempty, &skewed);
		specsync_dag_free(dag);
	}
	print_message("%u merges (%u octopus), %u orders of 2 commits or more, %u skewed\n", merges,
		      octopus, nonempty, skewed);
	/* the histories hold what the test is about */
	assert_true(merges > 1000);
	assert_true(octopus > 100);
	assert_true(nonempty > 2000);
	assert_true(skewed > 10);
	specsync_repo_free(srepo);
	tu_repo_free(&r);
}

/* A commit the graph does not hold, or holds without its data: the order
 * cannot be computed from it (the walk then asks libgit2). */
static void test_incomplete_graph_is_not_found(void **state)
{
	specsync_dag *dag = specsync_dag_new();
	specsync_oid a = {{1}}, b = {{2}}, c = {{3}}, *ids = NULL;
	size_t n = 7;
	uint32_t ia;

	(void)state;
	assert_non_null(dag);
	assert_int_equal(specsync_dag_branch_order(&ids, &n, dag, &a, &b), SPECSYNC_ENOTFOUND);
	assert_int_equal(specsync_dag_add_commit(dag, &a, 10, &c, 1), 0);
	assert_int_equal(specsync_dag_add_commit(dag, &b, 10, &c, 1), 0);
	/* c is known only as a parent */
	assert_int_equal(specsync_dag_branch_order(&ids, &n, dag, &a, &b), SPECSYNC_ENOTFOUND);
	assert_int_equal(specsync_dag_add(&ia, dag, &c), 0);
	assert_int_equal(specsync_dag_set(dag, ia, 5, NULL, 0), 0);
	assert_int_equal(specsync_dag_branch_order(&ids, &n, dag, &a, &b), 0);
	assert_int_equal(n, 1);
	assert_memory_equal(ids[0].id, a.id, 20);
	free(ids);
	assert_int_equal(specsync_dag_count(dag), 3);
	specsync_dag_free(dag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_matches_libgit2),
		cmocka_unit_test(test_incomplete_graph_is_not_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
