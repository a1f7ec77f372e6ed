/*
 * Section splitter.
 *
 * One pass over the lines of the document: a small state machine per format
 * recognises headings. Each heading closes the section before it, which is
 * then finished at once: its IDs are found with the ID pattern over its raw
 * bytes, it inherits from the enclosing sections when it has none, and only
 * when it ends up with entries is its text normalised and hashed (in 4 KiB
 * chunks, without building the text unless keep_text asks for it).
 *
 * While building, entries refer to the pool by offset (the pool moves when
 * it grows); the pointers are set once everything is in.
 *
 * Rules beyond sections.h, where the formats leave a choice:
 *  - Markdown follows CommonMark for block starts at the top level: up to
 *    three columns of indentation (a tab to the next multiple of four);
 *    a setext underline (any run of '=' or '-') counts only directly under
 *    a plain paragraph, not under a list item or block quote (a following
 *    "---" is then a thematic break, as it is after a blank line, a
 *    thematic break or indented code); "```" followed by more backticks on
 *    the line is inline code, not a fence; a closing fence may be followed
 *    by spaces or tabs. HTML comment blocks ("<!--" up to "-->") and YAML
 *    front matter (a first line "---" up to "---" or "...") hold no
 *    headings. Other HTML blocks and nested containers are not modelled.
 *  - AsciiDoc delimiters may have trailing blanks; listing ("----"),
 *    literal, passthrough, comment and "```" blocks are verbatim, example,
 *    sidebar, quote, open ("--") and table ("|===", ",===", ":===",
 *    "!===") blocks nest; a block closes at its exact delimiter line.
 *  - reStructuredText title lengths count UTF-8 code points; an overline
 *    must follow a blank line (or start the file), and an overlined title
 *    falls back to nothing (not to an underline-only title) when too long.
 *  - Match limits name the first line, from where the failing search
 *    started, that hits the limit on its own (else that start line).
 *  - An ID match containing a NUL byte is cut there; texts, being C
 *    strings, read as cut at their first NUL (the hash covers every byte).
 *
 * This file owns the formats (which lines are headings, per format) and
 * the driver; sections_build.c builds the sections and their entries.
 */
#include "sections_internal.h"

#include "common.h"
#include "glob.h"
#include "regex.h"

#include <stddef.h>

/* ---- bytes -------------------------------------------------------------- */

static bool is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

/* End of p[0..e) without its trailing spaces and tabs. */
static const char *rtrim(const char *p, const char *e)
{
	while (e > p && is_blank_char(e[-1]))
		e--;
	return e;
}

static const char *skip_blanks(const char *p, const char *e)
{
	while (p < e && is_blank_char(*p))
		p++;
	return p;
}

/* Length of the run of `c` at the start of p[0..e). */
static size_t run_of(const char *p, const char *e, char c)
{
	const char *q = p;

	while (q < e && *q == c)
		q++;
	return (size_t)(q - p);
}

static bool only_blanks(const char *p, const char *e)
{
	return skip_blanks(p, e) == e;
}

/* strchr() would also find the terminating NUL. */
static bool in_set(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* ---- formats ------------------------------------------------------------ */

static bool ext_equal(const char *ext, const char *want)
{
	for (; *ext && *want; ext++, want++) {
		char c = *ext >= 'A' && *ext <= 'Z' ? (char)(*ext - 'A' + 'a') : *ext;

		if (c != *want)
			return false;
	}
	return !*ext && !*want;
}

specsync_doc_format specsync_sections_format_for(const char *path)
{
	static const struct {
		const char *ext;
		specsync_doc_format format;
	} table[] = {
	        {"md", SPECSYNC_FORMAT_MARKDOWN},   {"markdown", SPECSYNC_FORMAT_MARKDOWN},
	        {"adoc", SPECSYNC_FORMAT_ASCIIDOC}, {"asciidoc", SPECSYNC_FORMAT_ASCIIDOC},
	        {"asc", SPECSYNC_FORMAT_ASCIIDOC},  {"rst", SPECSYNC_FORMAT_RST},
	};
	const char *base, *dot;

	if (!path)
		return SPECSYNC_FORMAT_OTHER;
	base = strrchr(path, '/');
	dot = strrchr(base ? base : path, '.');
	if (!dot)
		return SPECSYNC_FORMAT_OTHER;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (ext_equal(dot + 1, table[i].ext))
			return table[i].format;
	return SPECSYNC_FORMAT_OTHER;
}

/* ---- Markdown ----------------------------------------------------------- */

/*
 * Skips up to three columns of indentation (tabs to the next multiple of
 * four); NULL when the line is indented four columns or more.
 */
static const char *md_indent(const char *p, const char *e)
{
	unsigned col = 0;

	for (; p < e && is_blank_char(*p); p++) {
		col = *p == '\t' ? (col + 4) & ~3u : col + 1;
		if (col >= 4)
			return NULL;
	}
	return p;
}

/* Whether the line p[0..e) (maybe ending in CR) is `s` and trailing blanks. */
static bool line_is(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);

	if (e > p && e[-1] == '\r')
		e--;
	e = rtrim(p, e);
	return (size_t)(e - p) == n && memcmp(p, s, n) == 0;
}

