/*
 * specsync init: requirement ID families.
 *
 * A hand-written scanner (no regular expression: it must see every token
 * shape at once) finds the ID-like tokens of each file:
 *  - dashed: upper-case segments joined by '-' or '_', the last one digits
 *    (REQ-INV-001, ZEP-SYRS-12, REQ_001, FR-12);
 *  - glued: capitals then three digits or more (REQ001, Doorstop's default);
 *  - tilde: OpenFastTrace's type~name~revision (req~login~1, dsn~a.b~2);
 *  - dunder: a lower-case prefix, "__", a name (wf__name).
 * Tokens are grouped into families (same shape and prefix; dashed ones
 * also by separator and number of segments). Each occurrence notes whether
 * it stands where an ID is defined (a heading, an `:id:` or `UID:` field,
 * a line of its own, a table's first cell, a Doorstop item's file name) and
 * whether its line is prose about the ID scheme ("e.g.", "pattern", ...).
 *
 * A family is a candidate when several of its IDs are defined somewhere
 * (or, when no family has definitions, when it has several IDs in several
 * files), and its prefix is not a well-known standard (UTF-8, ISO-9001,
 * RFC-2119, SHA-256, CVE-...). Which candidates become requirements is
 * decided once the files have sides (see specsync_init_ids_choose): those
 * defined on the functional side.
 */
#include "init.h"

#include "common.h"

#include <ctype.h>

#define MAX_PREFIX 12
#define MAX_SEGMENTS 5

static const char *const stop_prefixes[] = {
	"AES",  "ANSI",   "ARM",  "ASCII", "BS",   "CC",   "COVID",   "CP",     "CVE",     "CWE",
	"DIN",  "DO",     "ECMA", "EN",    "ES",   "FIPS", "GHSA",    "GPL",    "AGPL",    "LGPL",
	"HTTP", "IEC",    "IEEE", "IPV",   "ISO",  "JEP",  "JSR",     "MD",     "MIL",     "MISRA",
	"NIST", "PEP",    "RFC",  "RSA",   "SHA",  "SSL",  "TLS",     "UCS",    "UTF",     "WCAG",
	"WIN",  "X",      "XML",  "Y",     "BSD",  "CC0",  "MPL",     "APACHE", "LICENSE", "HTML",
	"CSS",  "SQL",    "ABI",  "API",   "SDK",  "V",    "VERSION", "PR",     "GH",      "ISSUE",
	"BUG",  "PYTHON", "PY",   "NODE",  "JAVA", "OS",   "CI",      "SPDX",
};

static const char *const example_words[] = {
	"e.g.",    "for example", "for instance",       "example", "pattern", "placeholder",
	"such as", "i.e.",        "identifiers follow", "format",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_upper(c) || is_lower(c) || is_digit(c);
}

static bool is_word(char c)
{
	return is_alnum(c) || c == '_';
}

/* ---- tokens ------------------------------------------------------------- */

typedef struct token {
	init_shape shape;
	const char *p;
	size_t len;
	char prefix[MAX_PREFIX + 1];
	char sep;
	unsigned segments;
	bool placeholder;
} token;

static bool all_of(const char *p, size_t n, char a, char b)
{
	if (n < 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] != a && p[i] != b)
			return false;
	return true;
}

/* "XXX", "xx", "000", "NNN": a segment that stands for any value. */
static bool placeholder_segment(const char *p, size_t n)
{
	return all_of(p, n, 'X', 'x') || all_of(p, n, '0', '0') || all_of(p, n, 'N', 'n') ||
	       (n == 1 && (p[0] == 'X' || p[0] == 'N'));
}

/* Dashed: SEG(sep SEG)+, upper-case and digits, the first starting with a
 * letter, the last all digits. */
