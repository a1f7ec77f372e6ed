#include "testutil.h"

#include <stdio.h>

#include "common.h"
#include "regex.h"

#define ID_PATTERN "\\bREQ-[A-Z]+-[0-9]{3}\\b"

static specsync_regex *compile_ok(const char *pattern)
{
	specsync_regex *re = NULL;
	specsync_error err;

	specsync_error_clear(&err);
	assert_int_equal(specsync_regex_compile(&re, pattern, false, &err), 0);
	assert_non_null(re);
	return re;
}

static void test_compile_accessors(void **state)
{
	specsync_regex *a = compile_ok(ID_PATTERN);
	specsync_regex *b = compile_ok("id:(REQ-[0-9]+)");
	specsync_regex *c = compile_ok("(?:REQ)-[0-9]+");
	(void)state;

	assert_string_equal(specsync_regex_pattern(a), ID_PATTERN);
	assert_false(specsync_regex_has_group(a));
	assert_true(specsync_regex_has_group(b));
	assert_false(specsync_regex_has_group(c));
	specsync_regex_free(a);
	specsync_regex_free(b);
	specsync_regex_free(c);
	specsync_regex_free(NULL);
}

static void test_compile_error_column(void **state)
{
	specsync_regex *re = (specsync_regex *)1;
	specsync_error err;
	(void)state;

	assert_int_equal(specsync_regex_compile(&re, "REQ-(abc", false, &err), SPECSYNC_ECONFIG);
	assert_null(re);
	assert_int_equal(err.code, SPECSYNC_ECONFIG);
	/* PCRE2 stops at the end of the pattern (offset 8). */
	assert_int_equal(err.column, 9);
	assert_string_equal(err.message, "invalid regular expression: missing closing parenthesis");

	assert_int_equal(specsync_regex_compile(&re, "a[b", false, &err), SPECSYNC_ECONFIG);
	assert_int_equal(err.column, 4);
	assert_string_equal(
	        err.message,
	        "invalid regular expression: missing terminating ] for character class");

	assert_int_equal(specsync_regex_compile(&re, "ab)", false, &err), SPECSYNC_ECONFIG);
	assert_int_equal(err.column, 3);
}

static void test_compile_refuses_utf_mode(void **state)
{
	specsync_regex *re = NULL;
	specsync_error err;
	(void)state;

	assert_int_equal(specsync_regex_compile(&re, "(*UTF)REQ", false, &err), SPECSYNC_ECONFIG);
	assert_null(re);
}

static void test_reject_empty(void **state)
{
	specsync_regex *re = NULL;
	specsync_error err;
	(void)state;

	assert_int_equal(specsync_regex_compile(&re, "REQ-[0-9]*", true, &err), 0);
	specsync_regex_free(re);
	re = NULL;
	assert_int_equal(specsync_regex_compile(&re, "[0-9]*", true, &err), SPECSYNC_ECONFIG);
	assert_null(re);
	assert_string_equal(err.message, "the pattern can match the empty string");
	assert_int_equal(specsync_regex_compile(&re, "^", true, &err), SPECSYNC_ECONFIG);
	assert_int_equal(specsync_regex_compile(&re, "(?=x)", true, &err), SPECSYNC_ECONFIG);
	/* Without the flag the same pattern is fine. */
	assert_int_equal(specsync_regex_compile(&re, "[0-9]*", false, &err), 0);
	specsync_regex_free(re);
}

/* Collects every match as "start-end" pairs, separated by spaces. */
static void all_matches(char *out, size_t size, specsync_regex *re, const char *s, size_t len)
{
	size_t off = 0, start, end, next, n = 0;
	int rc;

	out[0] = '\0';
	while ((rc = specsync_regex_next(re, s, len, off, &start, &end, &next, NULL)) == 1) {
		assert_true(next > off);
		n += (size_t)snprintf(out + n, size - n, "%s%zu-%zu", n ? " " : "", start, end);
		off = next;
	}
	assert_int_equal(rc, 0);
}

