/*
 * The first-parent walk with the persistent cache: a warm run walks only
 * the commits added since the cached state, a hook starts from HEAD's
 * state, and every result is the same with and without the cache (the
 * rendered JSON, byte for byte, with a fixed clock).
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "cache.h"
#include "engine.h"
#include "walk.h"

#define ALICE "Alice Martin <alice@example.org>" /* functional R */
#define CHLOE "Chloe Durand <chloe@example.org>" /* technical R */
#define PAULINE "Pauline <pauline@example.org>"  /* technical A */
#define MALLORY "Mallory <mallory@example.org>"  /* nobody */
#define LEAD "Lea <lead@example.org>"            /* R on both sides */

static const char config[] = "version: 1\n"
			     "requirements:\n"
			     "  id: '\\bREQ-[0-9]{3}\\b'\n"
			     "sides:\n"
			     "  functional:\n"
			     "    paths: [\"func/**/*.md\"]\n"
			     "  technical:\n"
			     "    paths: [\"tech/**/*.md\"]\n"
			     "roles:\n"
			     "  amoa: { members: [\"alice@example.org\", \"lead@example.org\"] }\n"
			     "  amoe: { members: [\"chloe@example.org\", \"lead@example.org\"] }\n"
			     "  pm: { members: [\"pauline@example.org\"] }\n"
			     "raci:\n"
			     "  - scope: \"*\"\n"
			     "    functional: { R: amoa, C: [amoe] }\n"
			     "    technical: { R: amoe, A: pm, C: [amoa] }\n";

typedef struct fixture {
	tu_repo repo;
	specsync_config *cfg;
	specsync_repo *srepo;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	specsync_error err;

	tu_repo_init(&f->repo);
	if (specsync_config_parse(&f->cfg, config, strlen(config), "test.yml", &err) < 0)
		fail_msg("config: %s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	specsync_config_free(f->cfg);
	specsync_repo_free(f->srepo);
	tu_repo_free(&f->repo);
	free(f);
	return 0;
}

static specsync_repo *srepo(fixture *f)
{
	specsync_error err;

	/* reopened for every run: nothing carries over but the cache */
	specsync_repo_free(f->srepo);
	f->srepo = NULL;
	if (specsync_repo_open(&f->srepo, f->repo.dir, 0, &err) < 0)
		fail_msg("open: %s", err.message);
	return f->srepo;
}

/* The audit of `rev` (NULL: HEAD) rendered as JSON; caller frees. */
static char *audit_json(fixture *f, const char *rev, const char *since, bool no_cache)
{
	specsync_audit_options o = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_result *r = NULL;
	specsync_buf out = SPECSYNC_BUF_INIT;
	specsync_error err;

	o.rev = rev;
	o.since = since;
	o.now = 1800000000;
	o.no_cache = no_cache;
	if (specsync_audit(&r, srepo(f), f->cfg, &o, &err) < 0)
		fail_msg("audit: %s", err.message);
	assert_int_equal(specsync_render(&out, r, SPECSYNC_FORMAT_JSON, &ro), 0);
	specsync_result_free(r);
	return specsync_buf_detach(&out);
}

static void assert_cache_agrees(fixture *f, const char *rev)
{
	char *cold = audit_json(f, rev, NULL, true);
	char *warm = audit_json(f, rev, NULL, false);

	assert_string_equal(warm, cold);
	free(cold);
	free(warm);
}

/* The number of first-parent commits a cached walk to HEAD goes through. */
static size_t walked_to_head(fixture *f, size_t *states_before, size_t *states_after)
{
	specsync_engine *eng = NULL;
	specsync_cache cache;
	specsync_error err;
	specsync_oid head;
	size_t walked, n;
	char dir[4096];

	assert_int_equal(specsync_engine_new(&eng, srepo(f), f->cfg, &err), 0);
	specsync_cache_init(&cache, f->srepo, f->cfg, NULL, true);
	snprintf(dir, sizeof(dir), "%s", cache.dir);
	*states_before = 0;
	for (DIR *d = opendir(dir); d; closedir(d), d = NULL)
		for (struct dirent *e; (e = readdir(d)) != NULL;)
			*states_before += strstr(e->d_name, ".state") != NULL;
	assert_int_equal(specsync_git_resolve(&head, f->srepo, "HEAD", &err), 0);
	if (specsync_history_walk_to(eng, &cache, &head, NULL, &walked) < 0)
		fail_msg("walk: %s", err.message);
	n = specsync_engine_walk_state(eng)->count;
	*states_after = 0;
	for (DIR *d = opendir(dir); d; closedir(d), d = NULL)
		for (struct dirent *e; (e = readdir(d)) != NULL;)
			*states_after += strstr(e->d_name, ".state") != NULL;
	specsync_cache_dispose(&cache);
	specsync_engine_free(eng);
	return n;
}

static const char F1[] = "# REQ-001 Login\n\nUsers log in with a password.\n";
static const char F1b[] = "# REQ-001 Login\n\nUsers log in with a password or a passkey.\n";
static const char T1[] = "# Login (REQ-001)\n\nbcrypt, cost 12.\n";
static const char T1b[] = "# Login (REQ-001)\n\nbcrypt, cost 12; WebAuthn for passkeys.\n";

static void test_warm_walk_goes_back_one_commit(void **state)
{
	fixture *f = *state;
	size_t before, after;

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "code", "src/a.c", "int a;\n", NULL);
	tu_commit(&f->repo, ALICE, "passkeys", "func/login.md", F1b, NULL);
	assert_int_equal(walked_to_head(f, &before, &after), 3);
	assert_int_equal(before, 0);
	assert_int_equal(after, 1);
	/* the state at HEAD is there: nothing to walk, nothing to store */
	assert_int_equal(walked_to_head(f, &before, &after), 0);
	assert_int_equal(after, before);
	/* one commit later, the walk starts from HEAD~1's state */
	tu_commit(&f->repo, CHLOE, "webauthn", "tech/login.md", T1b, NULL);
	assert_int_equal(walked_to_head(f, &before, &after), 1);
	assert_int_equal(after, before + 1);
	assert_cache_agrees(f, NULL);
}

