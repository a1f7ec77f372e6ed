/*
 * The regex pre-filter (prefilter.c, used by regex.c) skips text that
 * cannot hold a match without changing any match: every pattern of the
 * README, of `specsync init`'s proposals, of the tests and of the
 * benchmark, plus patterns chosen to defeat it, gives the same matches with
 * and without it on random texts (from offset 0 and from random offsets,
 * and line by line for specsync_regex_test). Which patterns get which kind
 * of filter is asserted exactly, so the comparison cannot pass by the
 * filter being off.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "common.h"
#include "regex.h"

#define GIT_PATTERN                                                                                \
	"\\b(?:core|gc|pack|fetch|push|pull|merge|rebase|diff|log|status|commit|branch|remote|"    \
	"submodule|color|http|receive|repack|index|init|advice|am|apply|blame|checkout|clone|"     \
	"grep|help|tag|worktree|transfer|user|sequence|stash|maintenance|format|interactive|"      \
	"notes|protocol|uploadpack|versionsort)\\.[a-z][a-zA-Z0-9]*\\b"

/* A = anchored: a line is tested only when its first byte may start a match. */
enum {
	N = SPECSYNC_PREFILTER_NONE,
	S = SPECSYNC_PREFILTER_SPAN,
	L = SPECSYNC_PREFILTER_LINES,
	A = 4
};

static const struct {
	const char *pattern;
	int kind;
} cases[] = {
	/* README, docs, examples, the benchmark */
	{"\\bREQ-[A-Z]+-[0-9]{3}\\b", L},
	{"\\bREQ-[A-Z]{3}-[0-9]{3}\\b", L},
	{"\\bREQ-[A-Z]{3}-[0-9]{4}\\b", L},
	{"\\bdsn~[\\w.-]+~[0-9]+\\b", L},
	{GIT_PATTERN, L},
	{"^[a-z][a-zA-Z0-9.<>*-]*::", L | A},
	{"^\\s*(//|/\\*|\\*) *\\[impl->", S | A},
	/* init's proposals */
	{"\\b(?:REQ-[0-9]{3}|FR-[0-9]+)\\b", L},
	{"\\bwf__\\w+\\b", L},
	{"\\bfeat~[\\w.-]+~[0-9]+\\b", L},
	{"\\bREQ[0-9]{3}\\b", L},
	{"\\bREQ_[0-9]{3}\\b", L},
	/* the tests' */
	{"\\bREQ-[0-9]{3}\\b", L},
	{"\\bR[0-9]+\\b", L},
	{"\\bREQ-[A-Z-]+-[0-9]{4}\\b", L},
	{"\\bProd~[a-z0-9_]+~[0-9]+\\b", L},
	{"REQ-[0-9]+", L},
	{"(?i)\\breq-[0-9]+", L},
	{"REQ-[0-9]+\\K\\b", S},
	{"\\b(?:FUNC-)?REQ-[0-9]+", L},
	{"\\b(?:REQ|SPEC)-[0-9]+\\b", L},
	{"\\b(req~[a-z0-9_-]+~[0-9]+)\\b", L},
	{"id:(REQ-[0-9]+)", L},
	{"\\[(REQ-[0-9]+)\\]", L},
	/* required byte in an optional group, or none at all */
	{"REQ(?:-X)?~\\d", L},
	{"(?:b-)?\\d+", N},
	{"(?:x~)?REQ", L},
	{"ab|cd", N},
	{"REQ-\\d+|FR-\\d+", L},
	/* lookarounds, anchors */
	{"REQ(?=-\\d)", L},
	{"\\d+(?=~)", N},
	{"(?=.*~)REQ", L},
	{"(?<=\\[)REQ-\\d+", L},
	{"(?<!x)REQ-\\d", L},
	{"REQ-\\d+$", L},
	{"^REQ-\\d", L},
	{"^(?i)[a-c]x:", N | A},
	{"^(?:a|\\d)x?:", L | A},
	{"^\\[?(?:REQ|id:)", N | A},
	{"\\G\\[?REQ", S},
	{"(?s).*REQ", S},
	/* case-insensitive */
	{"(?i)REQ-[a-z]+", L},
	{"(?i:r)eq-\\d", L},
	{"req(?i)-x", L},
	{"(?i)q", L},
	{"(?i)a\xc3\xa9", N},
	{"\xc3\xa9t\xc3\xa9-\\d+", L},
	/* what may cross a line */
	{"REQ-\\s*\\d+", S},
	{"REQ[^~]*~", S},
	{"(?s)REQ.+~", S},
	{"(?m)^REQ-\\d+$", S},
	{"REQ\\n?-\\d", S},
	{"REQ[\\s-]+\\d", S},
	{"REQ[[:space:]]?~", S},
	{"REQ\\D~", S},
	{"REQ\\x{2d}\\d", S},
	{"~\\s?\\d+", S}, /* a first byte only */
	/* refused forms */
	{"\\QREQ-\\E\\d+", N},
	{"(*CR)REQ.~", N},
	{"(*NO_START_OPT)(*COMMIT)REQ-\\d", N},
};