/* Bytes of YAML front matter: a first line "---" up to a line "---" or "...". */
static size_t md_front_matter(const char *data, size_t len)
{
	const char *end = data + len, *p, *e, *nl = memchr(data, '\n', len);

	if (!nl || !line_is(data, nl, "---"))
		return 0;
	for (p = nl + 1; p < end; p = e + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		e = nl ? nl : end;
		if (line_is(p, e, "---") || line_is(p, e, "..."))
			return (size_t)(e - data) + (nl != NULL);
	}
	return 0;
}

static bool md_fence_opens(md_state *md, const char *p, const char *e)
{
	size_t n;

	if (p == e || (*p != '`' && *p != '~'))
		return false;
	n = run_of(p, e, *p);
	/* "```code```" on one line is inline code, not a fence. */
	if (n < 3 || (*p == '`' && memchr(p + n, '`', (size_t)(e - p - n))))
		return false;
	md->fence = *p;
	md->fence_len = n;
	return true;
}

static bool md_fence_closes(const md_state *md, const char *p, const char *e)
{
	size_t n;

	if (!(p = md_indent(p, e)))
		return false;
	n = run_of(p, e, md->fence);
	return n >= md->fence_len && only_blanks(p + n, e);
}

static unsigned md_atx_level(const char *p, const char *e)
{
	size_t n = run_of(p, e, '#');

	if (n < 1 || n > 6 || (p + n < e && !is_blank_char(p[n])))
		return 0;
	return (unsigned)n;
}

static unsigned md_setext_level(const char *p, const char *e)
{
	size_t n;

	if (p == e || (*p != '=' && *p != '-'))
		return 0;
	n = run_of(p, e, *p);
	if (!only_blanks(p + n, e))
		return 0;
	return *p == '=' ? 1 : 2;
}

static bool md_thematic_break(const char *p, const char *e)
{
	char c = p < e ? *p : 0;
	size_t n = 0;

	if (c != '-' && c != '*' && c != '_')
		return false;
	for (; p < e; p++) {
		if (*p == c)
			n++;
		else if (!is_blank_char(*p))
			return false;
	}
	return n >= 3;
}

/* List items and block quotes: their text cannot carry a setext underline. */
static bool md_container(const char *p, const char *e)
{
	const char *q = p;

	if (p == e)
		return false;
	if (*p == '>')
		return true;
	if (*p == '-' || *p == '+' || *p == '*')
		return p + 1 == e || is_blank_char(p[1]);
	while (q < e && q - p < 9 && *q >= '0' && *q <= '9')
		q++;
	if (q == p || q == e || (*q != '.' && *q != ')'))
		return false;
	return q + 1 == e || is_blank_char(q[1]);
}

static bool contains(const char *p, const char *e, const char *needle, size_t n)
{
	for (; (size_t)(e - p) >= n; p++) {
		if (!(p = memchr(p, needle[0], (size_t)(e - p) - n + 1)))
			return false;
		if (memcmp(p, needle, n) == 0)
			return true;
	}
	return false;
}

/* Inside a fence or an HTML comment: true while the line belongs to it. */
static bool md_in_block(md_state *md, const char *p, const char *e)
{
	if (md->fence) {
		if (md_fence_closes(md, p, e))
			md->fence = 0;
		return true;
	}
	if (md->comment) {
		md->comment = !contains(p, e, "-->", 3);
		return true;
	}
	return false;
}