static bool dashed(token *t, const char *p, size_t n)
{
	size_t i = 0, seg_start = 0;
	unsigned segs = 0;
	char sep = 0;

	for (; i <= n; i++) {
		char c = i < n ? p[i] : '\0';
		if (i < n && (is_upper(c) || is_digit(c)))
			continue;
		if (i < n && c != '-' && c != '_')
			return false;
		if (i < n && sep && c != sep)
			return false;
		if (i < n)
			sep = c;
		if (i == seg_start || i - seg_start > MAX_PREFIX || ++segs > MAX_SEGMENTS)
			return false;
		if (segs > 1 && placeholder_segment(p + seg_start, i - seg_start))
			t->placeholder = true;
		if (segs == 1) {
			if (!is_upper(p[0]))
				return false;
			memcpy(t->prefix, p, i);
			t->prefix[i] = '\0';
		}
		if (i == n)
			for (size_t k = seg_start; k < n; k++)
				if (!is_digit(p[k]))
					return false;
		seg_start = i + 1;
	}
	if (segs < 2)
		return false;
	t->shape = INIT_SHAPE_DASHED;
	t->sep = sep;
	t->segments = segs;
	return true;
}

/* Glued: two to eight capitals, then three to six digits. */
static bool glued(token *t, const char *p, size_t n)
{
	size_t letters = 0, digits;

	while (letters < n && is_upper(p[letters]))
		letters++;
	digits = n - letters;
	if (letters < 2 || letters > 8 || digits < 3 || digits > 6)
		return false;
	for (size_t i = letters; i < n; i++)
		if (!is_digit(p[i]))
			return false;
	memcpy(t->prefix, p, letters);
	t->prefix[letters] = '\0';
	t->shape = INIT_SHAPE_GLUED;
	t->placeholder = placeholder_segment(p + letters, digits);
	return true;
}

/* type~name~revision at p (end e); its length, or 0. */
static size_t tilde(token *t, const char *p, const char *e)
{
	const char *q = p, *name;

	while (q < e && is_alnum(*q))
		q++;
	if (q == p || q - p > MAX_PREFIX || q >= e || *q != '~')
		return 0;
	memcpy(t->prefix, p, (size_t)(q - p));
	t->prefix[q - p] = '\0';
	name = ++q;
	while (q < e && (is_word(*q) || *q == '.' || *q == '-'))
		q++;
	if (q == name || q >= e || *q != '~' || q[-1] == '.')
		return 0;
	name = ++q;
	while (q < e && is_digit(*q))
		q++;
	if (q == name || (q < e && is_word(*q)))
		return 0;
	t->shape = INIT_SHAPE_TILDE;
	return (size_t)(q - p);
}

/* prefix__name at p; its length, or 0. */
static size_t dunder(token *t, const char *p, const char *e)
{
	const char *q = p, *us;

	while (q < e && (is_lower(*q) || is_digit(*q)))
		q++;
	if (q - p > MAX_PREFIX || e - q < 3 || q[0] != '_' || q[1] != '_')
		return 0;
	us = q;
	q += 2;
	if (!is_lower(*q) && !is_digit(*q))
		return 0;
	while (q < e && (is_lower(*q) || is_digit(*q) || *q == '_'))
		q++;
	if (q[-1] == '_' || (q < e && (is_word(*q) || *q == '-')))
		return 0;
	memcpy(t->prefix, p, (size_t)(us - p));
	t->prefix[us - p] = '\0';
	t->shape = INIT_SHAPE_DUNDER;
	return (size_t)(q - p);
}

/* The token starting at p (after a non-word character); its length in
 * *skip (what to step over) and true when it is one. */
