/*
 * specsync init: document formats, and how each side is read.
 *
 * What the existing options can express, per format:
 *  - Markdown, AsciiDoc, reStructuredText: their headings (no
 *    section_start); attribution `mentions` (the default), so that a
 *    technical section naming a requirement counts for it;
 *  - sphinx-needs (reStructuredText with `.. type::` directives carrying an
 *    `:id:` option): section_start on the directives actually used (rST
 *    titles then no longer split sections: a need runs to the next need);
 *  - StrictDoc `.sdoc`: section_start on the node lines ([REQUIREMENT],
 *    [SECTION], [[SECTION]], custom grammar elements);
 *  - OpenFastTrace in Markdown: headings when the items sit right under
 *    them, else section_start on the item ID lines;
 *  - Doorstop: one YAML file per item; on the defining side attribution
 *    `path` (the ID is the file name), on the other `mentions` (an item's
 *    `links:` name the requirements it traces to);
 *  - source code: one section per file, `mentions`.
 * On the functional (defining) side, formats with an explicit ID field use
 * `defines` (the first line with an ID after the section start: `:id:`,
 * `UID:`, the OFT ID line), so that references in a section do not make it
 * part of the requirements it cites. The technical side always uses
 * `mentions`: its sections trace to requirements by naming them.
 * section_start is one pattern per side: a side mixing formats that need
 * different ones is read with its dominant format, and the summary says so.
 */
#include "init.h"

#include "common.h"

#include <ctype.h>

static const char *const code_exts[] = {
	"c",   "h",    "cc", "cpp", "cxx", "hpp",    "hh",  "java", "kt",    "scala", "go",
	"rs",  "py",   "rb", "js",  "ts",  "jsx",    "tsx", "cs",   "swift", "m",     "mm",
	"php", "pl",   "sh", "lua", "sql", "groovy", "ex",  "exs",  "erl",   "hs",    "ml",
	"vhd", "vhdl", "v",  "sv",  "ads", "adb",    "f90", "dart", "zig",   "nim",   "clj",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool ext_is(const char *path, const char *want)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		return false;
	for (dot++; *dot && *want; dot++, want++)
		if ((*dot >= 'A' && *dot <= 'Z' ? *dot - 'A' + 'a' : *dot) != *want)
			return false;
	return !*dot && !*want;
}

init_doc specsync_init_formats_doc(const char *path, const char *data, size_t len,
				   bool doorstop_dir)
{
	(void)data;
	(void)len;
	if (ext_is(path, "md") || ext_is(path, "markdown"))
		return INIT_DOC_MARKDOWN;
	if (ext_is(path, "adoc") || ext_is(path, "asciidoc") || ext_is(path, "asc"))
		return INIT_DOC_ASCIIDOC;
	if (ext_is(path, "rst"))
		return INIT_DOC_RST;
	if (ext_is(path, "sdoc"))
		return INIT_DOC_SDOC;
	if (doorstop_dir && (ext_is(path, "yml") || ext_is(path, "yaml")))
		return INIT_DOC_DOORSTOP;
	for (size_t i = 0; i < COUNT(code_exts); i++)
		if (ext_is(path, code_exts[i]))
			return INIT_DOC_CODE;
	return INIT_DOC_OTHER;
}

/* ---- per file ---------------------------------------------------------------- */

typedef struct lines {
	const char *p, *e;
} lines;

static bool next_line(lines *l, const char **start, const char **end)
{
	const char *nl;

	if (l->p >= l->e)
		return false;
	nl = memchr(l->p, '\n', (size_t)(l->e - l->p));
	*start = l->p;
	*end = nl ? nl : l->e;
	if (*end > *start && (*end)[-1] == '\r')
		(*end)--;
	l->p = nl ? nl + 1 : l->e;
	return true;
}

