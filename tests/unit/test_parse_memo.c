/*
 * The section splitter's speed-ups must change no result: the memo of
 * sections (normalised hashes and IDs by raw bytes), the block normaliser,
 * the line scanner that remembers the next CR, and the short path for
 * Markdown lines that start with a letter.
 *
 * Every ID case is parsed without a memo, with a fresh one and with the
 * same one again (its IDs then come from the memo), and must give the
 * exact IDs expected: patterns with alternations, case-insensitive flags,
 * optional prefixes, capture groups and no literal at all; IDs at the
 * start and the end of lines, CRLF and lone CR line ends, UTF-8 around
 * IDs. Any filter that would skip the search for some sections is held to
 * the same cases.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "regex.h"
#include "sections_internal.h"

static void parse(specsync_sections *s, const char *doc, size_t len,
		  const specsync_sections_options *o)
{
	specsync_error err;

	if (specsync_sections_parse(s, doc, len, o, &err) < 0)
		fail_msg("parse: %s", err.message);
}

/* Two splits give the same entries, field by field. */
static void same_sections(const specsync_sections *a, const specsync_sections *b)
{
	assert_int_equal(a->count, b->count);
	assert_int_equal(a->section_count, b->section_count);
	for (size_t i = 0; i < a->count; i++) {
		assert_string_equal(a->entries[i].id, b->entries[i].id);
		assert_int_equal(a->entries[i].line, b->entries[i].line);
		assert_int_equal(a->entries[i].section, b->entries[i].section);
		assert_int_equal(a->entries[i].inherited, b->entries[i].inherited);
		assert_true(a->entries[i].hash.h1 == b->entries[i].hash.h1);
		assert_true(a->entries[i].hash.h2 == b->entries[i].hash.h2);
	}
}

/* The entries as "line:id " items. */
static char *listing(const specsync_sections *s)
{
	specsync_buf b = SPECSYNC_BUF_INIT;

	for (size_t i = 0; i < s->count; i++)
		specsync_buf_printf(&b, "%u:%s ", s->entries[i].line, s->entries[i].id);
	specsync_buf_putc(&b, '\0');
	return specsync_buf_detach(&b);
}

/*
 * Parses doc without a memo, then twice with `memo`: the three give
 * `want` ("line:id " items) and the same entries; the second pass with the
 * memo takes at least one section's IDs from it when `want_hit`.
 */
static void check_ids(specsync_sections_options *o, specsync_sections_memo *memo,
		      const char *doc, size_t len, const char *want, bool want_hit)
{
	specsync_sections plain, first, second;
	size_t hits;
	char *got;

	o->memo = NULL;
	parse(&plain, doc, len, o);
	got = listing(&plain);
	if (strcmp(got, want) != 0)
		fail_msg("pattern %s: expected \"%s\", got \"%s\"", specsync_regex_pattern(o->id),
			 want, got);
	free(got);
	o->memo = memo;
	parse(&first, doc, len, o);
	hits = specsync_sections_memo_hits(memo);
	parse(&second, doc, len, o);
	if (want_hit)
		assert_true(specsync_sections_memo_hits(memo) > hits);
	same_sections(&plain, &first);
	same_sections(&plain, &second);
	specsync_sections_dispose(&plain);
	specsync_sections_dispose(&first);
	specsync_sections_dispose(&second);
}

typedef struct id_case {
	const char *pattern;
	const char *doc;
	const char *want;
} id_case;