static bool next_token(token *t, const char *p, const char *e, size_t *skip)
{
	const char *q = p;
	size_t n;

	memset(t, 0, sizeof(*t));
	t->p = p;
	if (is_lower(*p)) {
		if ((n = tilde(t, p, e)) || (n = dunder(t, p, e))) {
			t->len = *skip = n;
			return true;
		}
	}
	while (q < e && (is_word(*q) || *q == '-'))
		q++;
	*skip = q > p ? (size_t)(q - p) : 1;
	if (q < e && *q == '~')
		return false;
	while (q > p && (q[-1] == '-' || q[-1] == '_'))
		q--;
	n = (size_t)(q - p);
	if (!is_upper(*p) || n < 3 || n > 64)
		return false;
	t->len = n;
	return dashed(t, p, n) || glued(t, p, n);
}

/* ---- families ---------------------------------------------------------- */

static int family_of(size_t *out, init_scan *s, const token *t)
{
	init_family *f;

	for (size_t i = 0; i < s->family_count; i++) {
		f = &s->families[i];
		if (f->shape == t->shape && f->sep == t->sep && f->segments == t->segments &&
		    strcmp(f->prefix, t->prefix) == 0) {
			*out = i;
			return 0;
		}
	}
	if (SPECSYNC_ARRAY_RESERVE(s->families, s->family_alloc, s->family_count + 1) < 0)
		return SPECSYNC_ENOMEM;
	f = &s->families[s->family_count];
	memset(f, 0, sizeof(*f));
	f->shape = t->shape;
	f->sep = t->sep;
	f->segments = t->segments;
	if (!(f->prefix = specsync_strdup(t->prefix)))
		return SPECSYNC_ENOMEM;
	*out = s->family_count++;
	return 0;
}

static int id_of(size_t *out, init_family *f, const char *text, size_t len, const token *t)
{
	char buf[80];
	void *v;
	init_id *id;

	memcpy(buf, text, len);
	buf[len] = '\0';
	if ((v = specsync_strmap_get(&f->index, buf)) != NULL) {
		*out = (size_t)(uintptr_t)v - 1;
		return 0;
	}
	if (SPECSYNC_ARRAY_RESERVE(f->ids, f->id_alloc, f->id_count + 1) < 0)
		return SPECSYNC_ENOMEM;
	id = &f->ids[f->id_count];
	memset(id, 0, sizeof(*id));
	if (!(id->text = specsync_strdup(buf)))
		return SPECSYNC_ENOMEM;
	id->placeholder = t->placeholder;
	if (specsync_strmap_put(&f->index, buf, (void *)(uintptr_t)(f->id_count + 1), NULL) < 0)
		return SPECSYNC_ENOMEM;
	*out = f->id_count++;
	return 0;
}

/* ---- where an occurrence stands ---------------------------------------- */

typedef struct line_ctx {
	const char *start, *end;     /* the line, without its newline */
	const char *next, *next_end; /* the following line, or NULL */
	init_doc doc;
} line_ctx;