#define ROUNDS 4000
#define CASE_COUNT (sizeof(cases) / sizeof(cases[0]))

static specsync_regex *compile(const char *pattern, bool filtered)
{
	specsync_regex *re = NULL;
	specsync_error err;

	specsync_error_clear(&err);
	assert_int_equal(specsync_regex_compile(&re, pattern, false, &err), 0);
	if (!filtered)
		specsync_regex_drop_prefilter(re);
	return re;
}

static void test_kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < CASE_COUNT; i++) {
		specsync_regex *re = compile(cases[i].pattern, true);
		const specsync_prefilter *pf = specsync_regex_prefilter(re);
		int kind = (int)pf->kind | (pf->anchored ? A : 0);

		if (kind != cases[i].kind)
			fail_msg("%s: kind %d, expected %d", cases[i].pattern, kind, cases[i].kind);
		specsync_regex_free(re);
	}
}

/* Every match from `off` on, as "start-end/next" items. */
static void all_matches(specsync_buf *out, specsync_regex *re, const char *s, size_t len,
			size_t off)
{
	size_t start, end, next;
	int rc;

	specsync_buf_clear(out);
	while ((rc = specsync_regex_next(re, s, len, off, &start, &end, &next, NULL)) == 1) {
		specsync_buf_printf(out, "%zu-%zu/%zu ", start, end, next);
		off = next;
	}
	specsync_buf_printf(out, "rc=%d", rc);
}

/* Line by line (CR, LF and CRLF ends, as the splitter cuts them). */
static void line_tests(specsync_buf *out, specsync_regex *re, const char *s, size_t len)
{
	size_t pos = 0, next;

	specsync_buf_clear(out);
	while (pos < len) {
		size_t end = pos;

		while (end < len && s[end] != '\n' && s[end] != '\r')
			end++;
		next = end + (end < len) + (end + 1 < len && s[end] == '\r' && s[end + 1] == '\n');
		specsync_buf_printf(out, "%d", specsync_regex_test(re, s + pos, end - pos, NULL));
		pos = next;
	}
}

static unsigned rng = 11;

static unsigned next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) & 0xffffff;
}

/* IDs, pieces of them and near misses, line ends, UTF-8, a NUL. */
static size_t random_text(char *text, size_t size)
{
	static const char *const pieces[] = {
		"REQ-", "req-", "Req-", "REQ-AB-", "REQ-ABC-", "FR-", "SPEC-", "dsn~", "req~",
		"feat~", "Prod~", "wf__", "~", "-", "_", ".", "core.", "gc.", "pack.", "Core.",
		"x.", "\n", "\n", "\r\n", "\r", " ", "  ", "\t", "0", "1", "12", "123", "1234", "A",
		"X", "ABC", "a", "abc", "R", "Q", "q", "\xc3\xa9", "\xc3\x89", "\xc3\xa9t\xc3\xa9-",
		"\xff", "[", "]", "[impl->", "id:", "x", "::", "//", "*", "\\", "REQ", "-X~", "b-",
		"\0",
		/* whole IDs of the patterns above */
		"REQ-AB-123", "REQ-ABC-1234", "REQ-123", "REQ-ABC-123", "dsn~a.b~1", "req~x~12",
		"feat~y~3", "Prod~p_1~2", "REQ_123", "REQ123", "FR-7", "FUNC-REQ-1", "R12", "wf__x",
		"[REQ-1]", "id:REQ-5", "core.editor", "gc.auto", "a.b::", "// [impl->", "REQ-X~1",
		"REQ~1", "req-x", "\nREQ-12\n", "\nCx: ", "ax:", "REQ\n~", "REQ-~",
		"\xc3\xa9t\xc3\xa9-1"};
	size_t len = 0, count = next_rand() % 80;

	for (size_t i = 0; i < count; i++) {
		const char *p = pieces[next_rand() % (sizeof(pieces) / sizeof(pieces[0]))];
		size_t n = *p ? strlen(p) : 1;

		if (len + n > size)
			break;
		memcpy(text + len, p, n);
		len += n;
	}
	return len;
}