static void test_hook_starts_from_head_state(void **state)
{
	fixture *f = *state;
	specsync_check_options o = SPECSYNC_CHECK_OPTIONS_INIT;
	specsync_result *warm = NULL, *cold = NULL;
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf a = SPECSYNC_BUF_INIT, b = SPECSYNC_BUF_INIT;
	specsync_error err;
	size_t before, after;

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "passkeys", "func/login.md", F1b, NULL);
	free(audit_json(f, NULL, NULL, false));
	assert_int_equal(walked_to_head(f, &before, &after), 0);
	/* stage a technical response */
	tu_write(f->repo.dir, "tech/login.md", T1b);
	{
		git_index *index;
		assert_int_equal(git_repository_index(&index, f->repo.repo), 0);
		assert_int_equal(git_index_add_bypath(index, "tech/login.md"), 0);
		assert_int_equal(git_index_write(index), 0);
		git_index_free(index);
	}
	o.now = 1800000000;
	o.author_name = "Chloe Durand";
	o.author_email = "chloe@example.org";
	if (specsync_check(&warm, srepo(f), f->cfg, &o, &err) < 0)
		fail_msg("check: %s", err.message);
	o.no_cache = true;
	if (specsync_check(&cold, srepo(f), f->cfg, &o, &err) < 0)
		fail_msg("check: %s", err.message);
	assert_int_equal(specsync_render(&a, warm, SPECSYNC_FORMAT_JSON, &ro), 0);
	assert_int_equal(specsync_render(&b, cold, SPECSYNC_FORMAT_JSON, &ro), 0);
	assert_string_equal(a.ptr, b.ptr);
	assert_non_null(strstr(a.ptr, "\"status\":\"resolved\""));
	/* the check stored nothing new */
	assert_int_equal(walked_to_head(f, &before, &after), 0);
	assert_int_equal(before, 1);
	specsync_buf_dispose(&a);
	specsync_buf_dispose(&b);
	specsync_result_free(warm);
	specsync_result_free(cold);
}