static const char *trim_left(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static const char *trim_right(const char *p, const char *e)
{
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return e;
}

static bool starts(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(e - p) >= n && memcmp(p, s, n) == 0;
}

/* A run of one punctuation character, three or more (rST, setext). */
static bool adornment(const char *p, const char *e, const char *chars)
{
	e = trim_right(p, e);
	if (e - p < 2 || !strchr(chars, *p))
		return false;
	for (const char *q = p; q < e; q++)
		if (*q != *p)
			return false;
	return true;
}

/* The text equals the token once backticks, stars and brackets around it
 * are removed. */
static bool alone(const char *p, const char *e, const token *t)
{
	while (p < e && strchr("`*[", *p))
		p++;
	while (e > p && strchr("`*]", e[-1]))
		e--;
	return (size_t)(e - p) == t->len && memcmp(p, t->p, t->len) == 0;
}

static bool is_heading(const line_ctx *c, const char *t)
{
	if (c->doc == INIT_DOC_MARKDOWN)
		return *t == '#' ||
		       (c->next && adornment(c->next, c->next_end, "=-") && t < c->end);
	if (c->doc == INIT_DOC_ASCIIDOC)
		return (*t == '=' && starts(t, c->end, "= ")) || starts(t, c->end, "==") ||
		       starts(t, c->end, "[[") || starts(t, c->end, "[#");
	if (c->doc == INIT_DOC_RST)
		return (c->next && adornment(c->next, c->next_end, "=-~^\"'`#*+:._")) ||
		       starts(t, c->end, ":id:");
	if (c->doc == INIT_DOC_SDOC)
		return starts(t, c->end, "UID:");
	return false;
}

static bool defines(const line_ctx *c, const token *tk)
{
	const char *t = trim_left(c->start, c->end), *e = trim_right(t, c->end);

	if (t == e)
		return false;
	if (is_heading(c, t))
		return true;
	if (*t == '|') {
		const char *bar = memchr(t + 1, '|', (size_t)(e - t - 1));
		const char *cell = trim_left(t + 1, bar ? bar : e);
		return alone(cell, trim_right(cell, bar ? bar : e), tk);
	}
	if ((t[0] == '*' || t[0] == '-' || t[0] == '+') && e - t > 1 && t[1] == ' ')
		return false; /* a list item: a reference */
	return c->doc != INIT_DOC_CODE && alone(t, e, tk);
}

static bool example_line(const char *p, const char *e)
{
	char low[512];
	size_t n = (size_t)(e - p) < sizeof(low) - 1 ? (size_t)(e - p) : sizeof(low) - 1;

	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)p[i]);
	low[n] = '\0';
	for (size_t i = 0; i < COUNT(example_words); i++)
		if (strstr(low, example_words[i]))
			return true;
	return false;
}

static int add_occ(init_scan *s, init_file *f, const token *t, unsigned line, bool def,
		   bool example)
{
	size_t fam, id;
	init_occ *o;
	int error;

	if ((error = family_of(&fam, s, t)) < 0 ||
	    (error = id_of(&id, &s->families[fam], t->p, t->len, t)) < 0)
		return error;
	if (SPECSYNC_ARRAY_RESERVE(f->occs, f->occ_alloc, f->occ_count + 1) < 0)
		return SPECSYNC_ENOMEM;
	o = &f->occs[f->occ_count++];
	o->family = fam;
	o->id = id;
	o->line = line;
	o->defines = def;
	o->example = example;
	return 0;
}

static int scan_line(init_scan *s, init_file *f, const line_ctx *c, unsigned line_no)
{
	const char *p = c->start;
	bool example = false, example_known = false;
	token t;
	size_t skip;
	int error;

	while (p < c->end) {
		if ((p > c->start && is_word(p[-1])) || !(is_upper(*p) || is_lower(*p))) {
			p++;
			continue;
		}
		if (!next_token(&t, p, c->end, &skip)) {
			p += skip;
			continue;
		}
		if (!example_known) {
			example = example_line(c->start, c->end);
			example_known = true;
		}
		if ((error = add_occ(s, f, &t, line_no, defines(c, &t), example)) < 0)
			return error;
		p += skip;
	}
	return 0;
}

/* A Doorstop item defines the ID its file is named after. */
static int scan_path(init_scan *s, init_file *f)
{
	const char *base = strrchr(f->path, '/'), *dot;
	size_t skip;
	token t;

	base = base ? base + 1 : f->path;
	dot = strrchr(base, '.');
	if (!dot || dot == base || !next_token(&t, base, dot, &skip) ||
	    t.len != (size_t)(dot - base))
		return 0;
	return add_occ(s, f, &t, 0, true, false);
}

int specsync_init_ids_scan_file(init_scan *s, init_file *f, const char *data, size_t len)
{
	const char *p = data, *e = data + len;
	line_ctx c = {NULL, NULL, NULL, NULL, f->doc};
	unsigned line_no = 1;
	int error;

	if (f->doc == INIT_DOC_DOORSTOP && (error = scan_path(s, f)) < 0)
		return error;
	for (; p < e; line_no++) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		c.start = p;
		c.end = nl ? nl : e;
		c.next = nl && nl + 1 < e ? nl + 1 : NULL;
		c.next_end = c.next ? memchr(c.next, '\n', (size_t)(e - c.next)) : NULL;
		if (c.next && !c.next_end)
			c.next_end = e;
		if ((error = scan_line(s, f, &c, line_no)) < 0)
			return error;
		p = nl ? nl + 1 : e;
	}
	return 0;
}

