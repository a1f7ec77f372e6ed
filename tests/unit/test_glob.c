#include "testutil.h"
#include "glob.h"

#include <stdio.h>
#include <string.h>

typedef struct glob_case {
	const char *glob;
	const char *subject;
	bool expected;
} glob_case;

static void run_path_cases(const glob_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool got = specsync_glob_match_path(cases[i].glob, cases[i].subject);
		if (got != cases[i].expected)
			fail_msg("match_path(\"%s\", \"%s\") = %d, expected %d", cases[i].glob,
				 cases[i].subject, got, cases[i].expected);
	}
}

static void run_under_cases(const glob_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool got = specsync_glob_could_match_under(cases[i].glob, cases[i].subject);
		if (got != cases[i].expected)
			fail_msg("could_match_under(\"%s\", \"%s\") = %d, expected %d",
				 cases[i].glob, cases[i].subject, got, cases[i].expected);
	}
}

static void run_id_cases(const glob_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool got = specsync_glob_match_id(cases[i].glob, cases[i].subject);
		if (got != cases[i].expected)
			fail_msg("match_id(\"%s\", \"%s\") = %d, expected %d", cases[i].glob,
				 cases[i].subject, got, cases[i].expected);
	}
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_globstar_in_the_middle(void **state)
{
	static const glob_case cases[] = {
		{ "specs/functional/**/*.md", "specs/functional/a.md", true },
		{ "specs/functional/**/*.md", "specs/functional/x/a.md", true },
		{ "specs/functional/**/*.md", "specs/functional/x/y/a.md", true },
		{ "specs/functional/**/*.md", "specs/functional.md", false },
		{ "specs/functional/**/*.md", "specs/functional/a.txt", false },
		{ "specs/functional/**/*.md", "specs/functional/x/a.txt", false },
		{ "specs/functional/**/*.md", "specs/technical/a.md", false },
		{ "specs/functional/**/*.md", "other/specs/functional/a.md", false },
		{ "specs/functional/**/*.md", "specs/functional", false },
		{ "a/**/b", "a/b", true },
		{ "a/**/b", "a/x/b", true },
		{ "a/**/b", "a/x/y/b", true },
		{ "a/**/b", "a/x/y/c", false },
		{ "a/**/b", "a/b/c", false },
		{ "a/**/b/**/c", "a/b/c", true },
		{ "a/**/b/**/c", "a/x/b/y/z/c", true },
		{ "a/**/b/**/c", "a/b/b/c", true },
		{ "a/**/b/**/c", "a/c", false },
		{ "a/**/**/b", "a/b", true },
		{ "a/**/**/b", "a/x/y/b", true },
	};
	(void)state;
	run_path_cases(cases, N(cases));
}

static void test_globstar_leading_and_trailing(void **state)
{
	static const glob_case cases[] = {
		{ "**/*.md", "a.md", true },
		{ "**/*.md", "x/y/z/a.md", true },
		{ "**/*.md", "x/y/z/a.mdx", false },
		{ "**", "a", true },
		{ "**", "a/b/c", true },
		{ "docs/**", "docs/a", true },
		{ "docs/**", "docs/a/b.adoc", true },
		{ "docs/**", "docs", false },
		{ "docs/**", "docsx/a", false },
		{ "docs/**/**", "docs/a", true },
		{ "docs/**/**", "docs", false },
		/* "**" only counts as a whole segment: elsewhere it is '*' */
		{ "a/**.md", "a/x.md", true },
		{ "a/**.md", "a/x/y.md", false },
		{ "a**/b", "ab/b", true },
		{ "a**/b", "a/x/b", false },
	};
	(void)state;
	run_path_cases(cases, N(cases));
}