static void test_cache_agrees_commit_after_commit(void **state)
{
	fixture *f = *state;
	git_oid base, branch;
	char hex[41];

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	assert_cache_agrees(f, NULL);
	git_oid_cpy(&base, tu_commit(&f->repo, ALICE, "passkeys", "func/login.md", F1b, NULL));
	assert_cache_agrees(f, NULL);
	tu_commit(&f->repo, MALLORY, "feature tech", "tech/login.md", T1b, NULL);
	git_oid_cpy(&branch, tu_commit(&f->repo, ALICE, "more\n\nSync-Ack: REQ-001 fine\n",
				       "func/x.md", "# REQ-002\nnew\n", NULL));
	tu_reset(&f->repo, &base);
	tu_commit(&f->repo, PAULINE, "main work", "src/a.c", "x\n", NULL);
	assert_cache_agrees(f, NULL);
	tu_merge(&f->repo, &branch, PAULINE, "Merge feature", "tech/login.md", T1b, "func/x.md",
		 "# REQ-002\nnew\n", NULL);
	assert_cache_agrees(f, NULL);
	tu_commit(&f->repo, CHLOE, "tech for 002", "tech/y.md", "# REQ-002\ny\n", NULL);
	tu_commit(&f->repo, PAULINE, "ack\n\nSync-Ack: REQ-002\n", NULL);
	assert_cache_agrees(f, NULL);
	/* an older revision, with newer states cached */
	git_oid_tostr(hex, sizeof(hex), &base);
	assert_cache_agrees(f, hex);
	/* a commit of the merged branch: its first-parent line joins main */
	git_oid_tostr(hex, sizeof(hex), &branch);
	assert_cache_agrees(f, hex);
}

static void test_baseline_at_a_merge_is_the_merge(void **state)
{
	fixture *f = *state;
	git_oid base, branch;
	char hex[41], merge[41];
	specsync_audit_options o = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_result *r = NULL;
	specsync_error err;

	git_oid_cpy(&base, tu_commit(&f->repo, ALICE, "func", "func/login.md", F1, NULL));
	git_oid_cpy(&branch, tu_commit(&f->repo, CHLOE, "release notes", "src/n.txt", "n\n", NULL));
	git_oid_tostr(hex, sizeof(hex), &branch);
	tu_reset(&f->repo, &base);
	tu_commit(&f->repo, PAULINE, "main work", "src/a.c", "x\n", NULL);
	git_oid_tostr(
		merge, sizeof(merge),
		tu_merge(&f->repo, &branch, PAULINE, "Merge release", "src/n.txt", "n\n", NULL));
	tu_commit(&f->repo, ALICE, "after", "func/login.md", F1b, NULL);
	o.since = hex;
	o.now = 1800000000;
	o.no_cache = true;
	if (specsync_audit(&r, srepo(f), f->cfg, &o, &err) < 0)
		fail_msg("audit: %s", err.message);
	/* `since` names a commit of the merged branch: the baseline is the
	 * first first-parent commit that contains it, the merge */
	assert_non_null(specsync_result_baseline(r));
	assert_string_equal(specsync_result_baseline(r)->id, merge);
	specsync_result_free(r);
	{
		char *cold = audit_json(f, NULL, hex, true),
		     *warm = audit_json(f, NULL, hex, false);
		char *again = audit_json(f, NULL, hex, false);
		assert_string_equal(warm, cold);
		assert_string_equal(again, cold);
		free(cold);
		free(warm);
		free(again);
	}
}

static void test_commit_infos_only_for_findings(void **state)
{
	fixture *f = *state;
	specsync_engine *eng = NULL;
	eng_view v;
	specsync_cache off;
	specsync_error err;
	specsync_oid head;
	size_t walked;
	char path[32];

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	for (int i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "src/f%d.c", i % 7);
		tu_commit(&f->repo, MALLORY, "code", path, i % 2 ? "a\n" : "b\n", NULL);
	}
	tu_commit(&f->repo, ALICE, "passkeys", "func/login.md", F1b, NULL);
	assert_int_equal(specsync_engine_new(&eng, srepo(f), f->cfg, &err), 0);
	specsync_cache_init(&off, f->srepo, f->cfg, NULL, false);
	assert_int_equal(specsync_git_resolve(&head, f->srepo, "HEAD", &err), 0);
	assert_int_equal(specsync_history_walk_to(eng, &off, &head, NULL, &walked), 0);
	assert_int_equal(walked, 42);
	/* every commit that compared trees is counted, only the one that
	 * opened an episode is kept */
	specsync_engine_view(&v, eng);
	assert_int_equal(v.commit_total, 42);
	assert_int_equal(v.commit_count, 1);
	specsync_engine_free(eng);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_warm_walk_goes_back_one_commit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hook_starts_from_head_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_agrees_commit_after_commit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_baseline_at_a_merge_is_the_merge, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_commit_infos_only_for_findings, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
