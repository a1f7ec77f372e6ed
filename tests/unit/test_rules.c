/*
 * The pending-side model (rules.h) without a repository: transitions,
 * episodes, acknowledgements and out-of-role edits, on a configuration
 * parsed from text.
 */
#include "testutil.h"
#include "common.h"
#include "rules.h"

#include <string.h>

#define F 1ull /* functional */
#define T 2ull /* technical */
#define ALL (F | T)

static const char CONFIG[] = "version: 1\n"
			     "requirements:\n"
			     "  id: 'REQ-[A-Z]+-[0-9]+'\n"
			     "sides:\n"
			     "  functional:\n"
			     "    paths: [\"f/**\"]\n"
			     "  technical:\n"
			     "    paths: [\"t/**\"]\n"
			     "roles:\n"
			     "  ba: {members: [\"ann@x.org\"]}\n"
			     "  dev: {members: [\"dan@x.org\"]}\n"
			     "  lead: {members: [\"lea@x.org\"]}\n"
			     "  sponsor: {members: [\"sam@x.org\"]}\n"
			     "raci:\n" /* the last scope that matches applies */
			     "  - scope: \"*\"\n"
			     "    functional: {R: ba, A: sponsor, C: [dev]}\n"
			     "    technical: {R: dev, A: lead, C: [ba]}\n"
			     "  - scope: \"REQ-OPEN-*\"\n"
			     "    functional: {C: [dev]}\n"
			     "    technical: {I: [sponsor]}\n";

static specsync_config *config(void)
{
	specsync_config *cfg = NULL;
	specsync_error err;

	if (specsync_config_parse(&cfg, CONFIG, strlen(CONFIG), "t.yml", &err) < 0)
		fail_msg("%u:%u: %s", err.line, err.column, err.message);
	return cfg;
}

static void expect_step(uint64_t before, uint64_t changed, uint64_t present, uint64_t after,
			bool initiated, const char *event)
{
	specsync_rules_step st = specsync_rules_next(before, changed, present, ALL);

	assert_int_equal(st.after, after);
	assert_int_equal(st.initiated, initiated);
	assert_string_equal(st.event, event);
}

static void test_transitions(void **state)
{
	(void)state;
	/* a change on one side makes the other owe one */
	expect_step(0, F, ALL, T, true, "initiated");
	expect_step(0, T, ALL, F, true, "initiated");
	/* both sides at once: nothing owed */
	expect_step(0, ALL, ALL, 0, true, "synchronised");
	/* the lagging side catches up */
	expect_step(T, T, ALL, 0, false, "responded");
	/* the leading side changes again: still owed, a new initiation */
	expect_step(T, F, ALL, T, true, "initiated");
	/* the lagging side and the leading one together: a new initiation */
	expect_step(T, ALL, ALL, 0, true, "synchronised");
	/* gone from every side: retired, nothing owed */
	expect_step(T, F, 0, 0, false, "retired");
	expect_step(0, ALL, 0, 0, false, "retired");
}

static void test_episodes(void **state)
{
	(void)state;
	assert_int_equal(specsync_rules_episode(0, T, true, 1), SPECSYNC_EPISODE_OPEN);
	assert_int_equal(specsync_rules_episode(0, T, true, 0), SPECSYNC_EPISODE_KEEP);
	assert_int_equal(specsync_rules_episode(T, 0, false, 1), SPECSYNC_EPISODE_CLOSE);
	assert_int_equal(specsync_rules_episode(T, T, true, 1), SPECSYNC_EPISODE_EXTEND);
	assert_int_equal(specsync_rules_episode(T, T, false, 1), SPECSYNC_EPISODE_KEEP);
	assert_int_equal(specsync_rules_episode(T, F, true, 0), SPECSYNC_EPISODE_OPEN);
	assert_int_equal(specsync_rules_episode(T, F, true, 1), SPECSYNC_EPISODE_CLOSE);
}

static void test_roles(void **state)
{
	specsync_config *cfg = config();
	bool has;

	(void)state;
	assert_true(specsync_rules_is_ra(cfg, "REQ-A-1", 0, "ann@x.org", &has) && has);
	assert_true(specsync_rules_is_ra(cfg, "REQ-A-1", 0, "sam@x.org", &has) && has);
	assert_false(specsync_rules_is_ra(cfg, "REQ-A-1", 0, "dan@x.org", &has));
	assert_true(has);
	assert_false(specsync_rules_is_ra(cfg, "REQ-A-1", 1, NULL, &has));
	assert_true(has);
	/* a cell with no R nor A: nobody is out of role there */
	assert_false(specsync_rules_is_ra(cfg, "REQ-OPEN-1", 0, "dan@x.org", &has));
	assert_false(has);
	assert_non_null(specsync_rules_cell(cfg, "REQ-OPEN-1", 1));
	specsync_config_free(cfg);
}