static void test_same_matches(void **state)
{
	specsync_buf a = SPECSYNC_BUF_INIT, b = SPECSYNC_BUF_INIT;
	char text[800];

	(void)state;
	for (size_t i = 0; i < CASE_COUNT; i++) {
		specsync_regex *with = compile(cases[i].pattern, true);
		specsync_regex *without = compile(cases[i].pattern, false);
		int matched = 0;

		for (int round = 0; round < ROUNDS; round++) {
			size_t len = random_text(text, sizeof(text));
			size_t off = round % 2 || !len ? 0 : next_rand() % (len + 1);

			all_matches(&a, with, text, len, off);
			all_matches(&b, without, text, len, off);
			if (strcmp(a.ptr, b.ptr) != 0)
				fail_msg("%s on %.*s from %zu: %s, expected %s", cases[i].pattern,
					 (int)len, text, off, a.ptr, b.ptr);
			matched += strstr(b.ptr, "/") != NULL;
			line_tests(&a, with, text, len);
			line_tests(&b, without, text, len);
			matched += strchr(b.ptr, '1') != NULL;
			if (strcmp(a.ptr, b.ptr) != 0)
				fail_msg("%s, lines of %.*s: %s, expected %s", cases[i].pattern,
					 (int)len, text, a.ptr, b.ptr);
		}
		specsync_regex_free(with);
		specsync_regex_free(without);
		/* Texts with matches are frequent enough for the comparison to mean something. */
		if (matched <= ROUNDS / 100)
			fail_msg("%s: %d texts with matches", cases[i].pattern, matched);
	}
	specsync_buf_dispose(&a);
	specsync_buf_dispose(&b);
}

static void expect(const char *pattern, const char *text, size_t off, const char *expected)
{
	specsync_regex *re = compile(pattern, true);
	specsync_buf got = SPECSYNC_BUF_INIT;

	assert_int_equal(specsync_regex_prefilter(re)->kind, SPECSYNC_PREFILTER_LINES);
	all_matches(&got, re, text, strlen(text), off);
	if (strcmp(got.ptr, expected) != 0)
		fail_msg("%s on \"%s\" from %zu: %s, expected %s", pattern, text, off, got.ptr,
			 expected);
	specsync_buf_dispose(&got);
	specsync_regex_free(re);
}

/*
 * Matches at the edges of the lines the filter searches: the first and
 * last byte of a line after or before lines without the byte, the last line
 * without a newline, a search that starts inside a line whose byte lies
 * before the start, a byte required only by a lookahead, CRLF lines.
 */
static void test_line_edges(void **state)
{
	(void)state;
	expect("REQ-\\d", "no\nid\nREQ-1\nREQ-2", 0, "6-11/11 12-17/17 rc=0");
	expect("REQ-\\d", "REQ-1", 0, "0-5/5 rc=0");
	expect("REQ-\\d", "x-\nyy\nREQ-3 REQ-4\n", 8, "12-17/17 rc=0");
	expect("REQ-\\d", "REQ-1 and REQ-2", 3, "10-15/15 rc=0");
	expect("REQ(?=-\\d)", "REQ\n-1\nREQ-2", 0, "7-10/10 rc=0");
	expect("\\bREQ-\\d+\\b", "REQ-1\r\nREQ-22\r\n", 0, "0-5/5 7-13/13 rc=0");
	expect("(?<=\\[)REQ-\\d", "[\nREQ-1 [REQ-2", 0, "9-14/14 rc=0");
	expect("(?i)q-", "Q\nq-\n", 2, "2-4/4 rc=0");
	expect(GIT_PATTERN, "int x;\n\tgit_config_get(\"core.editor\")\n}", 0, "24-35/35 rc=0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_same_matches),
		cmocka_unit_test(test_line_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
