#include "testutil.h"
#include "common.h"
#include "message.h"
#include "regex.h"

#define DEFAULT_ID "\\bREQ-[A-Z]+-[0-9]{3}\\b"
#define OFT_ID "\\b(req~[a-z0-9_-]+~[0-9]+)\\b"

static specsync_regex *compile(const char *pattern)
{
	specsync_regex *re = NULL;

	assert_int_equal(specsync_regex_compile(&re, pattern, true, NULL), 0);
	return re;
}

/* The acknowledged IDs joined by single spaces; caller frees. */
static char *join_acks(const specsync_message_info *info)
{
	specsync_buf b = SPECSYNC_BUF_INIT;

	for (size_t i = 0; i < info->ack_count; i++)
		specsync_buf_printf(&b, "%s%s", i ? " " : "", info->ack_ids[i]);
	return specsync_buf_detach(&b);
}

/* Co-authors as "name <email>" ("<email>" when the name is "") joined by
 * ", "; caller frees. */
static char *join_coauthors(const specsync_message_info *info)
{
	specsync_buf b = SPECSYNC_BUF_INIT;

	for (size_t i = 0; i < info->coauthor_count; i++) {
		const char *name = info->coauthor_names[i];
		assert_non_null(name);
		specsync_buf_printf(&b, "%s%s%s<%s>", i ? ", " : "", name, *name ? " " : "",
				    info->coauthor_emails[i]);
	}
	return specsync_buf_detach(&b);
}

static void check_message(const char *message, const char *key, const char *pattern,
			  const char *acks, const char *coauthors)
{
	specsync_message_info info;
	specsync_error err;
	specsync_regex *re = compile(pattern);
	char *got;

	assert_int_equal(specsync_message_parse(&info, message, key, re, &err), 0);
	got = join_acks(&info);
	assert_string_equal(got, acks);
	free(got);
	got = join_coauthors(&info);
	assert_string_equal(got, coauthors);
	free(got);
	specsync_message_info_dispose(&info);
	assert_null(info.ack_ids);
	assert_int_equal(info.ack_count, 0);
	specsync_regex_free(re);
}

static void check_acks(const char *message, const char *acks)
{
	check_message(message, "Sync-Ack", DEFAULT_ID, acks, "");
}

static void test_plain_trailer(void **state)
{
	(void)state;
	check_acks("Update billing rules\n\nSync-Ack: REQ-BIL-001\n", "REQ-BIL-001");
	check_acks("Sync-Ack: REQ-BIL-001", "REQ-BIL-001");
	check_acks("Update billing rules\n\nBody mentions REQ-BIL-001 only.\n", "");
	check_acks("", "");
}

static void test_key_spacing_and_case(void **state)
{
	(void)state;
	check_acks("Sync-Ack:REQ-A-001\n", "REQ-A-001");
	check_acks("sync-ack : REQ-BIL-004\n", "REQ-BIL-004");
	check_acks("SYNC-ACK\t:\tREQ-BIL-005\n", "REQ-BIL-005");
	/* Only the whole key, at the start of a (possibly indented) line,
	 * followed by a colon. */
	check_acks("Sync-Acknowledged: REQ-BIL-001\n"
		   "Sync-Ack-By: REQ-BIL-002\n"
		   "XSync-Ack: REQ-BIL-003\n"
		   "Sync-Ack REQ-BIL-004\n"
		   "See Sync-Ack: REQ-BIL-007\n",
		   "");
	check_acks("  Sync-Ack: REQ-BIL-006\n", "REQ-BIL-006");
}

static void test_configured_key(void **state)
{
	(void)state;
	check_message("Spec change\n\nSPEC-ACK: REQ-BIL-001\nSync-Ack: REQ-BIL-002\n", "Spec-Ack",
		      DEFAULT_ID, "REQ-BIL-001", "");
}

