/*
 * Section splitting: every case directory under $SPECSYNC_TEST_DATA/sections
 * (an input.* document, an optional options.txt and an expected.txt with one
 * "line<TAB>id<TAB>normalised text" line per entry), then direct tests.
 *
 * options.txt holds key=value lines: format (markdown, asciidoc, rst,
 * other; default: from the input's extension), attribution (mentions,
 * defines, path), id (default below), section_start, ignore (repeatable),
 * path (default: the input's file name) and expect_sections (the
 * section_count the case must give). Lines starting with '#' are comments.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hash.h"
#include "regex.h"
#include "sections.h"

#define DEFAULT_ID "\\bREQ-[A-Z]+-[0-9]{3}\\b"
#define MAX_IGNORE 16

/* ---- helpers ----------------------------------------------------------- */

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	specsync_buf b = SPECSYNC_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(specsync_buf_put(&b, chunk, n), 0);
	fclose(f);
	*len = b.size;
	return specsync_buf_detach(&b);
}

static specsync_regex *compile(const char *pattern)
{
	specsync_regex *re = NULL;
	specsync_error err;

	if (specsync_regex_compile(&re, pattern, false, &err) < 0)
		fail_msg("pattern %s: %s", pattern, err.message);
	return re;
}

/* Entries as "line<TAB>id<TAB>text" lines. */
static void render(specsync_buf *out, const specsync_sections *s)
{
	for (size_t i = 0; i < s->count; i++)
		specsync_buf_printf(out, "%u\t%s\t%s\n", s->entries[i].line, s->entries[i].id,
		                    s->entries[i].text ? s->entries[i].text : "(null)");
}

/* ---- data-driven cases ------------------------------------------------- */

typedef struct test_case {
	char dir[1400];
	char input[300];
	char *id, *section_start, *path;
	char *ignore[MAX_IGNORE];
	size_t ignore_count;
	int expect_sections; /* -1: not checked */
	specsync_sections_options opts;
} test_case;

static specsync_doc_format parse_format(const char *v)
{
	if (!strcmp(v, "markdown"))
		return SPECSYNC_FORMAT_MARKDOWN;
	if (!strcmp(v, "asciidoc"))
		return SPECSYNC_FORMAT_ASCIIDOC;
	if (!strcmp(v, "rst"))
		return SPECSYNC_FORMAT_RST;
	if (!strcmp(v, "other"))
		return SPECSYNC_FORMAT_OTHER;
	fail_msg("unknown format %s", v);
	return SPECSYNC_FORMAT_OTHER;
}

static specsync_attribution parse_attribution(const char *v)
{
	if (!strcmp(v, "mentions"))
		return SPECSYNC_ATTR_MENTIONS;
	if (!strcmp(v, "defines"))
		return SPECSYNC_ATTR_DEFINES;
	if (!strcmp(v, "path"))
		return SPECSYNC_ATTR_PATH;
	fail_msg("unknown attribution %s", v);
	return SPECSYNC_ATTR_MENTIONS;
}

static void set_option(test_case *tc, const char *key, const char *v)
{
	if (!strcmp(key, "format"))
		tc->opts.format = parse_format(v);
	else if (!strcmp(key, "attribution"))
		tc->opts.attribution = parse_attribution(v);
	else if (!strcmp(key, "id"))
		tc->id = strdup(v);
	else if (!strcmp(key, "section_start"))
		tc->section_start = strdup(v);
	else if (!strcmp(key, "path"))
		tc->path = strdup(v);
	else if (!strcmp(key, "expect_sections"))
		tc->expect_sections = atoi(v);
	else if (!strcmp(key, "ignore") && tc->ignore_count < MAX_IGNORE)
		tc->ignore[tc->ignore_count++] = strdup(v);
	else
		fail_msg("%s: unknown option %s", tc->dir, key);
}

static void load_options(test_case *tc)
{
	char path[2048], *text, *line, *save = NULL;
	size_t len;

	snprintf(path, sizeof(path), "%s/options.txt", tc->dir);
	if (!(text = read_all(path, &len)))
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		line[strcspn(line, "\r")] = '\0';
		if (!*line || *line == '#')
			continue;
		if (!eq)
			fail_msg("%s: bad option line %s", tc->dir, line);
		*eq = '\0';
		set_option(tc, line, eq + 1);
	}
	free(text);
}