static void test_next_whole_match(void **state)
{
	specsync_regex *re = compile_ok(ID_PATTERN);
	const char *s = "see REQ-AB-001, REQ-AB-0012 and REQ-X-999.";
	char got[256];
	(void)state;

	all_matches(got, sizeof(got), re, s, strlen(s));
	assert_string_equal(got, "4-14 32-41");
	specsync_regex_free(re);
}

static void test_next_group_one(void **state)
{
	specsync_regex *re = compile_ok("\\[(REQ-[0-9]+)\\]");
	const char *s = "x [REQ-12] y [REQ-7]";
	char got[256];
	(void)state;

	all_matches(got, sizeof(got), re, s, strlen(s));
	assert_string_equal(got, "3-9 14-19");
	specsync_regex_free(re);
}

static void test_next_skips_unset_group(void **state)
{
	/* "X" matches with group 1 unset: skipped, the search goes on. */
	specsync_regex *re = compile_ok("(REQ-[0-9]+)|X");
	const char *s = "X X REQ-1 X REQ-22";
	char got[256];
	(void)state;

	all_matches(got, sizeof(got), re, s, strlen(s));
	assert_string_equal(got, "4-9 12-18");
	specsync_regex_free(re);
}

static void test_next_empty_matches_advance(void **state)
{
	specsync_regex *re = compile_ok("a*");
	char got[256];
	(void)state;

	all_matches(got, sizeof(got), re, "baab", 4);
	/* empty at 0, "aa" at 1-3, empty at 3 and at the end */
	assert_string_equal(got, "0-0 1-3 3-3 4-4");
	specsync_regex_free(re);
}

static void test_next_bytes_nul_and_invalid_utf8(void **state)
{
	specsync_regex *re = compile_ok(ID_PATTERN);
	static const char s[] = "\xff\xfe REQ-A-001\0REQ-B-002 \xc3";
	char got[256];
	(void)state;

	all_matches(got, sizeof(got), re, s, sizeof(s) - 1);
	assert_string_equal(got, "3-12 13-22");
	/* The length is honoured: nothing beyond it is read. */
	all_matches(got, sizeof(got), re, s, 11);
	assert_string_equal(got, "");
	specsync_regex_free(re);
}

static void test_next_offset_sees_lookbehind(void **state)
{
	specsync_regex *re = compile_ok(ID_PATTERN);
	const char *s = "XREQ-A-001 REQ-A-002";
	size_t start, end, next;
	(void)state;

	/* Starting inside a word: \b still looks at the byte before. */
	assert_int_equal(specsync_regex_next(re, s, strlen(s), 1, &start, &end, &next, NULL), 1);
	assert_int_equal(start, 11);
	assert_int_equal(end, 20);
	assert_int_equal(next, 20);
	assert_int_equal(specsync_regex_next(re, s, strlen(s), 21, &start, &end, &next, NULL), 0);
	specsync_regex_free(re);
}

static void test_test_line(void **state)
{
	specsync_regex *re = compile_ok("^\\[REQ");
	(void)state;

	assert_int_equal(specsync_regex_test(re, "[REQ-1] x", 9, NULL), 1);
	assert_int_equal(specsync_regex_test(re, " [REQ-1]", 8, NULL), 0);
	assert_int_equal(specsync_regex_test(re, "[RE", 3, NULL), 0);
	assert_int_equal(specsync_regex_test(re, NULL, 0, NULL), 0);
	specsync_regex_free(re);
}

/* A search of `s` from its start fails with SPECSYNC_EINPUT and `message`. */
static void expect_search_error(specsync_regex *re, const char *s, const char *message)
{
	size_t start, end, next;
	specsync_error err;

	specsync_error_clear(&err);
	assert_int_equal(specsync_regex_next(re, s, strlen(s), 0, &start, &end, &next, &err),
	                 SPECSYNC_EINPUT);
	assert_int_equal(err.code, SPECSYNC_EINPUT);
	assert_string_equal(err.message, message);
}

static void test_match_limit(void **state)
{
	specsync_regex *re = compile_ok("(a+)+$");
	const char *s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
	specsync_error err;
	(void)state;

	expect_search_error(re, s, "pattern '(a+)+$' exceeded the match limit "
	                           "(catastrophic backtracking?)");
	assert_int_equal(specsync_regex_test(re, s, strlen(s), &err), SPECSYNC_EINPUT);
	specsync_regex_free(re);
}