static void test_reason_is_ignored(void **state)
{
	(void)state;
	check_acks("Refactor\n\n"
		   "Sync-Ack: REQ-BIL-001 REQ-BIL-002 technical change only, no business impact\n",
		   "REQ-BIL-001 REQ-BIL-002");
	/* IDs inside words do not count (the pattern's \b). */
	check_acks("Sync-Ack: XREQ-BIL-001 REQ-BIL-0021 REQ-BIL-003,REQ-BIL-004.\n",
		   "REQ-BIL-003 REQ-BIL-004");
}

static void test_empty_value(void **state)
{
	(void)state;
	check_acks("Title\n\nSync-Ack:\nSync-Ack:   \t\n", "");
	check_acks("Sync-Ack: no business impact\n", "");
	/* An empty value still takes continuation lines. */
	check_acks("Sync-Ack:\n  REQ-BIL-005\n", "REQ-BIL-005");
}

static void test_continuation_lines(void **state)
{
	(void)state;
	check_acks("Title\n\n"
		   "Sync-Ack: REQ-BIL-001 wording\n"
		   "  REQ-BIL-002 and\n"
		   "\tREQ-BIL-003\n"
		   "REQ-BIL-004 is a new line, not a continuation\n"
		   "  REQ-BIL-005 follows no trailer\n",
		   "REQ-BIL-001 REQ-BIL-002 REQ-BIL-003");
	/* A blank line ends the trailer; so does a line of any other key. */
	check_acks("Sync-Ack: REQ-BIL-001\n\n  REQ-BIL-002\n", "REQ-BIL-001");
	check_acks("Sync-Ack: REQ-BIL-001\nReviewed-by: x\n  REQ-BIL-002\n", "REQ-BIL-001");
	/* The fold joins lines with a space: IDs do not merge across lines. */
	check_acks("Sync-Ack: REQ-BIL\n -001\n", "");
}

static void test_distinct_in_order(void **state)
{
	(void)state;
	check_acks("Sync-Ack: REQ-B-002 REQ-A-001\n"
		   "body\n"
		   "Sync-Ack: REQ-A-001 REQ-C-003 REQ-B-002\n"
		   "sync-ack: REQ-C-003\n",
		   "REQ-B-002 REQ-A-001 REQ-C-003");
}

static void test_crlf(void **state)
{
	(void)state;
	check_message("Title\r\n\r\nSync-Ack: REQ-BIL-001\r\n  REQ-BIL-002\r\n"
		      "Co-authored-by: Ann <Ann@Example.org>\r\n",
		      "Sync-Ack", DEFAULT_ID, "REQ-BIL-001 REQ-BIL-002", "Ann <ann@example.org>");
	/* A CR alone on a line is an empty line: it ends the trailer. */
	check_acks("Sync-Ack: REQ-BIL-001\r\n\r\n  REQ-BIL-002\r\n", "REQ-BIL-001");
}

static void test_markdown_underline(void **state)
{
	(void)state;
	/* GitHub's squash message layout, which git_message_trailers misses. */
	check_message("Billing rework (#42)\n\n"
		      "* Update billing spec\n\n"
		      "---------\n\n"
		      "Sync-Ack: REQ-BIL-001 technical only\n"
		      "Co-authored-by: Jane Doe <Jane.Doe@Example.com>\n",
		      "Sync-Ack", DEFAULT_ID, "REQ-BIL-001", "Jane Doe <jane.doe@example.com>");
	/* A setext heading underline right above the trailer. */
	check_acks("Title\n\nNotes\n-----\nSync-Ack: REQ-BIL-002\n", "REQ-BIL-002");
}