static void find_input(test_case *tc)
{
	DIR *d = opendir(tc->dir);
	struct dirent *de;

	assert_non_null(d);
	tc->input[0] = '\0';
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "input.", 6))
			snprintf(tc->input, sizeof(tc->input), "%s", de->d_name);
	closedir(d);
	if (!tc->input[0])
		fail_msg("%s: no input.* file", tc->dir);
}

static void case_setup(test_case *tc)
{
	static const specsync_sections_options zero;
	size_t i;

	tc->opts = zero;
	tc->expect_sections = -1;
	find_input(tc);
	tc->opts.format = specsync_sections_format_for(tc->input);
	load_options(tc);
	tc->opts.id = compile(tc->id ? tc->id : DEFAULT_ID);
	tc->opts.section_start = tc->section_start ? compile(tc->section_start) : NULL;
	tc->opts.path = tc->path ? tc->path : tc->input;
	tc->opts.ignore = (const char *const *)tc->ignore;
	tc->opts.ignore_count = tc->ignore_count;
	for (i = 0; i < tc->ignore_count; i++)
		assert_non_null(tc->ignore[i]);
}

static void case_teardown(test_case *tc)
{
	specsync_regex_free(tc->opts.id);
	specsync_regex_free(tc->opts.section_start);
	free(tc->id);
	free(tc->section_start);
	free(tc->path);
	for (size_t i = 0; i < tc->ignore_count; i++)
		free(tc->ignore[i]);
}

/* Without keep_text: same entries and hashes, no texts. */
static void check_without_text(test_case *tc, const char *data, size_t len,
                               const specsync_sections *with)
{
	specsync_sections s;
	specsync_error err;

	tc->opts.keep_text = false;
	assert_int_equal(specsync_sections_parse(&s, data, len, &tc->opts, &err), 0);
	assert_int_equal(s.count, with->count);
	assert_int_equal(s.section_count, with->section_count);
	for (size_t i = 0; i < s.count; i++) {
		assert_string_equal(s.entries[i].id, with->entries[i].id);
		assert_null(s.entries[i].text);
		assert_int_equal(s.entries[i].line, with->entries[i].line);
		assert_int_equal(s.entries[i].section, with->entries[i].section);
		assert_true(s.entries[i].hash.h1 == with->entries[i].hash.h1);
		assert_true(s.entries[i].hash.h2 == with->entries[i].hash.h2);
	}
	specsync_sections_dispose(&s);
}

/* The hash is the hash of the text (when the text has no NUL to cut it). */
static void check_hashes(const specsync_sections *s, const char *data, size_t len)
{
	if (memchr(data, '\0', len))
		return;
	for (size_t i = 0; i < s->count; i++) {
		const char *t = s->entries[i].text;
		specsync_hash128 h = specsync_hash(t, strlen(t));

		assert_true(h.h1 == s->entries[i].hash.h1 && h.h2 == s->entries[i].hash.h2);
	}
}

static void compare_expected(const test_case *tc, const specsync_buf *got)
{
	char path[2048], *want;
	size_t len;

	snprintf(path, sizeof(path), "%s/expected.txt", tc->dir);
	if (!(want = read_all(path, &len)))
		fail_msg("%s: no expected.txt", tc->dir);
	if (len != got->size || memcmp(want, got->ptr ? got->ptr : "", len) != 0) {
		print_error("--- expected (%s)\n%s--- got\n%s---\n", path, want,
		            got->ptr ? got->ptr : "");
		free(want);
		fail_msg("%s: entries differ", tc->dir);
	}
	free(want);
}