/* ---- statistics and choice ------------------------------------------------ */

static bool stopped(const init_family *f)
{
	if (f->shape == INIT_SHAPE_TILDE || f->shape == INIT_SHAPE_DUNDER)
		return false;
	for (size_t i = 0; i < COUNT(stop_prefixes); i++)
		if (strcmp(f->prefix, stop_prefixes[i]) == 0)
			return true;
	return false;
}

/* Counts per family and ID over the files that are not excluded. */
static void tally(init_scan *s)
{
	for (size_t i = 0; i < s->family_count; i++) {
		init_family *fam = &s->families[i];
		fam->count = fam->defs = fam->files = fam->defined = fam->last_file = 0;
		for (size_t k = 0; k < fam->id_count; k++) {
			init_id *id = &fam->ids[k];
			id->count = id->defs = id->examples = 0;
			id->side_defs = 0;
		}
	}
	for (size_t i = 0; i < s->file_count; i++) {
		init_file *f = &s->files[i];

		if (f->excluded)
			continue;
		for (size_t k = 0; k < f->occ_count; k++) {
			const init_occ *o = &f->occs[k];
			init_family *fam = &s->families[o->family];
			init_id *id = &fam->ids[o->id];

			if (!id->where) {
				id->where = f->path;
				id->where_line = o->line;
			}
			id->count++;
			id->defs += o->defines;
			id->examples += o->example;
			if (o->defines && f->side >= 0)
				id->side_defs |= (unsigned char)(1u << f->side);
			fam->count++;
			fam->defs += o->defines;
			if (fam->last_file != i + 1)
				fam->files++;
			fam->last_file = i + 1;
		}
	}
	for (size_t i = 0; i < s->family_count; i++) {
		init_family *fam = &s->families[i];
		fam->side_defined[0] = fam->side_defined[1] = 0;
		for (size_t k = 0; k < fam->id_count; k++) {
			fam->defined += fam->ids[k].defs > 0;
			for (int sd = 0; sd < INIT_SIDES; sd++)
				fam->side_defined[sd] += (fam->ids[k].side_defs >> sd) & 1u;
		}
	}
}

static size_t distinct(const init_family *f)
{
	size_t n = 0;

	for (size_t k = 0; k < f->id_count; k++)
		n += f->ids[k].count > 0;
	return n;
}

/* Candidates: before sides are known. */
static void mark_candidates(init_scan *s)
{
	size_t best_def = 0, best_distinct = 0;

	for (size_t i = 0; i < s->family_count; i++) {
		init_family *f = &s->families[i];
		if (stopped(f))
			continue;
		if (f->defined > best_def)
			best_def = f->defined;
		if (distinct(f) > best_distinct)
			best_distinct = distinct(f);
	}
	for (size_t i = 0; i < s->family_count; i++) {
		init_family *f = &s->families[i];
		size_t need = best_def >= 2 ? (best_def / 20 > 2 ? best_def / 20 : 2)
					    : (best_distinct / 10 > 3 ? best_distinct / 10 : 3);

		f->candidate = false;
		if (stopped(f))
			f->why = "a standard's or a tool's numbering, not requirements";
		else if (best_def >= 2 && f->defined < need)
			f->why = f->defined ? "too few IDs defined"
					    : "never defined (only mentioned)";
		else if (best_def < 2 && (distinct(f) < need || f->files < 2))
			f->why = "too few IDs";
		else
			f->candidate = true;
	}
}