static const char *skip_blanks(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static bool blank(const char *p, const char *e)
{
	return skip_blanks(p, e) == e;
}

/* ".. name::" at the start of the line (after blanks): the name's span. */
static bool directive(const char *p, const char *e, const char **name, size_t *n)
{
	const char *q;

	p = skip_blanks(p, e);
	if (e - p < 5 || p[0] != '.' || p[1] != '.' || p[2] != ' ')
		return false;
	for (q = p + 3; q < e && (isalnum((unsigned char)*q) || *q == '_' || *q == '-'); q++)
		;
	if (q == p + 3 || e - q < 2 || q[0] != ':' || q[1] != ':')
		return false;
	*name = p + 3;
	*n = (size_t)(q - *name);
	return true;
}

static int add_directive(init_file *f, const char *name, size_t n)
{
	char **grown, *copy;

	for (size_t i = 0; i < f->directive_count; i++)
		if (strlen(f->directives[i]) == n && memcmp(f->directives[i], name, n) == 0)
			return 0;
	if (!(copy = specsync_strndup(name, n)))
		return SPECSYNC_ENOMEM;
	grown = specsync_reallocarray(f->directives, f->directive_count + 1, sizeof(*grown));
	if (!grown) {
		free(copy);
		return SPECSYNC_ENOMEM;
	}
	f->directives = grown;
	f->directives[f->directive_count++] = copy;
	return 0;
}

/* sphinx-needs: a directive whose option block (the indented lines right
 * after it) has an `:id:` option. */
static int scan_needs(init_file *f, const char *data, size_t len)
{
	lines l = {data, data + len};
	const char *p, *e, *name = NULL;
	size_t n = 0;
	int error;

	while (next_line(&l, &p, &e)) {
		const char *t = skip_blanks(p, e), *dn;
		size_t dl;

		if (directive(p, e, &dn, &dl)) {
			name = dn;
			n = dl;
			continue;
		}
		if (name && (blank(p, e) || t == p)) {
			name = NULL; /* the option block ended */
			continue;
		}
		if (name && e - t > 4 && memcmp(t, ":id:", 4) == 0) {
			f->needs++;
			if ((error = add_directive(f, name, n)) < 0)
				return error;
			name = NULL;
		}
	}
	return 0;
}

/* OpenFastTrace in Markdown: an item is an ID line; is a heading right
 * above it (blank lines aside)? */
static void scan_oft(init_file *f, const char *data, size_t len)
{
	lines l = {data, data + len};
	const char *p, *e;
	bool heading_above = false;
	size_t under = 0;

	while (next_line(&l, &p, &e)) {
		const char *t = skip_blanks(p, e);
		const char *q = t;

		if (t == e)
			continue;
		while (q < e && *q == '`')
			q++;
		if (q < e && *q >= 'a' && *q <= 'z' && memchr(q, '~', (size_t)(e - q)) &&
		    !memchr(q, ' ', (size_t)(e - q)) && *t != '*' && *t != '-') {
			const char *tilde1 = memchr(q, '~', (size_t)(e - q));
			const char *tilde2 = memchr(tilde1 + 1, '~', (size_t)(e - tilde1 - 1));
			if (tilde2) {
				f->oft_items++;
				under += heading_above;
			}
		}
		heading_above = *t == '#';
	}
	f->oft_heading = f->oft_items && under * 4 >= f->oft_items * 3;
}

int specsync_init_formats_scan_file(init_scan *s, init_file *f, const char *data, size_t len)
{
	(void)s;
	if (f->doc == INIT_DOC_RST)
		return scan_needs(f, data, len);
	if (f->doc == INIT_DOC_MARKDOWN)
		scan_oft(f, data, len);
	return 0;
}

/* ---- per side ------------------------------------------------------------------ */

/* How a side reads: what its dominant kind of file needs. */
typedef enum {
	READ_HEADINGS = 0,
	READ_NEEDS = 1,
	READ_SDOC = 2,
	READ_OFT_LINES = 3,
	READ_OFT_HEADINGS = 4,
	READ_DOORSTOP = 5,
	READ_WHOLE = 6,
	READ_KINDS = 7
} read_kind;

static const char *const read_names[READ_KINDS] = {
	"headings (Markdown, AsciiDoc, reStructuredText)",
	"sphinx-needs directives with :id:",
	"StrictDoc nodes ([REQUIREMENT] with UID:)",
	"OpenFastTrace items (type~name~rev lines)",
	"OpenFastTrace items under Markdown headings",
	"Doorstop items (one YAML file per item)",
	"whole files (IDs in code or plain text)",
};

static read_kind kind_of(const init_file *f)
{
	switch (f->doc) {
	case INIT_DOC_RST:
		return f->needs ? READ_NEEDS : READ_HEADINGS;
	case INIT_DOC_SDOC:
		return READ_SDOC;
	case INIT_DOC_MARKDOWN:
		if (f->oft_items)
			return f->oft_heading ? READ_OFT_HEADINGS : READ_OFT_LINES;
		return READ_HEADINGS;
	case INIT_DOC_ASCIIDOC:
		return READ_HEADINGS;
	case INIT_DOC_DOORSTOP:
		return READ_DOORSTOP;
	default:
		return READ_WHOLE;
	}
}

/* The directive names of the side's sphinx-needs files, as one group. */
static int needs_pattern(specsync_buf *b, const init_scan *s, int side)
{
	const char *seen[64];
	size_t n = 0;

	specsync_buf_puts(b, "^\\s*\\.\\. (?:");
	for (size_t i = 0; i < s->file_count; i++) {
		const init_file *f = &s->files[i];
		for (size_t k = 0; f->side == side && k < f->directive_count && n < 64; k++) {
			bool dup = false;
			for (size_t j = 0; j < n && !dup; j++)
				dup = strcmp(seen[j], f->directives[k]) == 0;
			if (dup)
				continue;
			specsync_buf_printf(b, "%s%s", n ? "|" : "", f->directives[k]);
			seen[n++] = f->directives[k];
		}
	}
	specsync_buf_puts(b, ")::");
	return b->failed ? SPECSYNC_ENOMEM : 0;
}

static int set_reading(init_scan *s, int side, read_kind kind)
{
	init_side_info *si = &s->sides[side];
	specsync_buf b = SPECSYNC_BUF_INIT;
	bool defining = side == 0;

	free(si->section_start);
	si->section_start = NULL;
	si->format = read_names[kind];
	si->attribution = "mentions";
	switch (kind) {
	case READ_NEEDS:
		if (needs_pattern(&b, s, side) < 0)
			return SPECSYNC_ENOMEM;
		si->section_start = specsync_buf_detach(&b);
		break;
	case READ_SDOC:
		si->section_start = specsync_strdup("^\\[\\[?[A-Z][A-Z0-9_]*\\]\\]?\\s*$");
		break;
	case READ_OFT_LINES:
		si->section_start =
			specsync_strdup("^\\s*`?[a-z][a-zA-Z0-9]*~[\\w.-]+~[0-9]+`?\\s*$");
		break;
	case READ_DOORSTOP:
		if (defining)
			si->attribution = "path";
		return 0;
	default:
		break;
	}
	if ((kind == READ_NEEDS || kind == READ_SDOC || kind == READ_OFT_LINES) &&
	    !si->section_start)
		return SPECSYNC_ENOMEM;
	if (defining && kind != READ_HEADINGS && kind != READ_WHOLE)
		si->attribution = "defines";
	return 0;
}

static int choose_side(init_scan *s, int side)
{
	size_t weight[READ_KINDS] = {0};
	read_kind best = READ_HEADINGS;
	size_t kinds = 0;

	for (size_t i = 0; i < s->file_count; i++) {
		const init_file *f = &s->files[i];
		if (f->side == side)
			weight[kind_of(f)] += f->req_ids + 1;
	}
	for (int k = 0; k < READ_KINDS; k++) {
		kinds += weight[k] > 0;
		if (weight[k] > weight[best])
			best = (read_kind)k;
	}
	/* headings and whole files need no section_start: they mix freely */
	free(s->sides[side].mixed);
	s->sides[side].mixed = NULL;
	/* one section_start (or `path`) for the whole side: the others suffer */
	if (kinds > 1 && (best == READ_NEEDS || best == READ_SDOC || best == READ_OFT_LINES ||
			  (best == READ_DOORSTOP && side == 0))) {
		specsync_buf b = SPECSYNC_BUF_INIT;
		specsync_buf_printf(&b,
				    "the %s side mixes formats; it is read as %s, which may "
				    "split its other files badly (consider giving them a side "
				    "of their own)",
				    s->sides[side].name, read_names[best]);
		if (b.failed)
			return SPECSYNC_ENOMEM;
		s->sides[side].mixed = specsync_buf_detach(&b);
	}
	return set_reading(s, side, best);
}

int specsync_init_formats_choose(init_scan *s)
{
	int error;

	for (int side = 0; side < INIT_SIDES; side++)
		if ((error = choose_side(s, side)) < 0)
			return error;
	return 0;
}