static const id_case id_cases[] = {
	/* alternation: either literal starts an ID */
	{"\\b(?:REQ|SPEC)-[0-9]+\\b", "# REQ-1 a\nSPEC-2 at the start\n# b\nends with SPEC-3\n",
	 "1:REQ-1 1:SPEC-2 3:SPEC-3 "},
	/* case-insensitive: no literal of one case is required */
	{"(?i)\\breq-[0-9]+", "# Req-1\nsee rEQ-2\n# none\nREQ-3\n", "1:Req-1 1:rEQ-2 3:REQ-3 "},
	/* an optional prefix: the ID may start with either part */
	{"\\b(?:FUNC-)?REQ-[0-9]+", "# FUNC-REQ-1\n# REQ-2\n# FUNC-3\n", "1:FUNC-REQ-1 2:REQ-2 "},
	/* a capture group: the ID is the group, the literal is outside it */
	{"\\[id:([a-z0-9]+)\\]", "# one [id:abc]\n# two\n[id:x1] [ID:no]\n", "1:abc 2:x1 "},
	/* no literal at all */
	{"\\b[A-Z]{3}-[0-9]{3}\\b", "# ABC-123\n# x\nXYZ-999\n# y\nAB-12 abc-123\n",
	 "1:ABC-123 2:XYZ-999 "},
	{"[0-9]{4}\\.[0-9]+", "# 2024.1\n# x\n1999.07 and 12.3\n", "1:2024.1 2:1999.07 "},
	/* IDs at the very start and end of lines and of the document */
	{"REQ-[0-9]+", "REQ-1\n# h REQ-2\nREQ-3\n# i\nx REQ-4", "2:REQ-2 2:REQ-3 4:REQ-4 "},
	/* CRLF and lone CR line ends, IDs just before them */
	{"\\bREQ-[0-9]+\\b", "# REQ-1\r\nbody REQ-2\r# REQ-3\rx\r\n# REQ-4\r",
	 "1:REQ-1 1:REQ-2 3:REQ-3 5:REQ-4 "},
	{"^# (REQ-[0-9]+)$", "# REQ-1\n# REQ-2\r\n# REQ-3\r# REQ-4", "1:REQ-1 4:REQ-4 "},
	{"(?m)^REQ-[0-9]+$", "# h\nREQ-1\nREQ-2 x\n# i\nREQ-4", "1:REQ-1 4:REQ-4 "},
	/* UTF-8 around and inside IDs (byte mode: \b sees no word in é) */
	{"\\bREQ-[0-9]+", "# Émission REQ-1\nétéREQ-2 aREQ-3\n# ü\nREQ-4é\n", "1:REQ-1 1:REQ-2 3:REQ-4 "},
	{"É-[0-9]+", "# É-1 É-2\n# x\nE-3 É-4\n", "1:É-1 1:É-2 2:É-4 "},
};

static void test_ids_with_and_without_memo(void **state)
{
	specsync_sections_memo *memo = specsync_sections_memo_new();
	(void)state;

	assert_non_null(memo);
	for (size_t i = 0; i < sizeof(id_cases) / sizeof(*id_cases); i++) {
		specsync_sections_options o = {0};

		o.format = SPECSYNC_FORMAT_MARKDOWN;
		o.id = tu_regex(id_cases[i].pattern);
		check_ids(&o, memo, id_cases[i].doc, strlen(id_cases[i].doc), id_cases[i].want, true);
		specsync_regex_free(o.id);
	}
	specsync_sections_memo_free(memo);
}

/* One memo serving other patterns, ignore lists and attributions in turn:
 * the IDs of one set of rules never answer for another. */
