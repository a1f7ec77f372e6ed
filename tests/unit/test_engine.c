/*
 * The pending-state rules, acknowledgements, roles and baselines, on
 * repositories built commit by commit through libgit2.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#define ALICE "Alice Martin <alice@example.org>" /* functional R */
#define SOPHIE "Sophie <sophie@example.org>"     /* functional A */
#define CHLOE "Chloe Durand <chloe@example.org>" /* technical R */
#define PAULINE "Pauline <pauline@example.org>"  /* technical A */
#define MALLORY "Mallory <mallory@example.org>"  /* nobody */
#define LEAD "Lea <lead@example.org>"            /* R on both sides */

static const char base_config[] =
	"version: 1\n"
	"requirements:\n"
	"  id: '\\bREQ-[0-9]{3}\\b'\n"
	"sides:\n"
	"  functional:\n"
	"    paths: [\"func/**/*.md\"]\n"
	"  technical:\n"
	"    paths: [\"tech/**/*.md\"]\n"
	"roles:\n"
	"  amoa: { members: [\"alice@example.org\", \"lead@example.org\"] }\n"
	"  sponsor: { members: [\"sophie@example.org\"] }\n"
	"  amoe: { members: [\"chloe@example.org\", \"lead@example.org\"] }\n"
	"  pm: { members: [\"pauline@example.org\"] }\n"
	"raci:\n"
	"  - scope: \"*\"\n"
	"    functional: { R: amoa, A: sponsor, C: [amoe], I: [pm] }\n"
	"    technical: { R: amoe, A: pm, C: [amoa], I: [sponsor] }\n";

static const char three_config[] =
	"version: 1\n"
	"requirements:\n"
	"  id: '\\bREQ-[0-9]{3}\\b'\n"
	"sides:\n"
	"  a: { paths: [\"a/*.md\"] }\n"
	"  b: { paths: [\"b/*.md\"] }\n"
	"  c: { paths: [\"c/*.md\"] }\n";

typedef struct fixture {
	tu_repo repo;
	specsync_config *cfg;
	specsync_repo *srepo;
	specsync_result *result;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	tu_repo_init(&f->repo);
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

static void audit_with(fixture *f, const char *config, const char *since)
{
	specsync_error err;
	specsync_audit_options o = SPECSYNC_AUDIT_OPTIONS_INIT;

	specsync_result_free(f->result);
	f->result = NULL;
	if (!f->cfg) {
		if (specsync_config_parse(&f->cfg, config, strlen(config), "test.yml", &err) < 0)
			fail_msg("config: %s", err.message);
		if (specsync_repo_open(&f->srepo, f->repo.dir, 0, &err) < 0)
			fail_msg("open: %s", err.message);
	}
	o.since = since;
	o.now = 1800000000;
	if (specsync_audit(&f->result, f->srepo, f->cfg, &o, &err) < 0)
		fail_msg("audit: %s", err.message);
}

static void audit(fixture *f)
{
	audit_with(f, base_config, NULL);
}

/* "REQ-001:technical:open" lines for every unsynced finding, sorted. */
static const char *unsynced(fixture *f)
{
	static char out[4096];
	size_t n, len = 0;
	const specsync_finding *fs = specsync_result_findings(f->result, &n);

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (fs[i].kind != SPECSYNC_FINDING_UNSYNCED)
			continue;
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s:%s:%s", len ? " " : "",
					fs[i].requirement, fs[i].lagging_side,
					specsync_status_name(fs[i].status));
	}
	return out;
}

static const char *events(fixture *f)
{
	static char out[4096];
	size_t n, len = 0;
	const specsync_finding *fs = specsync_result_findings(f->result, &n);

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (fs[i].kind == SPECSYNC_FINDING_UNSYNCED)
			continue;
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s:%s:%s:%s",
					len ? " " : "", specsync_finding_kind_name(fs[i].kind),
					fs[i].requirement, fs[i].side ? fs[i].side : "-",
					fs[i].author.email);
	}
	return out;
}

static const char F1[] = "# REQ-001 Login\n\nUsers log in with a password.\n";
static const char F1b[] = "# REQ-001 Login\n\nUsers log in with a password or a passkey.\n";
static const char F1c[] = "# REQ-001 Login\n\nUsers log in with a passkey only.\n";
static const char T1[] = "# Login (REQ-001)\n\nbcrypt, cost 12.\n";
static const char T1b[] = "# Login (REQ-001)\n\nbcrypt, cost 12; WebAuthn for passkeys.\n";

