/*
 * Private to the section splitter (sections.c, sections_build.c): the
 * parser's state, shared by the line scanners of sections.c (one per
 * format, and the driver) and the section building of sections_build.c
 * (IDs, entries, inheritance, normalised hashes), which sections.c calls.
 */
#ifndef SPECSYNC_SECTIONS_INTERNAL_H
#define SPECSYNC_SECTIONS_INTERNAL_H

#include "sections.h"

#include "common.h"

/* A multiple of 8: the hasher takes whole words until its last call. */
#define CHUNK 4096

typedef struct normaliser {
	specsync_hasher hasher;
	bool hash;
	specsync_buf *copy; /* also receives the text, or NULL */
	bool started;       /* some byte was written */
	bool pending;       /* white space seen after it */
	size_t used;
	unsigned char chunk[CHUNK + 1]; /* a block may end one byte over */
} normaliser;

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

	specsync_sections_memo *memo; /* NULL: none (or keep_text) */
	bool memo_ids;                /* the memo keeps IDs under these rules */
	struct memo_slot *slot;       /* the open section's, or NULL */

	md_state md;
	adoc_state adoc;
	rst_state rst;
	normaliser norm; /* last: not zeroed, set up before each use */
} parser;

typedef int (*line_fn)(parser *ps, const line *ln);

/* White space as the normalisation sees it: 1 for space, tab, CR, LF,
 * form feed and vertical tab. */
extern const unsigned char specsync_sections_white[256];

/* Length of a UTF-8 byte-order mark at data[0..len), or 0. */
size_t specsync_sections_bom_length(const char *data, size_t len);

/* The out-of-memory failure, naming the document. */
int specsync_sections_nomem(parser *ps);

/* The end of the line at data[pos] (before LF, CR LF or a lone CR); *next
 * is where the following line starts. */
size_t specsync_sections_line_end(const char *data, size_t len, size_t pos, size_t *next);

/* Names the document and line `line_no` in a regex error; returns `code`. */
int specsync_sections_regex_error(parser *ps, int code, unsigned line_no);

/* Sets up the memo of sections (sections.h) for this parse. */
void specsync_sections_memo_start(parser *ps);

/* Closes the open section at byte `end`: finds its IDs, inherits, and adds
 * its entries with their normalised hash. */
int specsync_sections_finish_section(parser *ps, size_t end);

/* A heading at `off`: ends the open section and opens the next one. */
int specsync_sections_begin_section(parser *ps, size_t off, unsigned line_no, unsigned level);

#endif