/* Prose examples: never defined, and a placeholder or only on lines that
 * talk about the ID scheme, in a family that has definitions. */
static void mark_examples(init_family *f)
{
	for (size_t k = 0; k < f->id_count; k++) {
		init_id *id = &f->ids[k];
		id->ignored = id->count && !id->defs && f->defined &&
			      (id->placeholder || id->examples == id->count);
	}
}

bool specsync_init_ids_counts(const init_scan *s, const init_occ *o)
{
	const init_family *f = &s->families[o->family];
	return f->chosen && !f->ids[o->id].ignored;
}

/* ---- the pattern ----------------------------------------------------------- */

static void put_literal(specsync_buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr("\\^$.|?*+()[]{}", p[i]))
			specsync_buf_putc(b, '\\');
		specsync_buf_putc(b, p[i]);
	}
}

/* One dashed segment position over every ID of the family. */
static void dashed_segment(specsync_buf *b, const init_family *f, unsigned seg, bool last)
{
	const char *first = NULL;
	size_t first_len = 0, min_len = SIZE_MAX, max_len = 0;
	bool same = true, alpha = true;

	for (size_t k = 0; k < f->id_count; k++) {
		const init_id *id = &f->ids[k];
		const char *p = id->text, *q;

		if (!id->count || id->ignored)
			continue;
		for (unsigned i = 0; i < seg; i++)
			p = strchr(p, f->sep) + 1;
		q = strchr(p, f->sep);
		size_t n = q ? (size_t)(q - p) : strlen(p);
		if (!first) {
			first = p;
			first_len = n;
		} else if (n != first_len || memcmp(p, first, n) != 0) {
			same = false;
		}
		for (size_t i = 0; i < n; i++)
			alpha = alpha && is_upper(p[i]);
		min_len = n < min_len ? n : min_len;
		max_len = n > max_len ? n : max_len;
	}
	if (!first)
		return;
	if (same && !last) {
		put_literal(b, first, first_len);
		return;
	}
	specsync_buf_puts(b, last ? "[0-9]" : alpha ? "[A-Z]" : "[A-Z0-9]");
	if (min_len == max_len)
		specsync_buf_printf(b, "{%zu}", min_len);
	else
		specsync_buf_putc(b, '+');
}

static void family_regex(specsync_buf *b, const init_family *f)
{
	put_literal(b, f->prefix, strlen(f->prefix));
	switch (f->shape) {
	case INIT_SHAPE_DASHED:
		for (unsigned seg = 1; seg < f->segments; seg++) {
			specsync_buf_putc(b, f->sep);
			dashed_segment(b, f, seg, seg + 1 == f->segments);
		}
		break;
	case INIT_SHAPE_GLUED: {
		size_t n = 0;
		for (size_t k = 0; k < f->id_count; k++)
			if (f->ids[k].count && !f->ids[k].ignored) {
				n = strlen(f->ids[k].text) - strlen(f->prefix);
				break;
			}
		specsync_buf_printf(b, "[0-9]{%zu}", n ? n : 3);
		break;
	}
	case INIT_SHAPE_TILDE:
		specsync_buf_puts(b, "~[\\w.-]+~[0-9]+");
		break;
	case INIT_SHAPE_DUNDER:
		specsync_buf_puts(b, "__\\w+");
		break;
	}
}

static int build_pattern(init_scan *s)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < s->family_count; i++) {
		init_family *f = &s->families[i];
		specsync_buf part = SPECSYNC_BUF_INIT;

		if (!f->chosen)
			continue;
		family_regex(&part, f);
		if (part.failed)
			return SPECSYNC_ENOMEM;
		f->regex = specsync_buf_detach(&part);
		n++;
	}
	specsync_buf_puts(&b, "\\b");
	if (n > 1)
		specsync_buf_puts(&b, "(?:");
	for (size_t i = 0, k = 0; i < s->family_count; i++) {
		if (!s->families[i].chosen)
			continue;
		if (k++)
			specsync_buf_putc(&b, '|');
		specsync_buf_puts(&b, s->families[i].regex);
	}
	if (n > 1)
		specsync_buf_putc(&b, ')');
	specsync_buf_puts(&b, "\\b");
	if (b.failed)
		return SPECSYNC_ENOMEM;
	s->pattern = specsync_buf_detach(&b);
	return 0;
}