static void test_squash_merge(void **state)
{
	(void)state;
	/*
	 * Acknowledgements under each bullet. A key line indented under a
	 * bullet is a trailer too (git merge --squash indents bodies); a line
	 * indented deeper after a trailer is its continuation.
	 */
	check_acks("Billing rework (#42)\n\n"
		   "* Update functional billing spec\n\n"
		   "Sync-Ack: REQ-BIL-003 wording only\n\n"
		   "* Update technical spec\n"
		   "Sync-Ack: REQ-BIL-001\n"
		   "  Sync-Ack: REQ-BIL-002 indented under a trailer\n\n"
		   "* Indented under a bullet\n"
		   "  Sync-Ack: REQ-BIL-009\n\n"
		   "* Fix typo\n"
		   "    Sync-Ack: REQ-BIL-010\n"
		   "Sync-Ack: REQ-BIL-001 again\n\n"
		   "* Last one\n"
		   "sync-ack:REQ-BIL-004\n",
		   "REQ-BIL-003 REQ-BIL-001 REQ-BIL-002 REQ-BIL-009 REQ-BIL-010 REQ-BIL-004");
	/* git merge --squash: bodies indented by four spaces */
	check_acks("Squashed commit of the following:\n\ncommit 0123\nAuthor: A <a@x>\n\n"
		   "    Tax fix\n\n    Sync-Ack: REQ-BIL-005 no impact\n"
		   "        REQ-BIL-006 continued\n    Not: REQ-BIL-007\n",
		   "REQ-BIL-005 REQ-BIL-006");
}

static void test_hash_lines_are_not_special(void **state)
{
	(void)state;
	/* Messages come cleaned: '#' lines are ordinary text. */
	check_acks("Title\n# not a comment\nSync-Ack: REQ-BIL-001\n", "REQ-BIL-001");
	check_acks("# Sync-Ack: REQ-BIL-001\n", "");
	check_acks("Sync-Ack: REQ-BIL-002\n  # REQ-BIL-003\n# REQ-BIL-004\n",
		   "REQ-BIL-002 REQ-BIL-003");
}

static void test_openfasttrace_ids(void **state)
{
	(void)state;
	check_message("Tax rework\n\n"
		      "Sync-Ack: req~billing-total~1 req~tax_rate~2 technical only\n"
		      "  impl~billing-total~1 is not a requirement\n"
		      "Sync-Ack: req~billing-total~1, req~x~10\n",
		      "Sync-Ack", OFT_ID, "req~billing-total~1 req~tax_rate~2 req~x~10", "");
	check_message("Sync-Ack: REQ-BIL-001\n", "Sync-Ack", OFT_ID, "", "");
}

static void test_capture_group_is_the_id(void **state)
{
	(void)state;
	check_message("Sync-Ack: [R-1] [R-22] R-3\n", "Sync-Ack", "\\[(R-[0-9]+)\\]", "R-1 R-22",
		      "");
}

static void test_coauthors(void **state)
{
	(void)state;
	check_message("Title\n\n"
		      "Co-authored-by: Jane Doe <Jane.Doe@Example.COM>\n"
		      "co-authored-by: Other Name <jane.doe@example.com>\n"
		      "Co-Authored-By : <Bob@X.org>\n"
		      "Co-authored-by: carol@x.org\n"
		      "Co-authored-by: Not An Email\n"
		      "Co-authored-by: Dan <>\n"
		      "Co-authored-by:\n"
		      "Co-authored-by: Erin\n"
		      "  <erin@x.org>\n"
		      "Co-authored-by-bot: Fay <fay@x.org>\n",
		      "Sync-Ack", DEFAULT_ID, "",
		      "Jane Doe <jane.doe@example.com>, <bob@x.org>, <carol@x.org>, "
		      "Erin <erin@x.org>");
}

static void test_acks_and_coauthors_together(void **state)
{
	(void)state;
	check_message("Title\n\nSync-Ack: REQ-BIL-001\nCo-authored-by: A <a@x.org>\n"
		      "Sync-Ack: REQ-BIL-002\n",
		      "Sync-Ack", DEFAULT_ID, "REQ-BIL-001 REQ-BIL-002", "A <a@x.org>");
}