/* Lines that are not headings: track paragraphs and blocks. */
static void md_other(md_state *md, const line *ln, const char *p, const char *e)
{
	if (md_fence_opens(md, p, e) || md_thematic_break(p, e)) {
		md->para = PARA_NONE;
	} else if (e - p >= 4 && memcmp(p, "<!--", 4) == 0) {
		md->comment = !contains(p + 4, e, "-->", 3);
		md->para = PARA_NONE;
	} else if (md_container(p, e)) {
		md->para = PARA_CONTAINER;
	} else if (md->para == PARA_NONE) {
		md->para = PARA_TEXT;
		md->para_off = ln->off;
		md->para_no = ln->no;
	}
}

/*
 * A line that starts with a letter or a non-ASCII byte, outside blocks, is
 * plain text: no heading, underline, fence, break, comment or container
 * starts so. Most lines of a specification are; md_line's general path
 * would reach the same state for them.
 */
static bool md_plain_text(md_state *md, const line *ln, const char *p, const char *e)
{
	unsigned char c = p < e ? (unsigned char)*p : 0;
	bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';

	if (md->fence || md->comment || ln->off < md->front_matter || (!letter && c < 0x80))
		return false;
	if (md->para == PARA_NONE) {
		md->para = PARA_TEXT;
		md->para_off = ln->off;
		md->para_no = ln->no;
	}
	return true;
}

static int md_line(parser *ps, const line *ln)
{
	md_state *md = &ps->md;
	const char *p = ps->data + ln->off, *e = ps->data + ln->end;
	unsigned level;

	if (md_plain_text(md, ln, p, e))
		return 0;
	if (ln->off < md->front_matter || md_in_block(md, p, e))
		return 0;
	if (only_blanks(p, e)) {
		md->para = PARA_NONE;
		return 0;
	}
	/* Indented code, or the continuation of a paragraph. */
	if (!(p = md_indent(p, e)))
		return 0;
	if ((level = md_atx_level(p, e))) {
		md->para = PARA_NONE;
		return specsync_sections_begin_section(ps, ln->off, ln->no, level);
	}
	if (md->para == PARA_TEXT && (level = md_setext_level(p, e))) {
		md->para = PARA_NONE;
		return specsync_sections_begin_section(ps, md->para_off, md->para_no, level);
	}
	md_other(md, ln, p, e);
	return 0;
}

/* ---- AsciiDoc ----------------------------------------------------------- */

/*
 * Length of the block delimiter the line opens or closes (0 when it is not
 * one); *verbatim when nothing inside such a block can open another.
 */
static size_t adoc_delimiter(const char *p, const char *e, bool *verbatim)
{
	size_t n = (size_t)(e - p);

	*verbatim = false;
	if (n == 2 && p[0] == '-' && p[1] == '-')
		return 2;
	if (n >= 3 && memcmp(p, "```", 3) == 0) {
		*verbatim = true;
		return 3;
	}
	if (n >= 4 && in_set(*p, "|,:!") && run_of(p + 1, e, '=') == n - 1)
		return n;
	if (n < 4 || !in_set(*p, "-.+/*_=") || run_of(p, e, *p) != n)
		return 0;
	*verbatim = in_set(*p, "-.+/");
	return n;
}

/* Level of a `^(=+)[ \t]+\S` heading, else 0. */
static unsigned adoc_heading_level(const char *p, const char *e)
{
	size_t n = run_of(p, e, '=');
	const char *q = p + n;

	if (!n || q == e || !is_blank_char(*q))
		return 0;
	q = skip_blanks(q, e);
	if (q == e || specsync_sections_white[(unsigned char)*q])
		return 0;
	return n > 0xffff ? 0xffff : (unsigned)n;
}

/* Opens, closes or ignores a delimiter line inside or outside blocks. */
static int adoc_block_line(parser *ps, const line *ln, const char *p, size_t n, bool verbatim)
{
	adoc_state *a = &ps->adoc;
	const adoc_block *top = a->depth ? &a->open[a->depth - 1] : NULL;

	if (top && n == top->len && memcmp(p, ps->data + top->off, n) == 0) {
		a->depth--;
		return 0;
	}
	if (top && top->verbatim)
		return 0;
	if (SPECSYNC_ARRAY_RESERVE(a->open, a->alloc, a->depth + 1) < 0)
		return specsync_sections_nomem(ps);
	a->open[a->depth++] = (adoc_block){ln->off, n, verbatim};
	return 0;
}