static void test_memo_rules(void **state)
{
	static const char doc[] = "# REQ-1 req-2 REQ-X-3\nbody REQ-4\n# REQ-5\n";
	const char *ignore[] = {"REQ-4"}, *ignore2[] = {"REQ-5"};
	specsync_sections_memo *memo = specsync_sections_memo_new();
	specsync_sections_options o = {0};
	specsync_regex *plain = tu_regex("REQ-[0-9]+"), *nocase = tu_regex("(?i)REQ-[0-9]+");
	specsync_regex *again = tu_regex("REQ-[0-9]+");
	(void)state;

	o.format = SPECSYNC_FORMAT_MARKDOWN;
	for (int round = 0; round < 2; round++) {
		o.id = plain;
		o.ignore = NULL;
		o.ignore_count = 0;
		o.attribution = SPECSYNC_ATTR_MENTIONS;
		check_ids(&o, memo, doc, sizeof(doc) - 1, "1:REQ-1 1:REQ-4 3:REQ-5 ", true);
		o.id = nocase;
		check_ids(&o, memo, doc, sizeof(doc) - 1, "1:REQ-1 1:req-2 1:REQ-4 3:REQ-5 ", true);
		o.ignore = ignore;
		o.ignore_count = 1;
		check_ids(&o, memo, doc, sizeof(doc) - 1, "1:REQ-1 1:req-2 3:REQ-5 ", true);
		o.ignore = ignore2;
		check_ids(&o, memo, doc, sizeof(doc) - 1, "1:REQ-1 1:req-2 1:REQ-4 ", true);
		o.attribution = SPECSYNC_ATTR_DEFINES;
		check_ids(&o, memo, doc, sizeof(doc) - 1, "1:REQ-1 1:req-2 ", true);
		/* another object with the same pattern: the same rules */
		o.id = again;
		o.ignore = NULL;
		o.ignore_count = 0;
		check_ids(&o, memo, doc, sizeof(doc) - 1, "1:REQ-1 3:REQ-5 ", true);
		/* path attribution: the IDs come from the path, never the memo */
		o.attribution = SPECSYNC_ATTR_PATH;
		o.path = "specs/REQ-7.md";
		check_ids(&o, memo, doc, sizeof(doc) - 1, "1:REQ-7 ", false);
		o.path = "specs/REQ-8.md";
		check_ids(&o, memo, doc, sizeof(doc) - 1, "1:REQ-8 ", false);
		o.path = NULL;
	}
	specsync_regex_free(plain);
	specsync_regex_free(nocase);
	specsync_regex_free(again);
	specsync_sections_memo_free(memo);
}

/* A search charged to the pattern's budget is never remembered: each
 * parse runs (and pays for) it again, with or without a memo. */
static void test_charged_search_not_kept(void **state)
{
	specsync_buf doc = SPECSYNC_BUF_INIT;
	specsync_sections_memo *memo = specsync_sections_memo_new();
	specsync_sections_options o = {0};
	specsync_sections s;
	uint64_t before, once;
	(void)state;

	specsync_buf_puts(&doc, "# REQ-1\n# x\n");
	for (int i = 0; i < 24; i++)
		specsync_buf_putc(&doc, 'a');
	specsync_buf_puts(&doc, "REQ-x\n");
	o.format = SPECSYNC_FORMAT_MARKDOWN;
	o.id = tu_regex("(?:a|aa)+REQ-[0-9]|REQ-[0-9]");
	o.memo = memo;
	before = specsync_regex_charged(o.id);
	parse(&s, doc.ptr, doc.size, &o);
	once = specsync_regex_charged(o.id) - before;
	assert_true(once > 0);
	assert_int_equal(s.count, 1);
	specsync_sections_dispose(&s);
	parse(&s, doc.ptr, doc.size, &o);
	assert_true(specsync_regex_charged(o.id) - before == 2 * once);
	/* the cheap section was remembered, the costly one not */
	assert_int_equal(specsync_sections_memo_hits(memo), 1);
	assert_int_equal(s.count, 1);
	assert_string_equal(s.entries[0].id, "REQ-1");
	specsync_sections_dispose(&s);
	specsync_regex_free(o.id);
	specsync_sections_memo_free(memo);
	specsync_buf_dispose(&doc);
}

/* ---- documents that change from version to version --------------------- */

static uint32_t rng_next(uint32_t *r)
{
	*r = *r * 1103515245u + 12345u;
	return (*r >> 8) & 0xffffu;
}

static const char *const words[] = {"alpha", "beta", "  gamma", "\tdelta", "é", "x",
				    "REQ-B-010", "", "text\r", "lorem ipsum"};