static void test_out_of_role(void **state)
{
	specsync_config *cfg = config();

	(void)state;
	assert_false(specsync_rules_out_of_role(cfg, "REQ-A-1", 0, "ann@x.org"));
	assert_true(specsync_rules_out_of_role(cfg, "REQ-A-1", 0, "dan@x.org"));
	assert_false(specsync_rules_out_of_role(cfg, "REQ-A-1", 1, "dan@x.org"));
	assert_true(specsync_rules_out_of_role(cfg, "REQ-A-1", 1, "ann@x.org"));
	assert_false(specsync_rules_out_of_role(cfg, "REQ-OPEN-1", 0, "ann@x.org"));
	assert_false(specsync_rules_out_of_role(cfg, "REQ-OPEN-1", 1, "nobody@x.org"));
	specsync_config_free(cfg);
}

static void test_acknowledgements(void **state)
{
	specsync_config *cfg = config();
	char *coauthors[] = {(char *)"lea@x.org"};

	(void)state;
	/* only a Responsible or Accountable of a side still owed */
	assert_true(specsync_rules_ack_allowed(cfg, "REQ-A-1", T, "dan@x.org", NULL, 0));
	assert_true(specsync_rules_ack_allowed(cfg, "REQ-A-1", T, "lea@x.org", NULL, 0));
	assert_false(specsync_rules_ack_allowed(cfg, "REQ-A-1", T, "ann@x.org", NULL, 0));
	assert_false(specsync_rules_ack_allowed(cfg, "REQ-A-1", F, "dan@x.org", NULL, 0));
	assert_true(specsync_rules_ack_allowed(cfg, "REQ-A-1", ALL, "ann@x.org", NULL, 0));
	/* a co-author's role counts */
	assert_true(specsync_rules_ack_allowed(cfg, "REQ-A-1", T, "ann@x.org", coauthors, 1));
	assert_false(specsync_rules_ack_allowed(cfg, "REQ-A-1", F, "dan@x.org", coauthors, 1));
	/* nothing owed: nobody may */
	assert_false(specsync_rules_ack_allowed(cfg, "REQ-A-1", 0, "dan@x.org", NULL, 0));
	specsync_config_free(cfg);
}

static void test_texts(void **state)
{
	char buf[512];

	(void)state;
	specsync_rules_unknown_ack(buf, sizeof(buf), "Dan", "dan@x.org", "REQ-X-9");
	assert_string_equal(buf, "Dan <dan@x.org> acknowledges REQ-X-9, which no specification "
				 "document defines");
	specsync_rules_refused_ack(buf, sizeof(buf), "Dan", "dan@x.org", "REQ-A-1", NULL, NULL);
	assert_string_equal(buf, "Dan <dan@x.org> may not acknowledge REQ-A-1: only the "
				 "Responsible or Accountable of a lagging side may");
	specsync_rules_refused_ack(buf, sizeof(buf), "Dan", "dan@x.org", "REQ-A-1", NULL,
				   "commit 0123456789ab is not signed");
	assert_string_equal(buf, "Dan <dan@x.org> may not acknowledge REQ-A-1: commit "
				 "0123456789ab is not signed");
	specsync_rules_refused_ack(buf, sizeof(buf), "Dan", "dan@x.org", "REQ-A-1", "eve@x.org",
				   NULL);
	assert_string_equal(buf, "Dan may not acknowledge REQ-A-1: commit signed by eve@x.org, "
				 "who is not a Responsible or Accountable of a lagging side");
	/* truncated like one snprintf */
	specsync_rules_refused_ack(buf, 12, "Dan", "dan@x.org", "REQ-A-1", NULL, NULL);
	assert_string_equal(buf, "Dan <dan@x.");
	specsync_rules_out_of_role_text(buf, sizeof(buf), "Ann", "ann@x.org", "technical",
					"REQ-A-1");
	assert_string_equal(buf, "Ann <ann@x.org> changed the technical side of REQ-A-1 without "
				 "being its Responsible or Accountable");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_episodes),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_out_of_role),
		cmocka_unit_test(test_acknowledgements),
		cmocka_unit_test(test_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