static int add_ignore(init_scan *s, const char *text)
{
	char *copy;

	for (size_t i = 0; i < s->ignore_count; i++)
		if (strcmp(s->ignore[i], text) == 0)
			return 0;
	if (SPECSYNC_ARRAY_RESERVE(s->ignore, s->ignore_alloc, s->ignore_count + 1) < 0 ||
	    !(copy = specsync_strdup(text)))
		return SPECSYNC_ENOMEM;
	s->ignore[s->ignore_count++] = copy;
	return 0;
}

static int collect_ignores(init_scan *s)
{
	int error;

	for (size_t i = 0; i < s->family_count; i++) {
		const init_family *f = &s->families[i];
		for (size_t k = 0; f->chosen && k < f->id_count; k++)
			if (f->ids[k].ignored && (error = add_ignore(s, f->ids[k].text)) < 0)
				return error;
	}
	return 0;
}

/* Defined on the functional side at least as often as on the technical. */
static bool functional(const init_family *f)
{
	return f->side_defined[0] > 0 && f->side_defined[0] >= f->side_defined[1];
}

/*
 * A chosen family that no technical file mentions is traced within the
 * functional documents (OpenFastTrace's feat items, covered by req items
 * beside them): when another chosen family does reach the technical side,
 * it is left out, else every one of its IDs would be "uncovered".
 */
static void drop_uncrossed(init_scan *s)
{
	bool any = false;

	for (size_t i = 0; i < s->family_count; i++)
		s->families[i].crosses = false;
	for (size_t i = 0; i < s->file_count; i++) {
		const init_file *f = &s->files[i];
		for (size_t k = 0; f->side == 1 && !f->excluded && k < f->occ_count; k++)
			s->families[f->occs[k].family].crosses = true;
	}
	for (size_t i = 0; i < s->family_count; i++)
		any |= s->families[i].chosen && s->families[i].crosses;
	for (size_t i = 0; any && i < s->family_count; i++) {
		init_family *f = &s->families[i];
		if (f->chosen && !f->crosses) {
			f->chosen = false;
			f->why = "never mentioned on the technical side: traced within the "
				 "functional documents";
		}
	}
}

/*
 * Two calls: before the sides (s->files[].side all INIT_NO_SIDE) it marks
 * the candidates; after, it chooses among them the families defined on the
 * functional side (all candidates when none is) and builds the pattern.
 */
int specsync_init_ids_choose(init_scan *s)
{
	bool sided = false, any_functional = false;

	tally(s);
	for (size_t i = 0; i < s->file_count && !sided; i++)
		sided = s->files[i].side >= 0;
	if (!sided) {
		mark_candidates(s);
		for (size_t i = 0; i < s->family_count; i++)
			mark_examples(&s->families[i]);
		for (size_t i = 0; i < s->family_count; i++)
			s->families[i].chosen = s->families[i].candidate;
		return 0;
	}
	for (size_t i = 0; i < s->family_count; i++)
		any_functional |= s->families[i].candidate && functional(&s->families[i]);
	for (size_t i = 0; i < s->family_count; i++) {
		init_family *f = &s->families[i];
		f->chosen = f->candidate && (!any_functional || functional(f));
		if (f->candidate && !f->chosen)
			f->why = "defined on the technical side only: its items trace to the "
				 "requirements, they are not requirements themselves";
	}
	drop_uncrossed(s);
	if (build_pattern(s) < 0)
		return SPECSYNC_ENOMEM;
	return collect_ignores(s);
}