static void run_case(void **state)
{
	test_case *tc = *state;
	specsync_sections s;
	specsync_buf got = SPECSYNC_BUF_INIT;
	specsync_error err;
	char path[2048], *data;
	size_t len;

	case_setup(tc);
	snprintf(path, sizeof(path), "%s/%s", tc->dir, tc->input);
	assert_non_null(data = read_all(path, &len));
	tc->opts.keep_text = true;
	if (specsync_sections_parse(&s, data, len, &tc->opts, &err) < 0)
		fail_msg("%s: %s", tc->dir, err.message);
	render(&got, &s);
	compare_expected(tc, &got);
	if (tc->expect_sections >= 0)
		assert_int_equal(s.section_count, tc->expect_sections);
	check_hashes(&s, data, len);
	check_without_text(tc, data, len, &s);
	specsync_sections_dispose(&s);
	specsync_buf_dispose(&got);
	free(data);
	case_teardown(tc);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const test_case *)a)->dir, ((const test_case *)b)->dir);
}

static int run_data_cases(void)
{
	const char *root = getenv("SPECSYNC_TEST_DATA");
	char dir[1024];
	DIR *d;
	struct dirent *de;
	test_case *cases = NULL;
	struct CMUnitTest *tests;
	size_t n = 0, alloc = 0;
	int failed;

	if (!root) {
		fprintf(stderr, "SPECSYNC_TEST_DATA is not set\n");
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s/sections", root);
	if (!(d = opendir(dir))) {
		fprintf(stderr, "cannot open %s\n", dir);
		return 1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (SPECSYNC_ARRAY_RESERVE(cases, alloc, n + 1) < 0)
			abort();
		memset(&cases[n], 0, sizeof(cases[n]));
		snprintf(cases[n++].dir, sizeof(cases[0].dir), "%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(cases, n, sizeof(*cases), by_name);
	if (!(tests = calloc(n ? n : 1, sizeof(*tests))))
		abort();
	for (size_t i = 0; i < n; i++) {
		tests[i].name = strrchr(cases[i].dir, '/') + 1;
		tests[i].test_func = run_case;
		tests[i].initial_state = &cases[i];
	}
	failed = _cmocka_run_group_tests("sections data", tests, n, NULL, NULL);
	free(tests);
	free(cases);
	return n < 25 ? (fprintf(stderr, "only %zu data cases\n", n), 1) : failed;
}

/* ---- direct tests ------------------------------------------------------ */

static void normalised(const char *text, size_t len, const char *want, size_t want_len)
{
	specsync_buf b = SPECSYNC_BUF_INIT;

	assert_int_equal(specsync_normalise(&b, text, len), 0);
	assert_int_equal(b.size, want_len);
	if (want_len)
		assert_memory_equal(b.ptr, want, want_len);
	specsync_buf_dispose(&b);
}

#define NORMALISED(in, want) normalised(in, sizeof(in) - 1, want, sizeof(want) - 1)

static void test_normalise_exact(void **state)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	(void)state;

	NORMALISED("", "");
	NORMALISED(" \t\r\n\f\v ", "");
	NORMALISED("word", "word");
	NORMALISED("  two   words  ", "two words");
	NORMALISED("a\tb\r\nc\n\nd\fe\vf", "a b c d e f");
	NORMALISED("\xEF\xBB\xBF# Title\r\n\r\nBody  text.\r\n", "# Title Body text.");
	/* a BOM is dropped only at the start */
	NORMALISED("x \xEF\xBB\xBFy", "x \xEF\xBB\xBFy");
	/* NUL, NBSP (U+00A0) and invalid UTF-8 are not white space */
	NORMALISED("a\0 b", "a\0 b");
	NORMALISED("a\xC2\xA0 b\xFF", "a\xC2\xA0 b\xFF");
	/* Appends to what the buffer holds. */
	specsync_buf_puts(&b, "[");
	assert_int_equal(specsync_normalise(&b, " x  y ", 6), 0);
	assert_string_equal(b.ptr, "[x y");
	specsync_buf_dispose(&b);
}

static void test_normalise_long(void **state)
{
	size_t n = 3 * 4096 + 5, i;
	char *in = malloc(n), *want = malloc(n);
	size_t w = 0;
	(void)state;

	/* Words across chunk boundaries of the normaliser. */
	for (i = 0; i < n; i++)
		in[i] = i % 7 == 0 || i % 7 == 1 ? ' ' : (char)('a' + i % 26);
	for (i = 0; i < n; i++) {
		if (in[i] != ' ')
			want[w++] = in[i];
		else if (w && want[w - 1] != ' ')
			want[w++] = ' ';
	}
	while (w && want[w - 1] == ' ')
		w--;
	normalised(in, n, want, w);
	free(in);
	free(want);
}

static specsync_hash128 hash_of(const char *doc, const char *id)
{
	specsync_sections_options o = {0};
	specsync_sections s;
	specsync_hash128 h = {0, 0};

	o.format = SPECSYNC_FORMAT_MARKDOWN;
	o.id = compile(DEFAULT_ID);
	assert_int_equal(specsync_sections_parse(&s, doc, strlen(doc), &o, NULL), 0);
	for (size_t i = 0; i < s.count; i++)
		if (!strcmp(s.entries[i].id, id))
			h = s.entries[i].hash;
	assert_true(h.h1 || h.h2);
	specsync_sections_dispose(&s);
	specsync_regex_free(o.id);
	return h;
}

static void test_hash_ignores_layout(void **state)
{
	static const char *base = "# Spec\n\n"
	                          "## REQ-LOG-001 Login\n\n"
	                          "The user logs in with a name and a password. The password\n"
	                          "is checked against the directory.\n\n"
	                          "## REQ-LOG-002 Logout\n\nBye.\n";
	static const char *rewrapped = "# Spec\n\n"
	                               "## REQ-LOG-001   Login   \r\n\r\n"
	                               "The user logs in\n"
	                               "with a name and a password.   The password is checked\n"
	                               "against the directory.\n\n\n\n"
	                               "## REQ-LOG-002 Logout\n\nBye, see you.\n";
	static const char *reindented = "# Spec\n\n"
	                                "## REQ-LOG-001 Login\n\n"
	                                "   The user logs in with a name and a password.\n"
	                                "\tThe password is checked against the directory.\n\n"
	                                "## REQ-LOG-002 Logout\n\nBye.\n";
	static const char *changed = "# Spec\n\n"
	                             "## REQ-LOG-001 Login\n\n"
	                             "The user logs in with a name and a passphrase. The password\n"
	                             "is checked against the directory.\n\n"
	                             "## REQ-LOG-002 Logout\n\nBye.\n";
	specsync_hash128 a = hash_of(base, "REQ-LOG-001");
	specsync_hash128 b = hash_of(rewrapped, "REQ-LOG-001");
	specsync_hash128 c = hash_of(reindented, "REQ-LOG-001");
	specsync_hash128 d = hash_of(changed, "REQ-LOG-001");
	(void)state;

	assert_true(a.h1 == b.h1 && a.h2 == b.h2);
	assert_true(a.h1 == c.h1 && a.h2 == c.h2);
	assert_false(a.h1 == d.h1 && a.h2 == d.h2);
	/* The other section changed in `rewrapped` only. */
	a = hash_of(base, "REQ-LOG-002");
	b = hash_of(rewrapped, "REQ-LOG-002");
	d = hash_of(changed, "REQ-LOG-002");
	assert_false(a.h1 == b.h1 && a.h2 == b.h2);
	assert_true(a.h1 == d.h1 && a.h2 == d.h2);
}

/* Parses doc without and with `memo`: the same entries, hashes included. */
static void same_with_memo(const char *doc, specsync_sections_memo *memo, bool keep_text)
{
	specsync_sections_options o = {0};
	specsync_sections a, b;

	o.format = SPECSYNC_FORMAT_MARKDOWN;
	o.id = compile(DEFAULT_ID);
	o.keep_text = keep_text;
	assert_int_equal(specsync_sections_parse(&a, doc, strlen(doc), &o, NULL), 0);
	o.memo = memo;
	assert_int_equal(specsync_sections_parse(&b, doc, strlen(doc), &o, NULL), 0);
	assert_int_equal(a.count, b.count);
	assert_true(a.count > 0);
	for (size_t i = 0; i < a.count; i++) {
		assert_string_equal(a.entries[i].id, b.entries[i].id);
		assert_int_equal(a.entries[i].line, b.entries[i].line);
		assert_true(a.entries[i].hash.h1 == b.entries[i].hash.h1 &&
			    a.entries[i].hash.h2 == b.entries[i].hash.h2);
	}
	assert_int_equal(a.pool.size, b.pool.size);
	if (keep_text)
		assert_memory_equal(a.pool.ptr, b.pool.ptr, a.pool.size);
	specsync_sections_dispose(&a);
	specsync_sections_dispose(&b);
	specsync_regex_free(o.id);
}

#define COLLIDE_BITS 20 /* at least the memo's slot bits (MEMO_SLOTS) */
#define COLLIDE_TRIES 40000

/* One-section document number `k`: the section is the whole document. */
static void collide_doc(char *out, size_t size, unsigned k)
{
	snprintf(out, size, "## REQ-A-001 One\n\nWording %u.\n", k);
}

/*
 * Two one-section documents whose raw bytes hash to the same memo slot (the
 * low COLLIDE_BITS of the first half, whatever the slot count up to 2^20)
 * but whose normalised texts differ, found by search (about 1,400 tries).
 */
static void colliding_docs(char a[64], char b[64])
{
	uint32_t *first = calloc((size_t)1 << COLLIDE_BITS, sizeof(*first));

	assert_non_null(first);
	for (unsigned k = 1; k < COLLIDE_TRIES; k++) {
		char doc[64];
		uint32_t slot;
		collide_doc(doc, sizeof(doc), k);
		slot = (uint32_t)(specsync_hash(doc, strlen(doc)).h1 & ((1u << COLLIDE_BITS) - 1));
		if (first[slot]) {
			collide_doc(a, 64, first[slot]);
			snprintf(b, 64, "%s", doc);
			free(first);
			return;
		}
		first[slot] = k;
	}
	free(first);
	fail_msg("no colliding pair in %d documents", COLLIDE_TRIES);
}

/*
 * A memo lookup must verify the whole raw hash, not only the slot: `b`
 * parsed after `a` (same slot, other text) must not get `a`'s hash. A memo
 * that answered from the slot alone fails here.
 */
static void memo_slot_collision(specsync_sections_memo *memo)
{
	char a[64], b[64];

	colliding_docs(a, b);
	assert_string_not_equal(a, b);
	for (int round = 0; round < 2; round++) {
		same_with_memo(a, memo, false);
		same_with_memo(b, memo, false);
	}
}

/* The memo of section hashes (one per thread of a walk) changes no result:
 * versions of a file that share sections, parsed in turn, then again, and
 * sections whose raw bytes share a memo slot. */
static void test_memo_changes_nothing(void **state)
{
	static const char *const versions[] = {
		"# Spec\n\n## REQ-A-001 One\n\nSame text.\n\n## REQ-A-002 Two\n\nOld.\n",
		"# Spec\n\n## REQ-A-001 One\n\nSame text.\n\n## REQ-A-002 Two\n\nNew.\n",
		"# Spec\n\n## REQ-A-001   One\n\n  Same\ntext.\n\n## REQ-A-002 Two\n\nNew.\n",
		"# Spec\n\n## REQ-A-002 Two\n\nNew.\n\n## REQ-A-001 One\n\nSame text.\n",
		"## REQ-A-003 Three\n\nSame text.\n",
	};
	specsync_sections_memo *memo = specsync_sections_memo_new();

	(void)state;
	assert_non_null(memo);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof(versions) / sizeof(*versions); i++)
			same_with_memo(versions[i], memo, false);
	/* with keep_text the memo is not used: the text is built */
	same_with_memo(versions[0], memo, true);
	memo_slot_collision(memo);
	specsync_sections_memo_free(memo);
	specsync_sections_memo_free(NULL);
}

static void test_format_for(void **state)
{
	(void)state;
	assert_int_equal(specsync_sections_format_for("docs/a.md"), SPECSYNC_FORMAT_MARKDOWN);
	assert_int_equal(specsync_sections_format_for("A.MarkDown"), SPECSYNC_FORMAT_MARKDOWN);
	assert_int_equal(specsync_sections_format_for("x/y.ADOC"), SPECSYNC_FORMAT_ASCIIDOC);
	assert_int_equal(specsync_sections_format_for("y.asciidoc"), SPECSYNC_FORMAT_ASCIIDOC);
	assert_int_equal(specsync_sections_format_for("y.asc"), SPECSYNC_FORMAT_ASCIIDOC);
	assert_int_equal(specsync_sections_format_for("spec.Rst"), SPECSYNC_FORMAT_RST);
	assert_int_equal(specsync_sections_format_for("notes.txt"), SPECSYNC_FORMAT_OTHER);
	assert_int_equal(specsync_sections_format_for("README"), SPECSYNC_FORMAT_OTHER);
	assert_int_equal(specsync_sections_format_for("v1.md/README"), SPECSYNC_FORMAT_OTHER);
	assert_int_equal(specsync_sections_format_for("a.mdx"), SPECSYNC_FORMAT_OTHER);
	assert_int_equal(specsync_sections_format_for("a.md.bak"), SPECSYNC_FORMAT_OTHER);
	assert_int_equal(specsync_sections_format_for(NULL), SPECSYNC_FORMAT_OTHER);
}

static void test_section_indices(void **state)
{
	static const char doc[] = "intro REQ-A-009\n"
	                          "# One REQ-A-001\n"
	                          "## Two\n"
	                          "# Three\n"
	                          "text REQ-A-003 REQ-A-004\n";
	specsync_sections_options o = {0};
	specsync_sections s;
	(void)state;

	o.format = SPECSYNC_FORMAT_MARKDOWN;
	o.id = compile(DEFAULT_ID);
	assert_int_equal(specsync_sections_parse(&s, doc, sizeof(doc) - 1, &o, NULL), 0);
	assert_int_equal(s.section_count, 3);
	assert_int_equal(s.count, 4);
	assert_string_equal(s.entries[0].id, "REQ-A-001");
	assert_int_equal(s.entries[0].section, 0);
	assert_string_equal(s.entries[1].id, "REQ-A-001"); /* inherited by "Two" */
	assert_int_equal(s.entries[1].section, 1);
	assert_int_equal(s.entries[1].line, 3);
	assert_false(s.entries[0].hash.h1 == s.entries[1].hash.h1);
	assert_int_equal(s.entries[2].section, 2);
	assert_int_equal(s.entries[3].section, 2);
	assert_true(s.entries[2].hash.h1 == s.entries[3].hash.h1);
	assert_null(s.entries[0].text);
	specsync_sections_dispose(&s);
	specsync_sections_dispose(&s); /* disposing twice is harmless */
	specsync_regex_free(o.id);
}

static void test_match_limit_names_path_and_line(void **state)
{
	static const char doc[] = "# REQ-A-001\n"
	                          "fine\n"
	                          "## Sub\n"
	                          "still fine\n"
	                          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n"
	                          "after\n";
	specsync_sections_options o = {0};
	specsync_sections s;
	specsync_error err;
	(void)state;

	o.format = SPECSYNC_FORMAT_MARKDOWN;
	o.id = compile("(a+)+$|REQ-A-[0-9]+");
	o.path = "docs/spec.md";
	o.keep_text = true;
	assert_int_equal(specsync_sections_parse(&s, doc, sizeof(doc) - 1, &o, &err),
	                 SPECSYNC_EINPUT);
	assert_int_equal(err.code, SPECSYNC_EINPUT);
	assert_string_equal(err.path, "docs/spec.md");
	assert_int_equal(err.line, 5);
	assert_non_null(strstr(err.message, "exceeded the match limit"));
	/* The output is left empty. */
	assert_int_equal(s.count, 0);
	assert_null(s.entries);
	assert_null(s.pool.ptr);
	specsync_regex_free(o.id);
}

static void test_section_start_limit_names_line(void **state)
{
	static const char doc[] = "[REQ-A-001] one\n"
	                          "text\n"
	                          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n";
	specsync_sections_options o = {0};
	specsync_sections s;
	specsync_error err;
	(void)state;

	o.id = compile(DEFAULT_ID);
	o.section_start = compile("^\\[|(a+)+$");
	o.path = "notes.txt";
	assert_int_equal(specsync_sections_parse(&s, doc, sizeof(doc) - 1, &o, &err),
	                 SPECSYNC_EINPUT);
	assert_string_equal(err.path, "notes.txt");
	assert_int_equal(err.line, 3);
	specsync_regex_free(o.id);
	specsync_regex_free(o.section_start);
}

static void test_usage_and_empty(void **state)
{
	specsync_sections_options o = {0};
	specsync_sections s;
	specsync_error err;
	(void)state;

	assert_int_equal(specsync_sections_parse(&s, "x", 1, &o, &err), SPECSYNC_EUSAGE);
	assert_int_equal(specsync_sections_parse(&s, "x", 1, NULL, &err), SPECSYNC_EUSAGE);
	o.id = compile(DEFAULT_ID);
	o.format = SPECSYNC_FORMAT_RST;
	assert_int_equal(specsync_sections_parse(&s, NULL, 0, &o, &err), 0);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.section_count, 1);
	specsync_sections_dispose(&s);
	/* Only a BOM. */
	o.keep_text = true;
	assert_int_equal(specsync_sections_parse(&s, "\xEF\xBB\xBF", 3, &o, &err), 0);
	assert_int_equal(s.count, 0);
	specsync_sections_dispose(&s);
	specsync_regex_free(o.id);
}