/* A document of `n` sections with headings of levels 1-3, some without
 * IDs (they inherit), IDs in bodies, and random line ends. */
static void random_doc(specsync_buf *b, uint32_t *r, int n, specsync_doc_format fmt)
{
	static const char *const ends[] = {"\n", "\r\n", "\r", "\n\n"};

	specsync_buf_clear(b);
	for (int i = 0; i < n; i++) {
		unsigned level = 1 + rng_next(r) % 3, id = rng_next(r) % 40;
		bool with_id = rng_next(r) % 4 != 0;

		if (fmt == SPECSYNC_FORMAT_ASCIIDOC)
			specsync_buf_printf(b, "%.*s ", (int)level + 1, "====");
		else if (fmt == SPECSYNC_FORMAT_MARKDOWN)
			specsync_buf_printf(b, "%.*s ", (int)level, "###");
		if (with_id)
			specsync_buf_printf(b, "REQ-A-%03u ", id);
		specsync_buf_puts(b, "Title\n");
		if (fmt == SPECSYNC_FORMAT_RST)
			specsync_buf_printf(b, "%s\n", level == 1 ? "=========" : "---------");
		for (unsigned k = rng_next(r) % 6; k > 0; k--) {
			specsync_buf_puts(b, words[rng_next(r) % 10]);
			specsync_buf_puts(b, rng_next(r) % 3 ? " " : ends[rng_next(r) % 4]);
		}
		specsync_buf_puts(b, "\n\n");
	}
}

/* Replaces, drops or repeats one section-sized piece of the document. */
static void edit_doc(specsync_buf *b, uint32_t *r)
{
	size_t at = b->size ? rng_next(r) % b->size : 0;

	switch (rng_next(r) % 3) {
	case 0:
		if (b->size)
			b->ptr[at] = b->ptr[at] == 'a' ? 'b' : 'a';
		break;
	case 1: {
		char *copy = malloc(b->size - at + 1);
		assert_non_null(copy);
		memcpy(copy, b->ptr + at, b->size - at);
		specsync_buf_put(b, copy, b->size - at);
		free(copy);
		break;
	}
	default:
		b->size = at;
		specsync_buf_puts(b, "\n# REQ-A-001 again\nSame text.\n");
		break;
	}
}

/* Versions of documents parsed with one memo per attribution mix give
 * what a parse without memo gives, in every format. */
static void test_versions_with_memo(void **state)
{
	static const specsync_doc_format formats[] = {SPECSYNC_FORMAT_MARKDOWN,
						      SPECSYNC_FORMAT_ASCIIDOC, SPECSYNC_FORMAT_RST,
						      SPECSYNC_FORMAT_OTHER};
	specsync_sections_memo *memo = specsync_sections_memo_new();
	specsync_buf doc = SPECSYNC_BUF_INIT;
	uint32_t r = 7;
	size_t hits = 0;
	(void)state;

	for (size_t f = 0; f < sizeof(formats) / sizeof(*formats); f++) {
		specsync_sections_options o = {0};

		o.format = formats[f];
		o.id = tu_regex("\\bREQ-[A-Z]-[0-9]{3}\\b");
		random_doc(&doc, &r, 30, o.format);
		for (int v = 0; v < 60; v++) {
			specsync_sections plain, memoed;

			o.attribution = v % 3 == 2 ? SPECSYNC_ATTR_DEFINES : SPECSYNC_ATTR_MENTIONS;
			o.memo = NULL;
			parse(&plain, doc.ptr, doc.size, &o);
			o.memo = memo;
			parse(&memoed, doc.ptr, doc.size, &o);
			same_sections(&plain, &memoed);
			specsync_sections_dispose(&plain);
			specsync_sections_dispose(&memoed);
			edit_doc(&doc, &r);
		}
		specsync_regex_free(o.id);
	}
	hits = specsync_sections_memo_hits(memo);
	assert_true(hits > 400);
	specsync_sections_memo_free(memo);
	specsync_buf_dispose(&doc);
}