static void test_one_sided_edit_opens(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, ALICE, "func", "func/login.md", F1, NULL);
	tu_commit(&f->repo, CHLOE, "tech", "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "passkeys", "func/login.md", F1b, NULL);
	audit(f);
	assert_string_equal(unsynced(f),
			    "REQ-001:technical:open REQ-001:technical:resolved");
	assert_int_equal(specsync_result_max_level(f->result), SPECSYNC_LEVEL_ERROR);
	assert_string_equal(events(f), "");
}

static void test_response_resolves(void **state)
{
	fixture *f = *state;
	size_t n;
	const specsync_finding *fs;

	tu_commit(&f->repo, ALICE, "func", "func/login.md", F1, NULL);
	tu_commit(&f->repo, CHLOE, "tech", "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "passkeys", "func/login.md", F1b, NULL);
	tu_commit(&f->repo, CHLOE, "webauthn", "tech/login.md", T1b, NULL);
	audit(f);
	assert_string_equal(unsynced(f),
			    "REQ-001:technical:resolved REQ-001:technical:resolved");
	fs = specsync_result_findings(f->result, &n);
	assert_non_null(fs[1].closed_by);
	assert_string_equal(fs[1].closed_by->summary, "webauthn");
	assert_int_equal(fs[1].commit_count, 1);
	assert_string_equal(fs[1].commits[0].summary, "passkeys");
	assert_int_equal(specsync_result_max_level(f->result), SPECSYNC_LEVEL_OFF);
}

static void test_co_edit_is_synchronised(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, PAULINE, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	audit(f);
	assert_string_equal(unsynced(f), "");
}

static void test_repeated_initiation_extends(void **state)
{
	fixture *f = *state;
	size_t n;
	const specsync_finding *fs;

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "one", "func/login.md", F1b, NULL);
	tu_commit(&f->repo, ALICE, "two", "func/login.md", F1c, NULL);
	audit(f);
	assert_string_equal(unsynced(f), "REQ-001:technical:open");
	fs = specsync_result_findings(f->result, &n);
	assert_int_equal(fs[0].commit_count, 2);
	assert_string_equal(fs[0].commits[0].summary, "one");
	assert_string_equal(fs[0].commits[1].summary, "two");
}

static void test_reverse_direction(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, CHLOE, "tech", "tech/login.md", T1b, NULL);
	audit(f);
	assert_string_equal(unsynced(f), "REQ-001:functional:open");
}

static void test_lagging_side_changes_too_resolves(void **state)
{
	fixture *f = *state;

	/* pending {technical}; then both change together: all sides changed,
	 * pending empties */
	tu_commit(&f->repo, ALICE, "func", "func/login.md", F1, NULL);
	tu_commit(&f->repo, PAULINE, "both", "func/login.md", F1b, "tech/login.md", T1, NULL);
	audit(f);
	assert_string_equal(unsynced(f), "REQ-001:technical:resolved");
}

static void test_three_sides_subset_response(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, ALICE, "all", "a/x.md", "# REQ-001\nA\n", "b/x.md", "# REQ-001\nB\n",
		  "c/x.md", "# REQ-001\nC\n", NULL);
	tu_commit(&f->repo, ALICE, "a changes", "a/x.md", "# REQ-001\nA2\n", NULL);
	tu_commit(&f->repo, ALICE, "b responds", "b/x.md", "# REQ-001\nB2\n", NULL);
	audit_with(f, three_config, NULL);
	/* open ones first */
	assert_string_equal(unsynced(f), "REQ-001:c:open REQ-001:b:resolved");
}

static void test_appears_on_one_side(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, ALICE, "func", "func/login.md", F1, NULL);
	audit(f);
	assert_string_equal(unsynced(f), "REQ-001:technical:open");
	{
		size_t n;
		const specsync_finding *fs = specsync_result_findings(f->result, &n);
		assert_int_equal(fs[0].lagging_location_count, 0);
		assert_int_equal(fs[0].changed_location_count, 1);
		assert_string_equal(fs[0].changed_locations[0].path, "func/login.md");
		assert_int_equal(fs[0].changed_locations[0].line, 1);
	}
}

static void test_retired(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "drop func", "func/login.md", NULL, NULL);
	audit(f);
	assert_string_equal(unsynced(f), "REQ-001:technical:open");
	tu_commit(&f->repo, CHLOE, "drop tech", "tech/login.md", NULL, NULL);
	audit(f);
	assert_string_equal(unsynced(f), "REQ-001:technical:resolved");
}