/* A 4 MiB line and 200,000 short lines: no quadratic behaviour, right lines. */
static void test_long_lines_and_many_lines(void **state)
{
	specsync_buf doc = SPECSYNC_BUF_INIT;
	specsync_sections_options o = {0};
	specsync_sections s;
	size_t i;
	(void)state;

	specsync_buf_puts(&doc, "# REQ-BIG-001 big\n");
	for (i = 0; i < (4u << 20) / 8; i++)
		specsync_buf_put(&doc, "word    ", 8);
	specsync_buf_puts(&doc, "REQ-BIG-002\n");
	for (i = 0; i < 200000; i++)
		specsync_buf_printf(&doc, "%s\n", i % 1000 == 0 ? "## REQ-SUB-001" : "x");
	assert_false(doc.failed);
	o.format = SPECSYNC_FORMAT_MARKDOWN;
	o.id = compile(DEFAULT_ID);
	o.keep_text = true;
	assert_int_equal(specsync_sections_parse(&s, doc.ptr, doc.size, &o, NULL), 0);
	assert_int_equal(s.section_count, 201);
	assert_int_equal(s.count, 202);
	assert_string_equal(s.entries[1].id, "REQ-BIG-002");
	assert_int_equal(strlen(s.entries[1].text), (4u << 20) / 8 * 5 + 17 + 12);
	assert_int_equal(s.entries[2].line, 3);
	assert_int_equal(s.entries[201].line, 3 + 199 * 1000);
	specsync_sections_dispose(&s);
	specsync_buf_dispose(&doc);
	specsync_regex_free(o.id);
}

