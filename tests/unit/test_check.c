/*
 * Checks: the statuses new, resolved and open for the index, a range and a
 * pull request, and the cache giving the same answers.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#define ALICE "Alice <alice@example.org>" /* functional R */
#define CHLOE "Chloe <chloe@example.org>" /* technical R */
#define LEAD "Lea <lead@example.org>"     /* R on both sides */

static const char config[] =
	"version: 1\n"
	"requirements:\n"
	"  id: '\\bREQ-[0-9]{3}\\b'\n"
	"sides:\n"
	"  functional: { paths: [\"func/*.md\"] }\n"
	"  technical: { paths: [\"tech/*.md\"] }\n"
	"roles:\n"
	"  amoa: { members: [\"alice@example.org\", \"lead@example.org\"] }\n"
	"  amoe: { members: [\"chloe@example.org\", \"lead@example.org\"] }\n"
	"raci:\n"
	"  - scope: \"*\"\n"
	"    functional: { R: amoa, A: amoa }\n"
	"    technical: { R: amoe, A: amoe }\n";

typedef struct fixture {
	tu_repo repo;
	specsync_config *cfg;
	specsync_repo *srepo;
	specsync_result *result;
	char summary[2048];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	specsync_error err;

	tu_repo_init(&f->repo);
	assert_int_equal(specsync_config_parse(&f->cfg, config, strlen(config), "t.yml", &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	specsync_result_free(f->result);
	specsync_config_free(f->cfg);
	specsync_repo_free(f->srepo);
	tu_repo_free(&f->repo);
	free(f);
	return 0;
}

/* "kind:REQ:side:status" for every finding, in order. */
static const char *run(fixture *f, specsync_check_options *o)
{
	specsync_error err;
	size_t n, len = 0;
	const specsync_finding *fs;

	specsync_result_free(f->result);
	f->result = NULL;
	specsync_repo_free(f->srepo);
	if (specsync_repo_open(&f->srepo, f->repo.dir, 0, &err) < 0)
		fail_msg("open: %s", err.message);
	if (specsync_check(&f->result, f->srepo, f->cfg, o, &err) < 0)
		fail_msg("check: %s", err.message);
	fs = specsync_result_findings(f->result, &n);
	f->summary[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(f->summary + len, sizeof(f->summary) - len, "%s%s:%s:%s:%s",
					len ? " " : "", specsync_finding_kind_name(fs[i].kind),
					fs[i].requirement,
					fs[i].lagging_side ? fs[i].lagging_side
					: fs[i].side ? fs[i].side : "-",
					specsync_status_name(fs[i].status));
	return f->summary;
}

static void stage(fixture *f, const char *path, const char *content)
{
	git_index *index;
	git_index_entry e;
	git_oid blob;

	assert_int_equal(git_repository_index(&index, f->repo.repo), 0);
	assert_int_equal(git_blob_create_from_buffer(&blob, f->repo.repo, content, strlen(content)), 0);
	memset(&e, 0, sizeof(e));
	e.path = path;
	e.mode = GIT_FILEMODE_BLOB;
	e.id = blob;
	assert_int_equal(git_index_add(index, &e), 0);
	assert_int_equal(git_index_write(index), 0);
	git_index_free(index);
}

static void test_staged_new_resolved_open(void **state)
{
	fixture *f = *state;
	specsync_check_options o = SPECSYNC_CHECK_OPTIONS_INIT;

	tu_commit(&f->repo, LEAD, "both", "func/a.md", "# REQ-001\nv1\n", "tech/a.md",
		  "# REQ-001\nt1\n", "func/b.md", "# REQ-002\nv1\n", "tech/b.md", "# REQ-002\nt1\n",
		  NULL);
	tu_commit(&f->repo, ALICE, "open one", "func/b.md", "# REQ-002\nv2\n", NULL);
	o.mode = SPECSYNC_CHECK_STAGED;
	o.author_email = "alice@example.org";
	o.author_name = "Alice";
	assert_string_equal(run(f, &o), "unsynced:REQ-002:technical:open");
	assert_int_equal(specsync_result_max_level(f->result), SPECSYNC_LEVEL_OFF);

	stage(f, "func/a.md", "# REQ-001\nv2\n");
	assert_string_equal(run(f, &o),
			    "unsynced:REQ-001:technical:new unsynced:REQ-002:technical:open");
	assert_int_equal(specsync_result_max_level(f->result), SPECSYNC_LEVEL_ERROR);

	/* an acknowledgement in the message, by the lagging side's R as a
	 * co-author */
	o.message = "change\n\nSync-Ack: REQ-001 no technical impact\n"
		    "Co-authored-by: Chloe <chloe@example.org>\n";
	assert_string_equal(run(f, &o), "unsynced:REQ-002:technical:open");
	/* the author writing the other side's text is out of role */
	o.author_email = "chloe@example.org";
	assert_string_equal(run(f, &o), "unsynced:REQ-002:technical:open "
					 "out-of-role:REQ-001:functional:new");
	o.message = "change\n\nSync-Ack: REQ-001 no technical impact\n";
	/* from the wrong person */
	o.author_email = "alice@example.org";
	assert_string_equal(run(f, &o), "unsynced:REQ-001:technical:new "
					 "unsynced:REQ-002:technical:open invalid-ack:REQ-001:-:new");

	/* the counterpart staged too, and the open one caught up */
	o.message = NULL;
	o.author_email = "lead@example.org";
	stage(f, "tech/a.md", "# REQ-001\nt2\n");
	stage(f, "tech/b.md", "# REQ-002\nt2\n");
	assert_string_equal(run(f, &o), "unsynced:REQ-002:technical:resolved");
	assert_int_equal(specsync_result_max_level(f->result), SPECSYNC_LEVEL_OFF);
}

static void test_staged_on_unborn_head(void **state)
{
	fixture *f = *state;
	specsync_check_options o = SPECSYNC_CHECK_OPTIONS_INIT;

	stage(f, "func/a.md", "# REQ-001\nv1\n");
	o.author_email = "alice@example.org";
	assert_string_equal(run(f, &o), "unsynced:REQ-001:technical:new");
}

/* Concluding a merge (MERGE_HEAD): the merged commits' acknowledgements
 * count, as they do for a merge commit in the history. */
static void test_staged_merge_in_progress(void **state)
{
	fixture *f = *state;
	specsync_check_options o = SPECSYNC_CHECK_OPTIONS_INIT;
	git_oid base;
	char side[42];

	git_oid_cpy(&base, tu_commit(&f->repo, LEAD, "both", "func/a.md", "# REQ-001\nv1\n",
				     "tech/a.md", "# REQ-001\nt1\n", NULL));
	git_oid_tostr(side, 41, tu_commit(&f->repo, LEAD, "func only\n\nSync-Ack: REQ-001 wording\n",
					  "func/a.md", "# REQ-001\nv2\n", NULL));
	tu_reset(&f->repo, &base);
	tu_commit(&f->repo, CHLOE, "unrelated", "notes.txt", "x\n", NULL);
	stage(f, "func/a.md", "# REQ-001\nv2\n");
	o.mode = SPECSYNC_CHECK_STAGED;
	o.author_email = "chloe@example.org";
	o.message = "Merge side\n";
	/* without the merge state, the functional change is the committer's own */
	assert_string_equal(run(f, &o), "unsynced:REQ-001:technical:new "
					 "out-of-role:REQ-001:functional:new");
	strcat(side, "\n");
	tu_write(f->repo.dir, ".git/MERGE_HEAD", side);
	assert_string_equal(run(f, &o), "");
	assert_int_equal(specsync_result_max_level(f->result), SPECSYNC_LEVEL_OFF);
}

static void test_range(void **state)
{
	fixture *f = *state;
	specsync_check_options o = SPECSYNC_CHECK_OPTIONS_INIT;
	char old[41], mid[41];

	tu_commit(&f->repo, LEAD, "both", "func/a.md", "# REQ-001\nv1\n", "tech/a.md",
		  "# REQ-001\nt1\n", NULL);
	git_oid_tostr(old, sizeof(old),
		      tu_commit(&f->repo, ALICE, "open", "func/b.md", "# REQ-002\nv1\n", NULL));
	tu_commit(&f->repo, ALICE, "one-sided", "func/a.md", "# REQ-001\nv2\n", NULL);
	git_oid_tostr(mid, sizeof(mid),
		      tu_commit(&f->repo, CHLOE, "catch up", "tech/b.md", "# REQ-002\nt1\n", NULL));
	o.mode = SPECSYNC_CHECK_RANGE;
	o.old_rev = old;
	o.new_rev = "HEAD";
	assert_string_equal(run(f, &o), "unsynced:REQ-001:technical:new "
					 "unsynced:REQ-002:technical:resolved");
	/* a range inside the history: from mid, only an open one */
	o.old_rev = mid;
	assert_string_equal(run(f, &o), "unsynced:REQ-001:technical:open");
	/* the same with the cache disabled */
	o.old_rev = old;
	o.no_cache = true;
	assert_string_equal(run(f, &o), "unsynced:REQ-001:technical:new "
					 "unsynced:REQ-002:technical:resolved");
}

/* git's empty tree as OLD: every first-parent commit, the root included */
static void test_range_from_first_commit(void **state)
{
	fixture *f = *state;
	specsync_check_options o = SPECSYNC_CHECK_OPTIONS_INIT;

	tu_commit(&f->repo, ALICE, "root, one-sided", "func/a.md", "# REQ-001\nv1\n", NULL);
	o.mode = SPECSYNC_CHECK_RANGE;
	o.old_rev = SPECSYNC_EMPTY_TREE_ID;
	o.new_rev = "HEAD";
	assert_string_equal(run(f, &o), "unsynced:REQ-001:technical:new");
	assert_null(specsync_result_base(f->result));
	tu_commit(&f->repo, CHLOE, "catch up", "tech/a.md", "# REQ-001\nt1\n", NULL);
	assert_string_equal(run(f, &o), "");
}

static void test_pull_request_is_one_unit(void **state)
{
	fixture *f = *state;
	specsync_check_options o = SPECSYNC_CHECK_OPTIONS_INIT;
	git_oid base, tech;
	static char hex2[41];

	git_oid_cpy(&base, tu_commit(&f->repo, LEAD, "both", "func/a.md", "# REQ-001\nv1\n",
				     "tech/a.md", "# REQ-001\nt1\n", NULL));
	/* the functional change in one commit, the technical in the next */
	tu_commit(&f->repo, ALICE, "func", "func/a.md", "# REQ-001\nv2\n", NULL);
	git_oid_cpy(&tech, tu_commit(&f->repo, CHLOE, "tech", "tech/a.md", "# REQ-001\nt2\n", NULL));
	o.mode = SPECSYNC_CHECK_BASE;
	{
		char hex[41];
		git_oid_tostr(hex, sizeof(hex), &base);
		o.base = hex;
		assert_string_equal(run(f, &o), "");
		assert_string_equal(specsync_result_base(f->result), hex);
	}
	/* a new, one-sided pull request fails */
	tu_commit(&f->repo, ALICE, "func again", "func/a.md", "# REQ-001\nv3\n", NULL);
	git_oid_tostr(hex2, sizeof(hex2), &tech);
	o.base = hex2;
	assert_string_equal(run(f, &o), "unsynced:REQ-001:technical:new");
	assert_int_equal(specsync_result_max_level(f->result), SPECSYNC_LEVEL_ERROR);
	/* acknowledged by a commit of the pull request */
	tu_commit(&f->repo, CHLOE, "ack\n\nSync-Ack: REQ-001\n", NULL);
	assert_string_equal(run(f, &o), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_staged_new_resolved_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged_on_unborn_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged_merge_in_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_from_first_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pull_request_is_one_unit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