static void test_whitespace_rename_and_move(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, LEAD, "both", "func/login.md",
		  "# REQ-001 Login\n\nUsers log in\nwith a password.\n\n# REQ-002 Logout\n\nBye.\n",
		  "tech/login.md", T1, "tech/logout.md", "# REQ-002\nsession cleared\n", NULL);
	tu_commit(&f->repo, ALICE, "rewrap", "func/login.md",
		  "# REQ-001 Login\r\n\r\n  Users log in with a   password.  \r\n\r\n"
		  "# REQ-002 Logout\r\n\r\nBye.\r\n", NULL);
	tu_commit(&f->repo, CHLOE, "rename", "tech/login.md", NULL, "tech/auth/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "move REQ-002 to its own file", "func/login.md",
		  "# REQ-001 Login\n\nUsers log in with a password.\n", "func/logout.md",
		  "# REQ-002 Logout\n\nBye.\n", NULL);
	audit(f);
	assert_string_equal(unsynced(f), "");
	assert_string_equal(events(f), "");
}

static void test_ack_valid(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "passkeys", "func/login.md", F1b, NULL);
	tu_commit(&f->repo, PAULINE, "no technical impact\n\nSync-Ack: REQ-001 handled by the IdP\n",
		  NULL);
	audit(f);
	assert_string_equal(unsynced(f), "REQ-001:technical:acknowledged");
	assert_string_equal(events(f), "");
}

static void test_ack_in_same_commit(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, CHLOE, "tech only\n\nsync-ack : REQ-001\n", "tech/login.md", T1b, NULL);
	audit(f);
	/* Chloe is R of technical, not of the lagging functional side */
	assert_string_equal(unsynced(f), "REQ-001:functional:open");
	assert_string_equal(events(f), "invalid-ack:REQ-001:-:chloe@example.org");
}

static void test_ack_by_coauthor_and_wrong_person(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "passkeys", "func/login.md", F1b, NULL);
	tu_commit(&f->repo, MALLORY, "ack\n\nSync-Ack: REQ-001\n", NULL);
	audit(f);
	assert_string_equal(unsynced(f), "REQ-001:technical:open");
	assert_string_equal(events(f), "invalid-ack:REQ-001:-:mallory@example.org");
	tu_commit(&f->repo, MALLORY,
		  "Squashed\n\n* ack\n-----\nSync-Ack: REQ-001\n\nCo-authored-by: Chloe <CHLOE@example.org>\n",
		  NULL);
	audit(f);
	assert_string_equal(unsynced(f), "REQ-001:technical:acknowledged");
}

static void test_ack_unknown_and_not_pending(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, LEAD, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "ack\n\nSync-Ack: REQ-001 REQ-999\n", NULL);
	audit(f);
	assert_string_equal(unsynced(f), "");
	assert_string_equal(events(f), "invalid-ack:REQ-999:-:alice@example.org");
}

static void test_out_of_role(void **state)
{
	fixture *f = *state;

	tu_commit(&f->repo, PAULINE, "both", "func/login.md", F1, "tech/login.md", T1, NULL);
	tu_commit(&f->repo, ALICE, "business dictates tech", "tech/login.md", T1b, NULL);
	tu_commit(&f->repo, CHLOE, "engineers decide business", "func/login.md", F1b,
		  "tech/login.md", T1, NULL);
	audit(f);
	assert_string_equal(events(f),
			    "out-of-role:REQ-001:functional:pauline@example.org "
			    "out-of-role:REQ-001:technical:alice@example.org "
			    "out-of-role:REQ-001:functional:chloe@example.org");
}

static void test_mailmap(void **state)
{
	fixture *f = *state;

	/* libgit2 reads .mailmap from the working tree of a non-bare repo */
	tu_write(f->repo.dir, ".mailmap", "Alice Martin <alice@example.org> <alice.m@gmail.com>\n");
	tu_commit(&f->repo, LEAD, "mailmap", ".mailmap",
		  "Alice Martin <alice@example.org> <alice.m@gmail.com>\n", "tech/login.md", T1,
		  NULL);
	tu_commit(&f->repo, "Alice <Alice.M@gmail.com>", "func", "func/login.md", F1, NULL);
	audit(f);
	assert_string_equal(events(f), "");
	{
		size_t n;
		const specsync_finding *fs = specsync_result_findings(f->result, &n);
		/* the functional side lagged; Alice's commit (through her alias)
		 * resolved it */
		assert_int_equal(n, 1);
		assert_non_null(fs[0].closed_by);
		assert_string_equal(fs[0].closed_by->author_email, "alice@example.org");
		assert_string_equal(fs[0].closed_by->author_name, "Alice Martin");
	}
}