/* Many distinct IDs in one section: all kept, duplicates dropped. */
static void test_many_ids_in_one_section(void **state)
{
	specsync_buf doc = SPECSYNC_BUF_INIT;
	specsync_sections_options o = {0};
	specsync_sections s;
	char want[32];
	(void)state;

	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 1000; i++)
			specsync_buf_printf(&doc, "REQ-MANY-%03d\n", i);
	o.id = compile(DEFAULT_ID);
	assert_int_equal(specsync_sections_parse(&s, doc.ptr, doc.size, &o, NULL), 0);
	assert_int_equal(s.count, 1000);
	for (int i = 0; i < 1000; i++) {
		snprintf(want, sizeof(want), "REQ-MANY-%03d", i);
		assert_string_equal(s.entries[i].id, want);
	}
	specsync_sections_dispose(&s);
	specsync_buf_dispose(&doc);
	specsync_regex_free(o.id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_normalise_exact),
	        cmocka_unit_test(test_normalise_long),
	        cmocka_unit_test(test_hash_ignores_layout),
	        cmocka_unit_test(test_format_for),
	        cmocka_unit_test(test_section_indices),
	        cmocka_unit_test(test_match_limit_names_path_and_line),
	        cmocka_unit_test(test_section_start_limit_names_line),
	        cmocka_unit_test(test_usage_and_empty),
	        cmocka_unit_test(test_memo_changes_nothing),
	        cmocka_unit_test(test_long_lines_and_many_lines),
	        cmocka_unit_test(test_many_ids_in_one_section),
	};
	int failed = cmocka_run_group_tests_name("sections", tests, NULL, NULL);

	return run_data_cases() || failed;
}
