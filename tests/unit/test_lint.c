/*
 * specsync_lint() through the library: what the command line cannot
 * plant (a role without members, which the loader refuses) and the order
 * of the findings.
 */
#include "testutil.h"

#include <string.h>

#include "config.h"

static const char config_text[] = "version: 1\n"
				  "requirements:\n"
				  "  id: '\\bREQ-[0-9]{3}\\b'\n"
				  "sides:\n"
				  "  functional: { paths: [\"f/*.md\"] }\n"
				  "  technical: { paths: [\"t/*.md\"] }\n"
				  "roles:\n"
				  "  amoa: { members: [\"alice@example.org\"] }\n"
				  "  amoe: { members: [\"chloe@example.org\"] }\n"
				  "  pm: { members: [\"pauline@example.org\"] }\n"
				  "raci:\n"
				  "  - scope: \"*\"\n"
				  "    functional: { R: amoa, A: pm, I: [amoe] }\n"
				  "    technical: { R: amoe, A: amoa }\n";

typedef struct fixture {
	tu_repo repo;
	specsync_config *cfg;
	specsync_repo *srepo;
	specsync_lint_result *result;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	specsync_error err;

	tu_repo_init(&f->repo);
	if (specsync_config_parse(&f->cfg, config_text, strlen(config_text), "lint.yml", &err) < 0)
		fail_msg("config: %s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	specsync_lint_result_free(f->result);
	specsync_config_free(f->cfg);
	specsync_repo_free(f->srepo);
	tu_repo_free(&f->repo);
	free(f);
	return 0;
}

static const specsync_lint_finding *lint(fixture *f, size_t *n)
{
	specsync_error err;

	if (!f->srepo && specsync_repo_open(&f->srepo, f->repo.dir, 0, &err) < 0)
		fail_msg("open: %s", err.message);
	specsync_lint_result_free(f->result);
	if (specsync_lint(&f->result, f->srepo, f->cfg, NULL, &err) < 0)
		fail_msg("lint: %s", err.message);
	return specsync_lint_findings(f->result, n);
}

static void test_role_without_members(void **state)
{
	fixture *f = *state;
	const specsync_lint_finding *l;
	size_t n;

	tu_commit(&f->repo, "alice@example.org", "specs", "f/a.md", "# REQ-001\n", "t/a.md",
		  "# x (REQ-001)\n", NULL);
	/* amoe is Responsible on the technical side, Informed on the functional */
	f->cfg->roles[1].member_count = 0;
	l = lint(f, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0].rule, "role-no-members");
	assert_int_equal(l[0].level, SPECSYNC_LEVEL_WARNING);
	assert_string_equal(l[0].side, "functional");
	assert_string_equal(l[0].message,
			    "raci[0].functional.I (scope \"*\"): role amoe has no members");
	assert_int_equal(l[0].line, 13);
	assert_string_equal(l[1].rule, "role-no-members");
	assert_int_equal(l[1].level, SPECSYNC_LEVEL_ERROR);
	assert_string_equal(l[1].message,
			    "raci[0].technical.R (scope \"*\"): role amoe has no members");
	assert_int_equal(specsync_lint_max_level(f->result), SPECSYNC_LEVEL_ERROR);
	f->cfg->roles[1].member_count = 1;
}

static void test_order_configuration_then_documents(void **state)
{
	fixture *f = *state;
	const specsync_lint_finding *l;
	size_t n;

	f->cfg->lint_same_accountable = SPECSYNC_LEVEL_ERROR;
	/* pauline is A of functional, alice A of technical and R of functional:
	 * no shared Accountable; REQ-003 is functional only, REQ-002 technical
	 * only; documents in path order */
	tu_commit(&f->repo, "alice@example.org", "specs", "f/b.md", "# REQ-003\n", "f/a.md",
		  "# REQ-001\n", "t/a.md", "# x (REQ-001)\n\n# y (REQ-002)\n", NULL);
	l = lint(f, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0].rule, "uncovered");
	assert_string_equal(l[0].path, "f/b.md");
	assert_string_equal(l[1].rule, "orphan");
	assert_string_equal(l[1].path, "t/a.md");
	assert_int_equal(l[1].line, 3);
	assert_string_equal(l[1].requirement, "REQ-002");
	/* now the same person Accountable on both sides: a configuration
	 * finding, listed first */
	f->cfg->raci[0].cells[1].letters[SPECSYNC_RACI_ACCOUNTABLE][0] = 2;
	l = lint(f, &n);
	assert_int_equal(n, 3);
	assert_string_equal(l[0].rule, "same-accountable");
	assert_int_equal(l[0].level, SPECSYNC_LEVEL_ERROR);
	assert_string_equal(l[0].path, "lint.yml");
	assert_string_equal(l[1].path, "f/b.md");
	assert_string_equal(l[2].path, "t/a.md");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_role_without_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_configuration_then_documents, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