static void test_merge_unit(void **state)
{
	fixture *f = *state;
	git_oid base, branch;

	git_oid_cpy(&base, tu_commit(&f->repo, PAULINE, "init", "README", "x\n", NULL));
	tu_commit(&f->repo, ALICE, "feature func", "func/login.md", F1, NULL);
	git_oid_cpy(&branch, tu_commit(&f->repo, MALLORY, "feature tech", "tech/login.md", T1, NULL));
	tu_reset(&f->repo, &base);
	tu_commit(&f->repo, PAULINE, "main work", "README", "y\n", NULL);
	tu_merge(&f->repo, &branch, PAULINE, "Merge feature", "func/login.md", F1, "tech/login.md",
		 T1, NULL);
	audit(f);
	assert_string_equal(unsynced(f), "");
	/* the technical side came from Mallory's commit on the branch */
	assert_string_equal(events(f), "out-of-role:REQ-001:technical:mallory@example.org");
}

static void test_since_baselines(void **state)
{
	fixture *f = *state;
	char hex[41];

	tu_commit(&f->repo, ALICE, "func", "func/login.md", F1, NULL);
	tu_commit(&f->repo, MALLORY, "tech", "tech/x.md", "# REQ-002\n", NULL);
	git_oid_tostr(hex, sizeof(hex), tu_commit(&f->repo, PAULINE, "adopt specsync", NULL));
	tu_commit(&f->repo, ALICE, "new", "func/new.md", "# REQ-003\n", NULL);
	audit_with(f, base_config, hex);
	assert_string_equal(unsynced(f),
			    "REQ-003:technical:open REQ-001:technical:baselined "
			    "REQ-002:functional:baselined");
	assert_string_equal(events(f), "");
	assert_non_null(specsync_result_baseline(f->result));
	assert_string_equal(specsync_result_baseline(f->result)->id, hex);
}

static void test_roles_in_findings(void **state)
{
	fixture *f = *state;
	size_t n;
	const specsync_finding *fs;

	tu_commit(&f->repo, ALICE, "func", "func/login.md", F1, NULL);
	audit(f);
	fs = specsync_result_findings(f->result, &n);
	assert_int_equal(n, 1);
	assert_int_equal(fs[0].roles[SPECSYNC_RACI_RESPONSIBLE].count, 1);
	assert_string_equal(fs[0].roles[SPECSYNC_RACI_RESPONSIBLE].items[0].role, "amoe");
	assert_string_equal(fs[0].roles[SPECSYNC_RACI_ACCOUNTABLE].items[0].role, "pm");
	assert_string_equal(fs[0].roles[SPECSYNC_RACI_CONSULTED].items[0].role, "amoa");
	assert_string_equal(fs[0].roles[SPECSYNC_RACI_INFORMED].items[0].role, "sponsor");
	assert_string_equal(fs[0].roles[SPECSYNC_RACI_INFORMED].items[0].members[0].email,
			    "sophie@example.org");
}

static void test_file_on_two_sides_is_an_error(void **state)
{
	fixture *f = *state;
	static const char overlap[] =
		"version: 1\nrequirements: { id: 'REQ-[0-9]+' }\n"
		"sides:\n  f: { paths: [\"docs/**/*.md\"] }\n  t: { paths: [\"docs/tech/*.md\"] }\n";
	specsync_error err;
	specsync_result *r = NULL;

	tu_commit(&f->repo, ALICE, "x", "docs/tech/a.md", "# REQ-1\n", NULL);
	assert_int_equal(specsync_config_parse(&f->cfg, overlap, strlen(overlap), "o.yml", &err), 0);
	assert_int_equal(specsync_repo_open(&f->srepo, f->repo.dir, 0, &err), 0);
	assert_int_equal(specsync_audit(&r, f->srepo, f->cfg, NULL, &err), SPECSYNC_ECONFIG);
	assert_null(r);
	assert_non_null(strstr(err.message, "docs/tech/a.md matches the paths of two sides"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_sided_edit_opens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_response_resolves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_co_edit_is_synchronised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_initiation_extends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reverse_direction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lagging_side_changes_too_resolves, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_three_sides_subset_response, setup, teardown),
		cmocka_unit_test_setup_teardown(test_appears_on_one_side, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whitespace_rename_and_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ack_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ack_in_same_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ack_by_coauthor_and_wrong_person, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ack_unknown_and_not_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mailmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_since_baselines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles_in_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_on_two_sides_is_an_error, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
