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
 */
#include "sections.h"

#include "common.h"
#include "glob.h"
#include "regex.h"

/* ---- bytes -------------------------------------------------------------- */

static const unsigned char white[256] = {
        [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\f'] = 1, ['\v'] = 1,
};

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

static size_t bom_length(const char *data, size_t len)
{
	return len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* ---- normalisation ------------------------------------------------------ */

/* A multiple of 8: the hasher takes whole words until its last call. */
#define CHUNK 4096

typedef struct normaliser {
	specsync_hasher hasher;
	bool hash;
	specsync_buf *copy; /* also receives the text, or NULL */
	bool started;       /* some byte was written */
	bool pending;       /* white space seen after it */
	size_t used;
	unsigned char chunk[CHUNK];
} normaliser;

static void norm_init(normaliser *n, bool hash, specsync_buf *copy)
{
	specsync_hasher_init(&n->hasher);
	n->hash = hash;
	n->copy = copy;
	n->started = n->pending = false;
	n->used = 0;
}

/* A failed copy marks the buffer, which the caller checks at the end. */
static void norm_flush(normaliser *n)
{
	if (n->hash)
		specsync_hasher_update(&n->hasher, n->chunk, n->used);
	if (n->copy)
		specsync_buf_put(n->copy, (const char *)n->chunk, n->used);
	n->used = 0;
}

static void norm_put(normaliser *n, unsigned char c)
{
	if (n->used == CHUNK)
		norm_flush(n);
	n->chunk[n->used++] = c;
}

static void norm_feed(normaliser *n, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;

	for (size_t i = 0; i < len; i++) {
		if (white[p[i]]) {
			n->pending = n->started;
			continue;
		}
		if (n->pending) {
			norm_put(n, ' ');
			n->pending = false;
		}
		norm_put(n, p[i]);
		n->started = true;
	}
}

static specsync_hash128 norm_finish(normaliser *n)
{
	norm_flush(n);
	return specsync_hasher_final(&n->hasher);
}

int specsync_normalise(specsync_buf *out, const char *text, size_t len)
{
	normaliser n;
	size_t bom = bom_length(text, len);

	if (!len)
		return out->failed ? SPECSYNC_ENOMEM : 0;
	norm_init(&n, false, out);
	norm_feed(&n, text + bom, len - bom);
	norm_finish(&n);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

/* ---- the memo of section hashes ----------------------------------------- */

#define MEMO_SLOTS 16384 /* a power of two */

struct specsync_sections_memo {
	struct memo_slot {
		specsync_hash128 raw, norm;
		bool used;
	} slots[MEMO_SLOTS];
};

specsync_sections_memo *specsync_sections_memo_new(void)
{
	return specsync_calloc(1, sizeof(specsync_sections_memo));
}

void specsync_sections_memo_free(specsync_sections_memo *memo)
{
	free(memo);
}

/* The hash of the normalised text[0..len), through the memo. */
static specsync_hash128 memo_hash(specsync_sections_memo *m, normaliser *n, const char *text,
				  size_t len)
{
	specsync_hash128 raw = specsync_hash(text, len);
	struct memo_slot *slot = &m->slots[raw.h1 & (MEMO_SLOTS - 1)];

	if (slot->used && slot->raw.h1 == raw.h1 && slot->raw.h2 == raw.h2)
		return slot->norm;
	norm_init(n, true, NULL);
	norm_feed(n, text, len);
	slot->norm = norm_finish(n);
	slot->raw = raw;
	slot->used = true;
	return slot->norm;
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

/* ---- parser state ------------------------------------------------------- */

typedef struct line {
	size_t off, end; /* content, without the line break (LF or CRLF) */
	unsigned no;     /* 1-based */
} line;

/* An enclosing section, for inheritance: its level and its own entries. */
typedef struct ancestor {
	unsigned level;
	size_t first, count;
} ancestor;

/* Pool offsets of an entry's strings while the pool may still move. */
typedef struct entry_offsets {
	size_t id, text;
} entry_offsets;

/* Slot of the set of distinct IDs of the current section. */
typedef struct id_slot {
	size_t entry;
	unsigned gen; /* slot is in use when equal to the set's generation */
} id_slot;

enum { PARA_NONE, PARA_TEXT, PARA_CONTAINER };

typedef struct md_state {
	int para;
	size_t para_off;
	unsigned para_no;
	char fence; /* '`' or '~' inside a fenced block, else 0 */
	size_t fence_len;
	bool comment;        /* inside an HTML comment block */
	size_t front_matter; /* bytes of YAML front matter at the start */
} md_state;

typedef struct adoc_block {
	size_t off, len; /* the delimiter that will close it */
	bool verbatim;   /* nothing inside opens a block */
} adoc_block;

typedef struct adoc_state {
	adoc_block *open;
	size_t depth, alloc;
} adoc_state;

typedef struct rst_line {
	bool valid, blank, indented;
	char adorn; /* repeated character of an adornment line, else 0 */
	size_t off, end, adorn_len;
	unsigned no;
} rst_line;

typedef struct rst_style {
	char c;
	bool overline;
} rst_style;

typedef struct rst_state {
	rst_line prev[3]; /* the three lines before the current one */
	rst_style styles[64];
	unsigned style_count;
} rst_state;

typedef struct parser {
	const specsync_sections_options *opts;
	specsync_sections *out;
	specsync_error *err;
	const char *data; /* after the byte-order mark */
	size_t len;

	bool open; /* a section is open */
	size_t sec_off;
	unsigned sec_line, sec_level;

	ancestor *stack;
	size_t depth, stack_alloc;
	entry_offsets *offs;
	size_t offs_alloc;
	id_slot *set;
	size_t set_cap, set_count;
	unsigned set_gen;
	specsync_buf id; /* the ID being added, NUL-terminated for the globs */

	md_state md;
	adoc_state adoc;
	rst_state rst;
	normaliser norm;
} parser;

typedef int (*line_fn)(parser *ps, const line *ln);

static int nomem(parser *ps)
{
	return specsync_fail_at(ps->err, SPECSYNC_ENOMEM, ps->opts->path, 0, 0,
	                        "out of memory splitting the document into sections");
}

/* ---- distinct IDs of a section ------------------------------------------ */

static const char *entry_id(const parser *ps, size_t entry)
{
	return ps->out->pool.ptr + ps->offs[entry].id;
}

static size_t set_probe(const parser *ps, const char *id, size_t len)
{
	size_t mask = ps->set_cap - 1, i = specsync_hash_str(id, len) & mask;

	while (ps->set[i].gen == ps->set_gen) {
		const char *other = entry_id(ps, ps->set[i].entry);

		/* strncmp, not memcmp: `other` may be shorter than `len` and end
		 * the pool; `id` holds no NUL, so strncmp stops at other's. */
		if (strncmp(other, id, len) == 0 && other[len] == '\0')
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static int set_grow(parser *ps)
{
	id_slot *old = ps->set;
	size_t old_cap = ps->set_cap;

	ps->set_cap = old_cap ? old_cap * 2 : 16;
	if (!(ps->set = specsync_calloc(ps->set_cap, sizeof(*ps->set)))) {
		ps->set = old;
		ps->set_cap = old_cap;
		return nomem(ps);
	}
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].gen == ps->set_gen) {
			const char *id = entry_id(ps, old[i].entry);

			ps->set[set_probe(ps, id, strlen(id))] = old[i];
		}
	}
	free(old);
	return 0;
}

/* Forgets the IDs of the previous section in O(1). */
static void set_reset(parser *ps)
{
	ps->set_count = 0;
	if (++ps->set_gen == 0 && ps->set) {
		memset(ps->set, 0, ps->set_cap * sizeof(*ps->set));
		ps->set_gen = 1;
	}
}

/* ---- entries ------------------------------------------------------------ */

static int push_entry(parser *ps, size_t id_off)
{
	specsync_sections *out = ps->out;

	if (SPECSYNC_ARRAY_RESERVE(out->entries, out->alloc, out->count + 1) < 0 ||
	    SPECSYNC_ARRAY_RESERVE(ps->offs, ps->offs_alloc, out->count + 1) < 0)
		return nomem(ps);
	memset(&out->entries[out->count], 0, sizeof(out->entries[0]));
	ps->offs[out->count].id = id_off;
	ps->offs[out->count].text = 0;
	out->count++;
	return 0;
}

static bool ignored(const parser *ps, const char *id)
{
	for (size_t i = 0; i < ps->opts->ignore_count; i++)
		if (specsync_glob_match_id(ps->opts->ignore[i], id))
			return true;
	return false;
}

/*
 * Adds an ID found in the current section. Returns 1 when it counts (new or
 * already seen), 0 when it does not (empty or ignored), <0 on error. An ID
 * is cut at a NUL byte: readers see it as a C string.
 */
static int add_id(parser *ps, const char *p, size_t len)
{
	specsync_buf *pool = &ps->out->pool;
	const char *nul = memchr(p, '\0', len);
	size_t slot, id_off = pool->size;

	if (nul)
		len = (size_t)(nul - p);
	if (!len)
		return 0;
	specsync_buf_clear(&ps->id);
	if (specsync_buf_put(&ps->id, p, len) < 0)
		return nomem(ps);
	if (ignored(ps, ps->id.ptr))
		return 0;
	if ((ps->set_count + 1) * 2 > ps->set_cap && set_grow(ps) < 0)
		return SPECSYNC_ENOMEM;
	slot = set_probe(ps, ps->id.ptr, len);
	if (ps->set[slot].gen == ps->set_gen)
		return 1;
	if (specsync_buf_put(pool, ps->id.ptr, len) < 0 || specsync_buf_putc(pool, '\0') < 0 ||
	    push_entry(ps, id_off) < 0)
		return nomem(ps);
	ps->set[slot].entry = ps->out->count - 1;
	ps->set[slot].gen = ps->set_gen;
	ps->set_count++;
	return 1;
}

/*
 * The end of the line that starts at data[pos], before its LF, CR LF or lone
 * CR (CommonMark's three line endings; old Mac editors write lone CRs);
 * *next is where the following line starts (len at the end).
 */
static size_t line_end(const char *data, size_t len, size_t pos, size_t *next)
{
	const char *nl = memchr(data + pos, '\n', len - pos);
	size_t end = nl ? (size_t)(nl - data) : len;
	const char *cr = memchr(data + pos, '\r', end - pos);

	if (cr && cr + 1 != nl) { /* a lone CR */
		*next = (size_t)(cr - data) + 1;
		return (size_t)(cr - data);
	}
	*next = nl ? end + 1 : len;
	return cr ? end - 1 : end;
}

/* ---- finding IDs -------------------------------------------------------- */

static unsigned line_at(const char *subject, size_t off, unsigned first)
{
	size_t next;

	for (size_t pos = 0; line_end(subject, off, pos, &next) < off; pos = next)
		first++;
	return first;
}

/* Names the document and the line in a regex error (e.g. the match limit). */
static int regex_error(parser *ps, int code, unsigned line_no)
{
	char message[sizeof(ps->err->message)];

	if (!ps->err || code != SPECSYNC_EINPUT)
		return code;
	memcpy(message, ps->err->message, sizeof(message));
	return specsync_fail_at(ps->err, code, ps->opts->path, line_no, 0, "%s", message);
}

/*
 * Adds the IDs of subject[0..len), whose first line is `first_line` (0 when
 * it is not a document). With `first_line_only`, stops after the first line
 * that holds an ID that counts (attribution "defines").
 */
static int find_ids(parser *ps, const char *subject, size_t len, unsigned first_line,
                    bool first_line_only)
{
	size_t off = 0, start, end, next, stop = SIZE_MAX;
	int rc;

	while ((rc = specsync_regex_next(ps->opts->id, subject, len, off, &start, &end, &next,
	                                 ps->err)) == 1) {
		if (start >= stop)
			return 0;
		if ((rc = add_id(ps, subject + start, end > start ? end - start : 0)) < 0)
			return rc;
		if (rc == 1 && first_line_only && stop == SIZE_MAX) {
			const char *nl = memchr(subject + start, '\n', len - start);

			stop = nl ? (size_t)(nl - subject) : len;
		}
		off = next;
	}
	if (rc == SPECSYNC_EINPUT && first_line)
		return regex_error(ps, rc,
		                   line_at(subject, specsync_regex_failed_at(ps->opts->id), first_line));
	return rc < 0 ? regex_error(ps, rc, 0) : 0;
}

static int own_ids(parser *ps, size_t end)
{
	const specsync_sections_options *o = ps->opts;

	set_reset(ps);
	if (o->attribution == SPECSYNC_ATTR_PATH)
		return o->path ? find_ids(ps, o->path, strlen(o->path), 0, false) : 0;
	return find_ids(ps, ps->data + ps->sec_off, end - ps->sec_off, ps->sec_line,
	                o->attribution == SPECSYNC_ATTR_DEFINES);
}

/* A section without IDs takes those of the nearest enclosing one with some. */
static int inherit_ids(parser *ps)
{
	for (size_t i = ps->depth; i-- > 0;) {
		const ancestor *a = &ps->stack[i];

		if (!a->count)
			continue;
		for (size_t k = a->first; k < a->first + a->count; k++) {
			if (push_entry(ps, ps->offs[k].id) < 0)
				return SPECSYNC_ENOMEM;
			ps->out->entries[ps->out->count - 1].inherited = true;
		}
		return 0;
	}
	return 0;
}

/* ---- sections ----------------------------------------------------------- */

static int fill_entries(parser *ps, size_t first, size_t end)
{
	specsync_sections *out = ps->out;
	specsync_buf *keep = ps->opts->keep_text ? &out->pool : NULL;
	size_t text_off = out->pool.size;
	specsync_hash128 hash;

	if (!keep && ps->opts->memo) {
		hash = memo_hash(ps->opts->memo, &ps->norm, ps->data + ps->sec_off,
				 end - ps->sec_off);
	} else {
		norm_init(&ps->norm, true, keep);
		norm_feed(&ps->norm, ps->data + ps->sec_off, end - ps->sec_off);
		hash = norm_finish(&ps->norm);
	}
	if (keep && specsync_buf_putc(keep, '\0') < 0)
		return nomem(ps);
	for (size_t i = first; i < out->count; i++) {
		out->entries[i].hash = hash;
		out->entries[i].line = ps->sec_line;
		out->entries[i].section = out->section_count;
		ps->offs[i].text = text_off;
	}
	return 0;
}

static int finish_section(parser *ps, size_t end)
{
	specsync_sections *out = ps->out;
	size_t first = out->count, own;
	int error;

	if ((error = own_ids(ps, end)) < 0)
		return error;
	own = out->count - first;
	if (!own && (error = inherit_ids(ps)) < 0)
		return error;
	if (out->count > first && (error = fill_entries(ps, first, end)) < 0)
		return error;
	if (SPECSYNC_ARRAY_RESERVE(ps->stack, ps->stack_alloc, ps->depth + 1) < 0)
		return nomem(ps);
	ps->stack[ps->depth++] = (ancestor){ps->sec_level, first, own};
	out->section_count++;
	ps->open = false;
	return 0;
}

/* A heading at `off`: ends the open section and opens the next one. */
static int begin_section(parser *ps, size_t off, unsigned line_no, unsigned level)
{
	int error;

	if (ps->open && (error = finish_section(ps, off)) < 0)
		return error;
	while (ps->depth && ps->stack[ps->depth - 1].level >= level)
		ps->depth--;
	ps->open = true;
	ps->sec_off = off;
	ps->sec_line = line_no;
	ps->sec_level = level;
	return 0;
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

static int md_line(parser *ps, const line *ln)
{
	md_state *md = &ps->md;
	const char *p = ps->data + ln->off, *e = ps->data + ln->end;
	unsigned level;

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
		return begin_section(ps, ln->off, ln->no, level);
	}
	if (md->para == PARA_TEXT && (level = md_setext_level(p, e))) {
		md->para = PARA_NONE;
		return begin_section(ps, md->para_off, md->para_no, level);
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
	if (q == e || white[(unsigned char)*q])
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
		return nomem(ps);
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
	return begin_section(ps, ln->off, ln->no, level);
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
		return begin_section(ps, over->off, over->no, rst_level(rst, under->adorn, true));
	}
	if (t->indented || (over->valid && !over->blank) || len > under->adorn_len)
		return 0;
	return begin_section(ps, t->off, t->no, rst_level(rst, under->adorn, false));
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
		return regex_error(ps, rc, ln->no);
	return rc ? begin_section(ps, ln->off, ln->no, 1) : 0;
}

/* ---- driver ------------------------------------------------------------- */

static int each_line(parser *ps, line_fn fn)
{
	size_t pos = 0;
	line ln = {0, 0, 1};
	int error;

	for (; pos < ps->len; ln.no++) {
		ln.off = pos;
		ln.end = line_end(ps->data, ps->len, pos, &pos);
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
	if (!ps->open && (error = begin_section(ps, 0, 1, 1)) < 0)
		return error;
	if ((error = finish_section(ps, ps->len)) < 0)
		return error;
	if (ps->out->pool.failed)
		return nomem(ps);
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
	if (!(ps = specsync_calloc(1, sizeof(*ps))))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	bom = data ? bom_length(data, len) : 0;
	ps->opts = opts;
	ps->out = out;
	ps->err = err;
	ps->data = data ? data + bom : "";
	ps->len = data ? len - bom : 0;
	ps->set_gen = 1;
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