static int adoc_line(parser *ps, const line *ln)
{
	const char *p = ps->data + ln->off, *e = rtrim(p, ps->data + ln->end);
	bool verbatim;
	size_t n = adoc_delimiter(p, e, &verbatim);
	unsigned level;

	if (n)
		return adoc_block_line(ps, ln, p, n, verbatim);
	if (ps->adoc.depth || !(level = adoc_heading_level(p, e)))
		return 0;
	return specsync_sections_begin_section(ps, ln->off, ln->no, level);
}

/* ---- reStructuredText --------------------------------------------------- */

static bool rst_adornment_char(char c)
{
	return c > ' ' && c < 0x7f && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
	       !(c >= 'A' && c <= 'Z');
}

static rst_line rst_classify(const parser *ps, const line *ln)
{
	const char *p = ps->data + ln->off, *e = rtrim(p, ps->data + ln->end);
	rst_line r = {.valid = true, .blank = p == e, .no = ln->no};

	r.off = ln->off;
	r.end = ln->off + (size_t)(e - p);

	if (r.blank)
		return r;
	r.indented = is_blank_char(*p);
	if (rst_adornment_char(*p) && e - p >= 2 && run_of(p, e, *p) == (size_t)(e - p)) {
		r.adorn = *p;
		r.adorn_len = (size_t)(e - p);
	}
	return r;
}

