/*
 * specsync_git_tree_entry (the file lookup of the changed sections, in raw
 * trees) agrees with specsync_git_entry_at (libgit2's revision and path
 * lookup): same blob ids, same errors for an absent path, a directory, a
 * path through a file, names that are prefixes of one another.
 */
#include "testutil.h"
#include "git.h"

#include <stdio.h>
#include <string.h>

typedef struct fixture {
	tu_repo r;
	specsync_repo *repo;
	specsync_oid tree;
	char hex[41];
} fixture;

static void open_fixture(fixture *fx)
{
	specsync_commit_head h;
	specsync_oid commit;
	const git_oid *id;

	tu_repo_init(&fx->r);
	id = tu_commit(&fx->r, "alice@example.org", "files", "a/b/c.md", "deep\n", "a/b.md",
		       "beside the directory\n", "a/bc.md", "longer name\n", "a/b-c.md",
		       "sorts between\n", "top.md", "top\n", "z/y/x/w.md", "four levels\n",
		       NULL);
	git_oid_tostr(fx->hex, sizeof(fx->hex), id);
	assert_int_equal(specsync_repo_open(&fx->repo, fx->r.dir, 0, NULL), 0);
	assert_int_equal(specsync_oid_parse(&commit, fx->hex), 0);
	assert_int_equal(specsync_git_commit_head(&h, fx->repo, &commit, NULL, NULL), 0);
	fx->tree = h.tree;
}

static void close_fixture(fixture *fx)
{
	specsync_repo_free(fx->repo);
	tu_repo_free(&fx->r);
}

static void found_as_libgit2_finds(void **state)
{
	static const char *const paths[] = { "a/b/c.md", "a/b.md", "a/bc.md",
					     "a/b-c.md", "top.md",  "z/y/x/w.md" };
	fixture fx;

	(void)state;
	open_fixture(&fx);
	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		specsync_oid raw, lg;
		assert_int_equal(specsync_git_tree_entry(&raw, fx.repo, &fx.tree, paths[i], NULL),
				 0);
		assert_int_equal(specsync_git_entry_at(&lg, fx.repo, fx.hex, paths[i], NULL), 0);
		assert_memory_equal(raw.id, lg.id, 20);
	}
	close_fixture(&fx);
}

static void refused_as_libgit2_refuses(void **state)
{
	static const struct {
		const char *path;
		int error;
	} cases[] = {
		{ "a/x.md", SPECSYNC_ENOTFOUND },   /* absent */
		{ "a/b", SPECSYNC_EINPUT },         /* a directory */
		{ "top.md/x", SPECSYNC_ENOTFOUND }, /* through a file */
		{ "a/b/c", SPECSYNC_ENOTFOUND },    /* a prefix of a name */
		{ "a/b/c.md/", SPECSYNC_ENOTFOUND },
		{ "missing/c.md", SPECSYNC_ENOTFOUND },
	};
	fixture fx;

	(void)state;
	open_fixture(&fx);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		specsync_oid raw, lg;
		specsync_error err;
		int r = specsync_git_tree_entry(&raw, fx.repo, &fx.tree, cases[i].path, &err);
		int l = specsync_git_entry_at(&lg, fx.repo, fx.hex, cases[i].path, &err);
		if (r != cases[i].error || l != cases[i].error)
			fail_msg("%s: %d (libgit2: %d), expected %d", cases[i].path, r, l,
				 cases[i].error);
	}
	close_fixture(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(found_as_libgit2_finds),
		cmocka_unit_test(refused_as_libgit2_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