/* ---- normalisation ---------------------------------------------------- */

static size_t reference_normalise(char *out, const char *in, size_t len)
{
	size_t w = 0;
	bool pending = false;

	for (size_t i = 0; i < len; i++) {
		if (strchr(" \t\r\n\f\v", in[i]) && in[i]) {
			pending = w > 0;
			continue;
		}
		if (pending)
			out[w++] = ' ';
		pending = false;
		out[w++] = in[i];
	}
	return w;
}

/*
 * One section of `n` bytes, white space runs placed so that a pending
 * space meets every position of the normaliser's 4 KiB chunks: its hash is
 * the hash of the reference normalisation, with and without memo.
 */
static void test_long_section_hash(void **state)
{
	static const char ws[] = " \t\r\n\f\v";
	specsync_sections_memo *memo = specsync_sections_memo_new();
	specsync_sections_options o = {0};
	uint32_t r = 3;
	(void)state;

	o.format = SPECSYNC_FORMAT_OTHER;
	o.id = tu_regex("REQ-[0-9]+");
	for (size_t n = 4090; n < 3 * 4096 + 20; n += n < 4200 ? 1 : 997) {
		char *doc = malloc(n), *want = malloc(n);
		specsync_sections s;
		specsync_hash128 h;
		size_t w;

		memcpy(doc, "  REQ-1 ", 8);
		for (size_t i = 8; i < n; i++)
			doc[i] = rng_next(&r) % 4 == 0 ? ws[rng_next(&r) % 6] : (char)('a' + i % 26);
		w = reference_normalise(want, doc, n);
		h = specsync_hash(want, w);
		for (int pass = 0; pass < 3; pass++) {
			o.memo = pass ? memo : NULL;
			parse(&s, doc, n, &o);
			assert_int_equal(s.count, 1);
			assert_true(s.entries[0].hash.h1 == h.h1 && s.entries[0].hash.h2 == h.h2);
			specsync_sections_dispose(&s);
		}
		free(doc);
		free(want);
	}
	specsync_regex_free(o.id);
	specsync_sections_memo_free(memo);
}

/* ---- lines -------------------------------------------------------------- */

/*
 * Random Markdown made of headings, text and every line end: each entry's
 * line number, counted again with specsync_sections_line_end, names a
 * heading line (or line 1 of a file without heading).
 */
static void test_line_numbers(void **state)
{
	static const char *const pieces[] = {"# REQ-1", "text", "", "\r", "\n", "\r\n",
					     "## REQ-2", "\n\r", "REQ-3 tail"};
	specsync_sections_options o = {0};
	specsync_buf doc = SPECSYNC_BUF_INIT;
	uint32_t r = 11;
	(void)state;

	o.format = SPECSYNC_FORMAT_MARKDOWN;
	o.attribution = SPECSYNC_ATTR_DEFINES;
	o.id = tu_regex("REQ-[0-9]");
	for (int round = 0; round < 300; round++) {
		specsync_sections s;

		specsync_buf_clear(&doc);
		for (int k = rng_next(&r) % 40; k > 0; k--)
			specsync_buf_puts(&doc, pieces[rng_next(&r) % 9]);
		specsync_buf_putc(&doc, '\0');
		parse(&s, doc.ptr, doc.size - 1, &o);
		for (size_t i = 0; i < s.count; i++) {
			size_t pos = 0, next = 0;
			unsigned at = s.entries[i].line;

			for (unsigned no = 1; no < at; no++, pos = next)
				specsync_sections_line_end(doc.ptr, doc.size - 1, pos, &next);
			/* a heading's line, or line 1 of a file without heading */
			if (at != 1 && doc.ptr[pos] != '#')
				fail_msg("round %d: entry %zu at line %u: \"%.20s\"", round, i, at,
					 doc.ptr + pos);
		}
		specsync_sections_dispose(&s);
	}
	specsync_regex_free(o.id);
	specsync_buf_dispose(&doc);
}