/* Characters (UTF-8 code points) of a title, without surrounding blanks. */
static size_t rst_title_length(const parser *ps, const rst_line *t)
{
	const char *p = skip_blanks(ps->data + t->off, ps->data + t->end);
	size_t n = 0;

	for (; p < ps->data + t->end; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	return n;
}

/* Styles get levels in order of first appearance. */
static unsigned rst_level(rst_state *rst, char c, bool overline)
{
	unsigned i;

	for (i = 0; i < rst->style_count; i++)
		if (rst->styles[i].c == c && rst->styles[i].overline == overline)
			return i + 1;
	rst->styles[i] = (rst_style){c, overline};
	rst->style_count++;
	return i + 1;
}

/*
 * `under` is an adornment line: is it the underline of a title? An
 * underline never serves as the next title's overline too: the line before
 * it is its own title, never blank.
 */
static int rst_title(parser *ps, const rst_line *under)
{
	rst_state *rst = &ps->rst;
	const rst_line *t = &rst->prev[0], *over = &rst->prev[1], *before = &rst->prev[2];
	size_t len;

	if (!t->valid || t->blank || t->adorn)
		return 0;
	len = rst_title_length(ps, t);
	if (over->valid && over->adorn == under->adorn && (!before->valid || before->blank)) {
		if (len > under->adorn_len || len > over->adorn_len)
			return 0;
		return specsync_sections_begin_section(ps, over->off, over->no,
						       rst_level(rst, under->adorn, true));
	}
	if (t->indented || (over->valid && !over->blank) || len > under->adorn_len)
		return 0;
	return specsync_sections_begin_section(ps, t->off, t->no,
					       rst_level(rst, under->adorn, false));
}

static int rst_line_fn(parser *ps, const line *ln)
{
	rst_state *rst = &ps->rst;
	rst_line cur = rst_classify(ps, ln);
	int error = cur.adorn ? rst_title(ps, &cur) : 0;

	rst->prev[2] = rst->prev[1];
	rst->prev[1] = rst->prev[0];
	rst->prev[0] = cur;
	return error;
}

/* ---- section_start ------------------------------------------------------ */

static int start_line(parser *ps, const line *ln)
{
	int rc = specsync_regex_test(ps->opts->section_start, ps->data + ln->off, ln->end - ln->off,
	                             ps->err);

	if (rc < 0)
		return specsync_sections_regex_error(ps, rc, ln->no);
	return rc ? specsync_sections_begin_section(ps, ln->off, ln->no, 1) : 0;
}

/* ---- driver ------------------------------------------------------------- */

/*
 * specsync_sections_line_end with the next CR remembered: most documents
 * have none, or one per line, so one memchr per line instead of two.
 * *cr is the offset of the first CR at or after pos (len: none).
 */
static size_t next_line(const parser *ps, size_t pos, size_t *next, size_t *cr)
{
	const char *data = ps->data, *nl;
	size_t len = ps->len, end;

	if (*cr < pos) {
		const char *c = memchr(data + pos, '\r', len - pos);

		*cr = c ? (size_t)(c - data) : len;
	}
	nl = memchr(data + pos, '\n', len - pos);
	end = nl ? (size_t)(nl - data) : len;
	if (*cr >= end) {
		*next = nl ? end + 1 : len;
		return end;
	}
	/* a CR in this line: CR LF ends it, a lone CR ends it before */
	*next = *cr + 1 == end && nl ? end + 1 : *cr + 1;
	return *cr;
}

static int each_line(parser *ps, line_fn fn)
{
	const char *first_cr = memchr(ps->data, '\r', ps->len);
	size_t pos = 0, cr = first_cr ? (size_t)(first_cr - ps->data) : ps->len;
	line ln = {0, 0, 1};
	int error;

	for (; pos < ps->len; ln.no++) {
		ln.off = pos;
		ln.end = next_line(ps, pos, &pos, &cr);
		if ((error = fn(ps, &ln)) < 0)
			return error;
	}
	return 0;
}

static line_fn line_fn_for(parser *ps)
{
	const specsync_sections_options *o = ps->opts;

	if (o->attribution == SPECSYNC_ATTR_PATH)
		return NULL;
	if (o->section_start)
		return start_line;
	switch (o->format) {
	case SPECSYNC_FORMAT_MARKDOWN:
		ps->md.front_matter = md_front_matter(ps->data, ps->len);
		return md_line;
	case SPECSYNC_FORMAT_ASCIIDOC:
		return adoc_line;
	case SPECSYNC_FORMAT_RST:
		return rst_line_fn;
	default:
		return NULL;
	}
}

/* The pool no longer moves: turn offsets into pointers. */
static void resolve(parser *ps)
{
	specsync_sections *out = ps->out;

	for (size_t i = 0; i < out->count; i++) {
		out->entries[i].id = out->pool.ptr + ps->offs[i].id;
		out->entries[i].text =
		        ps->opts->keep_text ? out->pool.ptr + ps->offs[i].text : NULL;
	}
}

static int split(parser *ps)
{
	line_fn fn = line_fn_for(ps);
	int error;

	if (fn && (error = each_line(ps, fn)) < 0)
		return error;
	/* No heading at all: the whole file is one section. */
	if (!ps->open && (error = specsync_sections_begin_section(ps, 0, 1, 1)) < 0)
		return error;
	if ((error = specsync_sections_finish_section(ps, ps->len)) < 0)
		return error;
	if (ps->out->pool.failed)
		return specsync_sections_nomem(ps);
	resolve(ps);
	return 0;
}

int specsync_sections_parse(specsync_sections *out, const char *data, size_t len,
                            const specsync_sections_options *opts, specsync_error *err)
{
	parser *ps = NULL;
	size_t bom;
	int error;

	memset(out, 0, sizeof(*out));
	if (!opts || !opts->id)
		return specsync_fail(err, SPECSYNC_EUSAGE, "sections: no ID pattern given");
	/* Zeroing the normaliser's 4 KiB chunk cost more than many a parse. */
	if (!(ps = malloc(sizeof(*ps))))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	memset(ps, 0, offsetof(parser, norm));
	bom = data ? specsync_sections_bom_length(data, len) : 0;
	ps->opts = opts;
	ps->out = out;
	ps->err = err;
	ps->data = data ? data + bom : "";
	ps->len = data ? len - bom : 0;
	ps->set_gen = 1;
	specsync_sections_memo_start(ps);
	specsync_regex_new_document(opts->id);
	if (opts->section_start)
		specsync_regex_new_document(opts->section_start);
	error = split(ps);
	free(ps->stack);
	free(ps->offs);
	free(ps->set);
	free(ps->adoc.open);
	specsync_buf_dispose(&ps->id);
	free(ps);
	if (error < 0)
		specsync_sections_dispose(out);
	return error;
}

void specsync_sections_dispose(specsync_sections *s)
{
	if (!s)
		return;
	free(s->entries);
	specsync_buf_dispose(&s->pool);
	memset(s, 0, sizeof(*s));
}