static void test_single_star_stays_in_segment(void **state)
{
	static const glob_case cases[] = {
		{ "docs/adr/*.adoc", "docs/adr/0001-x.adoc", true },
		{ "docs/adr/*.adoc", "docs/adr/.adoc", true },
		{ "docs/adr/*.adoc", "docs/adr/x/y.adoc", false },
		{ "docs/adr/*.adoc", "docs/adr/x.adoc.bak", false },
		{ "docs/*/*.adoc", "docs/adr/x.adoc", true },
		{ "docs/*/*.adoc", "docs/x.adoc", false },
		{ "*.md", "README.md", true },
		{ "*.md", "docs/README.md", false },
		{ "*", "a", true },
		{ "*", "a/b", false },
		{ "a*b*c", "abc", true },
		{ "a*b*c", "aXbYbZc", true },
		{ "a*b*c", "aXbYc.d", false },
		{ "README", "README", true },
		{ "README", "README.md", false },
		{ "README", "readme", false },
	};
	(void)state;
	run_path_cases(cases, N(cases));
}

static void test_question_classes_escapes(void **state)
{
	static const glob_case cases[] = {
		{ "req-?.md", "req-1.md", true },
		{ "req-?.md", "req-12.md", false },
		{ "req-?.md", "req-.md", false },
		{ "a?b", "a/b", false },
		{ "v[0-9].md", "v7.md", true },
		{ "v[0-9].md", "vx.md", false },
		{ "v[!0-9].md", "vx.md", true },
		{ "v[!0-9].md", "v7.md", false },
		{ "v[^0-9].md", "v7.md", false },
		{ "v[abc].md", "vb.md", true },
		{ "v[abc].md", "vd.md", false },
		{ "v[a-cx-z].md", "vy.md", true },
		{ "v[a-cx-z].md", "vm.md", false },
		{ "v[]].md", "v].md", true },
		{ "v[!]].md", "v].md", false },
		{ "v[!]].md", "vx.md", true },
		{ "v[a-].md", "v-.md", true },
		{ "v[-a].md", "v-.md", true },
		{ "v[\\]].md", "v].md", true },
		{ "\\*.md", "*.md", true },
		{ "\\*.md", "x.md", false },
		{ "\\?", "?", true },
		{ "\\?", "x", false },
		{ "\\[x]", "[x]", true },
		{ "\\[x]", "x", false },
		{ "a\\b", "ab", true },
		/* an unterminated class is an ordinary '[' at match time */
		{ "a[b", "a[b", true },
	};
	(void)state;
	run_path_cases(cases, N(cases));
}

static void test_leading_slash_is_anchor(void **state)
{
	static const glob_case cases[] = {
		{ "/docs/*.md", "docs/a.md", true },
		{ "/docs/*.md", "x/docs/a.md", false },
		{ "docs/*.md", "/docs/a.md", true },
		{ "", "a", false },
		{ "/", "a", false },
		{ "*", "", false },
	};
	(void)state;
	run_path_cases(cases, N(cases));
}

static void test_could_match_under(void **state)
{
	static const glob_case cases[] = {
		{ "specs/functional/**/*.md", "specs", true },
		{ "specs/functional/**/*.md", "specs/functional", true },
		{ "specs/functional/**/*.md", "specs/functional/x/y", true },
		{ "specs/functional/**/*.md", "src", false },
		{ "specs/functional/**/*.md", "specs/technical", false },
		{ "specs/functional/**/*.md", "", true },
		{ "**/*.md", "anything", true },
		{ "**/*.md", "a/b/c", true },
		{ "**", "a", true },
		{ "docs/adr/*.adoc", "docs", true },
		{ "docs/adr/*.adoc", "docs/adr", true },
		{ "docs/adr/*.adoc", "docs/adr/x", false },
		{ "docs/adr/*.adoc", "docs/adr/x.adoc", false },
		{ "docs/*/x.md", "docs/anything", true },
		{ "docs/*/x.md", "docs/anything/deeper", false },
		{ "d[a-z]cs/**", "docs", true },
		{ "d[a-z]cs/**", "d0cs", false },
		{ "README.md", "", true },
		{ "README.md", "docs", false },
		{ "/specs/**", "specs", true },
	};
	(void)state;
	run_under_cases(cases, N(cases));
}