static void test_invalid_arguments(void **state)
{
	specsync_message_info info;
	specsync_error err;
	specsync_regex *re = compile(DEFAULT_ID);
	(void)state;

	assert_int_equal(specsync_message_parse(&info, NULL, "Sync-Ack", re, &err),
			 SPECSYNC_EUSAGE);
	assert_int_equal(err.code, SPECSYNC_EUSAGE);
	assert_int_equal(specsync_message_parse(&info, "x", "", re, NULL), SPECSYNC_EUSAGE);
	assert_int_equal(specsync_message_parse(&info, "x", "Sync-Ack", NULL, NULL),
			 SPECSYNC_EUSAGE);
	specsync_message_info_dispose(NULL);
	specsync_regex_free(re);
}

static void test_regex_limit_is_an_error(void **state)
{
	specsync_message_info info;
	specsync_error err;
	specsync_regex *re = compile("(a+)+$");
	(void)state;

	assert_int_equal(
		specsync_message_parse(&info,
				       "Sync-Ack: REQ-BIL-001\n"
				       "Sync-Ack: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n",
				       "Sync-Ack", re, &err),
		SPECSYNC_EINPUT);
	assert_int_equal(err.code, SPECSYNC_EINPUT);
	assert_null(info.ack_ids);
	assert_int_equal(info.ack_count, 0);
	specsync_message_info_dispose(&info);
	specsync_regex_free(re);
}

static void check_person(const char *text, const char *name, const char *email)
{
	char *got_name = (char *)"unset", *got_email = (char *)"unset";

	assert_int_equal(specsync_parse_person(&got_name, &got_email, text), 0);
	if (name)
		assert_string_equal(got_name, name);
	else
		assert_null(got_name);
	assert_string_equal(got_email, email);
	free(got_name);
	free(got_email);
}

static void check_no_person(const char *text)
{
	char *got_name = (char *)"unset", *got_email = (char *)"unset";

	assert_int_equal(specsync_parse_person(&got_name, &got_email, text), SPECSYNC_EINPUT);
	assert_null(got_name);
	assert_null(got_email);
}

static void test_parse_person(void **state)
{
	(void)state;
	check_person("Jane Doe <Jane.Doe@Example.COM>", "Jane Doe", "jane.doe@example.com");
	check_person("  <X@Y.Z>  ", NULL, "x@y.z");
	check_person("<x@y.z>", NULL, "x@y.z");
	check_person("X@Y.z", NULL, "x@y.z");
	check_person(" \t x@y.z \n", NULL, "x@y.z");
	check_person("  Bob  Smith \t<  bob@x.org >  ", "Bob  Smith", "bob@x.org");
	check_person("\"Doe, Jane\" <jane@x.org>", "\"Doe, Jane\"", "jane@x.org");
	check_no_person("Jane Doe");
	check_no_person("Jane <>");
	check_no_person("Jane < >");
	check_no_person("Jane <jane>");
	check_no_person("");
	check_no_person("   ");
	check_no_person("jane doe@x.org");
	check_no_person(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_trailer),
		cmocka_unit_test(test_key_spacing_and_case),
		cmocka_unit_test(test_configured_key),
		cmocka_unit_test(test_reason_is_ignored),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_continuation_lines),
		cmocka_unit_test(test_distinct_in_order),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_markdown_underline),
		cmocka_unit_test(test_squash_merge),
		cmocka_unit_test(test_hash_lines_are_not_special),
		cmocka_unit_test(test_openfasttrace_ids),
		cmocka_unit_test(test_capture_group_is_the_id),
		cmocka_unit_test(test_coauthors),
		cmocka_unit_test(test_acks_and_coauthors_together),
		cmocka_unit_test(test_invalid_arguments),
		cmocka_unit_test(test_regex_limit_is_an_error),
		cmocka_unit_test(test_parse_person),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