static void test_reject_empty_after_reset(void **state)
{
	static const struct {
		const char *pattern;
		unsigned column; /* of the \\K; 0: accepted */
	} cases[] = {
		{"REQ-BIL-00(?=1)\\K", 16},   {"REQ-[0-9]+\\K\\b", 11},
		{"(?:REQ-[0-9]+\\K|BIL)", 14}, {"a\\Kb\\K", 5},
		{"REQ-\\K[0-9]+", 0},          {"(REQ-1)\\K", 0}, /* the group is the ID */
		{"\\QK\\K\\E-1", 0},        {"[\\Q\\K\\E]REQ", 0},
		{"x\\\\K", 0}, /* an escaped backslash, then a K */
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		specsync_regex *re = NULL;
		specsync_error err;
		int rc = specsync_regex_compile(&re, cases[i].pattern, true, &err);
		if (!cases[i].column) {
			assert_int_equal(rc, 0);
			specsync_regex_free(re);
			continue;
		}
		assert_int_equal(rc, SPECSYNC_ECONFIG);
		assert_null(re);
		assert_int_equal(err.column, cases[i].column);
		assert_string_equal(err.message, "nothing after \\K need match, so every match is empty");
	}
}

/* 200 lines of 20 a's and a b: each line costs about 2.6 million steps. */
static char *hostile_lines(size_t lines)
{
	char *s = malloc(lines * 22 + 1);

	assert_non_null(s);
	for (size_t i = 0; i < lines; i++) {
		memset(s + i * 22, 'a', 20);
		s[i * 22 + 20] = 'b';
		s[i * 22 + 21] = '\n';
	}
	s[lines * 22] = '\0';
	return s;
}

static void test_document_budget(void **state)
{
	specsync_regex *re = compile_ok("(a+)+$");
	char *s = hostile_lines(200), *three = hostile_lines(3);
	size_t start, end, next;
	specsync_error err;
	(void)state;

	expect_search_error(re, s, "pattern '(a+)+$' exceeded its work budget of 100000000 "
	                           "steps for one document (catastrophic backtracking?)");
	/* the budget ran out on a line start past the first lines */
	assert_true(specsync_regex_failed_at(re) > 0 && specsync_regex_failed_at(re) % 22 == 0);
	/* spent for this document, whatever the subject */
	assert_int_equal(specsync_regex_next(re, three, strlen(three), 0, &start, &end, &next, &err),
	                 SPECSYNC_EINPUT);
	/* a new document starts afresh: three lines are within the budget */
	specsync_regex_new_document(re);
	assert_int_equal(specsync_regex_next(re, three, strlen(three), 0, &start, &end, &next, &err),
	                 0);
	free(s);
	free(three);
	specsync_regex_free(re);
}

/* Past the cheap limit, matches are still found in order, from the right start. */
static void test_careful_search_order(void **state)
{
	specsync_regex *re = compile_ok("(?:a+)+c|REQ-[0-9]");
	char buf[128];
	const char *s = "aaaaaaaaaaaaaaaaaab REQ-1 aac REQ-2";
	(void)state;

	all_matches(buf, sizeof(buf), re, s, strlen(s));
	assert_string_equal(buf, "20-25 26-29 30-35");
	specsync_regex_free(re);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_compile_accessors),
	        cmocka_unit_test(test_compile_error_column),
	        cmocka_unit_test(test_compile_refuses_utf_mode),
	        cmocka_unit_test(test_reject_empty),
	        cmocka_unit_test(test_next_whole_match),
	        cmocka_unit_test(test_next_group_one),
	        cmocka_unit_test(test_next_skips_unset_group),
	        cmocka_unit_test(test_next_empty_matches_advance),
	        cmocka_unit_test(test_next_bytes_nul_and_invalid_utf8),
	        cmocka_unit_test(test_next_offset_sees_lookbehind),
	        cmocka_unit_test(test_test_line),
	        cmocka_unit_test(test_match_limit),
	        cmocka_unit_test(test_reject_empty_after_reset),
	        cmocka_unit_test(test_document_budget),
	        cmocka_unit_test(test_careful_search_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
