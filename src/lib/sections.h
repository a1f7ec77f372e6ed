/*
 * Splitting a document into requirement sections, and the normalised
 * fingerprint of each section. A parser: it never touches git.
 *
 * Formats by extension: Markdown (.md, .markdown) ATX and setext headings,
 * not inside fenced code blocks; AsciiDoc (.adoc, .asciidoc, .asc) '='
 * headings, not inside delimited blocks; reStructuredText (.rst) titles by
 * underline/overline adornment, levels in order of first appearance; other
 * files are one section. With a `section_start` pattern, lines that match it
 * start sections instead of headings (all at one level).
 *
 * A section runs from its heading to the next heading of any level. Its IDs:
 * mentions: every ID in the section; defines: the IDs of its heading line,
 * else of its first line that has any; path: the IDs in the file's path
 * (whole file one section). A section without IDs of its own takes those of
 * the nearest enclosing section (previous heading of a higher level) that
 * has some. Text before the first heading belongs to no requirement unless
 * the file has no heading at all (then it is one section).
 *
 * Normalisation: every run of white space (space, tab, CR, LF, FF, VT)
 * counts as one space, leading and trailing white space is dropped; a UTF-8
 * byte-order mark at the start is dropped.
 */
#ifndef SPECSYNC_SECTIONS_H
#define SPECSYNC_SECTIONS_H

#include "config.h"
#include "hash.h"

typedef enum {
	SPECSYNC_FORMAT_OTHER = 0,
	SPECSYNC_FORMAT_MARKDOWN = 1,
	SPECSYNC_FORMAT_ASCIIDOC = 2,
	SPECSYNC_FORMAT_RST = 3
} specsync_doc_format;

specsync_doc_format specsync_sections_format_for(const char *path);

typedef struct specsync_section_entry {
	const char *id;          /* NUL-terminated, owned by the result */
	specsync_hash128 hash;   /* hash of the section's normalised text */
	unsigned line;           /* 1-based first line of the section */
	unsigned section;        /* index of the section in the file */
	const char *text;        /* normalised text, only with keep_text */
	bool inherited;          /* the ID comes from an enclosing section */
} specsync_section_entry;

/*
 * One entry per (section, distinct ID of that section), in document order.
 * A section with two IDs gives two entries with the same hash.
 */
typedef struct specsync_sections {
	specsync_section_entry *entries;
	size_t count;
	size_t alloc;
	specsync_buf pool;        /* storage for ids and texts */
	unsigned section_count;   /* sections found (with or without IDs) */
} specsync_sections;

/*
 * What sections already split gave, by the hash of their raw bytes: the
 * hash of their normalised text and their distinct IDs (under the ID
 * pattern and ignore globs of the parse, compared by text, and its
 * attribution). A new version of a spec file mostly repeats the sections
 * of the previous one; normalising them and searching their IDs again was
 * most of the splitting. IDs whose search was charged to the pattern's
 * work budget are not kept, so that a run spends the same budget with or
 * without a memo. A fixed-size table (two ways per set, the newer entry
 * replacing the one used less recently); one per thread, as it is written
 * without a lock.
 */
typedef struct specsync_sections_memo specsync_sections_memo;

/* NULL when out of memory (parsing then goes without). Free with
 * specsync_sections_memo_free, which accepts NULL. */
specsync_sections_memo *specsync_sections_memo_new(void);
void specsync_sections_memo_free(specsync_sections_memo *memo);
/* Sections whose IDs came from the memo so far (for tests and measures). */
size_t specsync_sections_memo_hits(const specsync_sections_memo *memo);

typedef struct specsync_sections_options {
	specsync_doc_format format;
	specsync_regex *id;                 /* required */
	const char *const *ignore;          /* ID globs */
	size_t ignore_count;
	specsync_attribution attribution;
	specsync_regex *section_start;      /* NULL: headings */
	const char *path;                   /* for ATTR_PATH and messages */
	bool keep_text;
	specsync_sections_memo *memo;       /* NULL: none; unused with keep_text */
} specsync_sections_options;

/*
 * Parses `data` into `out` (which must be zeroed or disposed before).
 * Fails only on a regex limit (SPECSYNC_EINPUT, naming the path and line)
 * or out of memory; `out` is then left empty. Free with
 * specsync_sections_dispose().
 */
int specsync_sections_parse(specsync_sections *out, const char *data, size_t len,
			    const specsync_sections_options *opts, specsync_error *err);
void specsync_sections_dispose(specsync_sections *s);

/*
 * Appends the normalised form of text[0..len) to `out` (see above); used for
 * section texts and by tests.
 */
int specsync_normalise(specsync_buf *out, const char *text, size_t len);

#endif