static void test_id_globs(void **state)
{
	static const glob_case cases[] = {
		{ "*", "REQ-AUTH-001", true },
		{ "*", "", true },
		{ "REQ-AUTH-*", "REQ-AUTH-001", true },
		{ "REQ-AUTH-*", "REQ-PAY-001", false },
		{ "REQ-*-00?", "REQ-PAY-007", true },
		{ "REQ-*-00?", "REQ-PAY-070", false },
		{ "REQ-[AP]*", "REQ-PAY-001", true },
		{ "REQ-[!AP]*", "REQ-PAY-001", false },
		{ "REQ-XXX-000", "REQ-XXX-000", true },
		{ "REQ-XXX-000", "REQ-XXX-0001", false },
		{ "REQ-XXX-000", "req-xxx-000", false },
		{ "*-001", "REQ-A-B-001", true },
		{ "REQ-\\*", "REQ-*", true },
		{ "REQ-\\*", "REQ-A", false },
	};
	(void)state;
	run_id_cases(cases, N(cases));
}

static void test_check(void **state)
{
	static const char *const good[] = {
		"specs/functional/**/*.md", "**", "/docs/*.adoc", "v[!0-9].md", "v[]].md",
		"a\\*b", "REQ-*", "[a-z]",
	};
	static const struct {
		const char *glob;
		const char *needle;
	} bad[] = {
		{ "", "empty glob" },
		{ "/", "empty glob" },
		{ "specs//a.md", "empty path segment" },
		{ "specs/", "empty path segment" },
		{ "specs/[a-z.md", "unterminated character class" },
		{ "specs/[a/b].md", "unterminated character class" },
		{ "specs/[z-a].md", "reversed range" },
		{ "specs/a\\", "escapes nothing" },
		{ "specs\\/a", "escapes nothing" },
		{ "specs/../a.md", "\"..\"" },
		{ "./a.md", "\".\"" },
	};
	(void)state;

	for (size_t i = 0; i < N(good); i++) {
		const char *msg = specsync_glob_check(good[i]);
		if (msg)
			fail_msg("glob_check(\"%s\") = \"%s\", expected NULL", good[i], msg);
	}
	for (size_t i = 0; i < N(bad); i++) {
		const char *msg = specsync_glob_check(bad[i].glob);
		if (!msg || !strstr(msg, bad[i].needle))
			fail_msg("glob_check(\"%s\") = \"%s\", expected \"%s\"", bad[i].glob,
				 msg ? msg : "(null)", bad[i].needle);
	}
	assert_non_null(specsync_glob_check(NULL));
}

static void test_hostile_pattern_is_fast(void **state)
{
	char glob[400], path[400];
	size_t n = 0;
	(void)state;

	/* "**" x 100 then "b", against 100 segments of "a": exponential for a
	 * naive recursive matcher. */
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(glob + n, sizeof(glob) - n, "**/");
	snprintf(glob + n, sizeof(glob) - n, "b");
	n = 0;
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "a/");
	snprintf(path + n, sizeof(path) - n, "c");
	assert_false(specsync_glob_match_path(glob, path));
	memset(glob, 0, sizeof(glob));
	for (int i = 0; i < 60; i++)
		strcat(glob, "*a");
	memset(path, 'a', 300);
	path[300] = 'b';
	path[301] = '\0';
	assert_false(specsync_glob_match_id(glob, path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_globstar_in_the_middle),
		cmocka_unit_test(test_globstar_leading_and_trailing),
		cmocka_unit_test(test_single_star_stays_in_segment),
		cmocka_unit_test(test_question_classes_escapes),
		cmocka_unit_test(test_leading_slash_is_anchor),
		cmocka_unit_test(test_could_match_under),
		cmocka_unit_test(test_id_globs),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_hostile_pattern_is_fast),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