/* Exact line numbers with mixed line ends; a first CR far into the file. */
static void test_line_ends(void **state)
{
	static const char doc[] = "# REQ-1\r\nbody\r# REQ-2\nbody\r\n\r\n# REQ-3\r";
	specsync_buf big = SPECSYNC_BUF_INIT;
	specsync_sections_options o = {0};
	specsync_sections s;
	char *got;
	(void)state;

	o.format = SPECSYNC_FORMAT_MARKDOWN;
	o.id = tu_regex("REQ-[0-9]+");
	parse(&s, doc, sizeof(doc) - 1, &o);
	got = listing(&s);
	assert_string_equal(got, "1:REQ-1 3:REQ-2 6:REQ-3 ");
	free(got);
	specsync_sections_dispose(&s);
	for (int i = 0; i < 100; i++)
		specsync_buf_printf(&big, "# REQ-%d\nline\n", i);
	specsync_buf_puts(&big, "# REQ-100\rlone\r# REQ-101\r\n# REQ-102\n# REQ-103\r");
	parse(&s, big.ptr, big.size, &o);
	assert_int_equal(s.count, 104);
	assert_int_equal(s.entries[99].line, 199);
	assert_int_equal(s.entries[100].line, 201);
	assert_int_equal(s.entries[101].line, 203);
	assert_int_equal(s.entries[102].line, 204);
	assert_int_equal(s.entries[103].line, 205);
	specsync_sections_dispose(&s);
	specsync_buf_dispose(&big);
	specsync_regex_free(o.id);
}

/* Lines that start with a letter or a UTF-8 byte, where Markdown state
 * matters: setext titles under them, comments and front matter around. */
static void test_markdown_letter_lines(void **state)
{
	static const struct {
		const char *doc, *want;
	} cases[] = {
		{"Title REQ-1\n===\ntext\n", "1:REQ-1 "},
		{"Émission REQ-1\n---\nx\nÉtat REQ-2\n---\n", "1:REQ-1 3:REQ-2 "},
		{"Émission REQ-1\n---\n\nÉtat REQ-2\n---\n", "1:REQ-1 4:REQ-2 "},
		{"# REQ-1\n<!--\nclosed here -->\n# REQ-2\n", "1:REQ-1 4:REQ-2 "},
		{"# REQ-1\n<!--\nstill open\n# REQ-2\n-->\n", "1:REQ-1 "},
		{"---\ntitle: REQ-9\n---\n# REQ-1\n", "4:REQ-1 "},
		{"# REQ-1\n```\ncode\n# REQ-2\n```\nb\n===\n", "1:REQ-1 "},
		{"- item REQ-1\n---\nplain REQ-2\n---\n", "3:REQ-2 "},
		{"z REQ-1\nZ\n===\n", "1:REQ-1 "},
	};
	specsync_sections_options o = {0};
	(void)state;

	o.format = SPECSYNC_FORMAT_MARKDOWN;
	o.attribution = SPECSYNC_ATTR_DEFINES;
	o.id = tu_regex("REQ-[0-9]+");
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		specsync_sections s;
		char *got;

		parse(&s, cases[i].doc, strlen(cases[i].doc), &o);
		got = listing(&s);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: expected \"%s\", got \"%s\"", i, cases[i].want, got);
		free(got);
		specsync_sections_dispose(&s);
	}
	specsync_regex_free(o.id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_with_and_without_memo),
		cmocka_unit_test(test_memo_rules),
		cmocka_unit_test(test_charged_search_not_kept),
		cmocka_unit_test(test_versions_with_memo),
		cmocka_unit_test(test_long_section_hash),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_markdown_letter_lines),
	};

	return cmocka_run_group_tests_name("parse memo", tests, NULL, NULL);
}
