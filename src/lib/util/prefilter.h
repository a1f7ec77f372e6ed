/*
 * The literal pre-filter of a regular expression: a byte that every match
 * needs, found with memchr before the regular expression engine runs.
 *
 * The byte comes from the engine itself (regex.c asks PCRE2 for the last
 * code unit every match holds, else the first); this module only decides,
 * from the pattern's text, how far that knowledge can be trusted:
 *
 * - SPAN: no match can begin at or after `offset` when the byte does not
 *   occur in subject[offset..len). PCRE2 applies the same rule itself, but
 *   only to subjects shorter than a few thousand bytes.
 * - LINES: besides, nothing in the pattern can match, nor look ahead over, a
 *   newline, so a match lies within one line, and only lines that hold the
 *   byte need searching.
 *
 * And for an anchored pattern, the bytes PCRE2 says a match may start with:
 * a line tested from its start needs one of them first.
 *
 * What the line scan does not follow (option settings other than (?i),
 * escapes other than \d \w \h \b \B and punctuation, negated classes,
 * control bytes) gives SPAN at most. Verbs "(*...)", \Q..\E, patterns that
 * may match the empty string, and a caseless non-ASCII byte give NONE: the
 * engine alone, as without a pre-filter. The module knows nothing of PCRE2.
 */
#ifndef SPECSYNC_PREFILTER_H
#define SPECSYNC_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	SPECSYNC_PREFILTER_NONE,
	SPECSYNC_PREFILTER_SPAN,
	SPECSYNC_PREFILTER_LINES
} specsync_prefilter_kind;

typedef struct {
	specsync_prefilter_kind kind;
	unsigned char bytes[2];   /* a match holds one of bytes[0..count) */
	unsigned count;           /* 1, or 2 for both cases of a letter */
	bool anchored;            /* a search from 0 matches only at 0, with a byte of: */
	unsigned char starts[32]; /* bit b % 8 of starts[b / 8] for byte b */
} specsync_prefilter;

/* What the engine knows of a compiled pattern, in its own terms. */
typedef struct {
	bool has_last; /* a code unit every match holds after its start */
	unsigned last;
	bool has_first; /* the code unit every match starts with */
	unsigned first;
	bool can_be_empty;           /* some match may be empty */
	bool dot_skips_lf;           /* the newline convention keeps "." off '\n' */
	bool anchored;               /* matches start only where the search starts */
	const unsigned char *starts; /* 32 bytes: each byte a match may start with, or NULL */
} specsync_prefilter_facts;

/*
 * Fills *out for `pattern` (NUL-terminated) compiled with `facts`; kind is
 * NONE when no byte can be trusted.
 */
void specsync_prefilter_derive(specsync_prefilter *out, const char *pattern,
			       const specsync_prefilter_facts *facts);

/*
 * Whether a search of `line` (len bytes, searched from its start) may find
 * a match: false when it lacks the filter's byte or, for an anchored
 * pattern, starts with a byte no match starts with.
 */
bool specsync_prefilter_line_may_match(const specsync_prefilter *pf, const char *line, size_t len);

/* The first byte of text[0..len) that is one of the filter's, or NULL. */
const char *specsync_prefilter_find(const specsync_prefilter *pf, const char *text, size_t len);

/*
 * For a LINES filter and the filter's byte at subject[hit], found from
 * `pos`: the start positions a match in that line can have, [*first,
 * *last] (from the line's start, or `pos`, to the line's last byte of the
 * filter's: a match holds one at or after its start), and where the search
 * of the next line begins (*resume, after the newline; len + 1 at the end).
 */
void specsync_prefilter_line(size_t *first, size_t *last, size_t *resume,
			     const specsync_prefilter *pf, const char *subject, size_t len,
			     size_t pos, size_t hit);

#endif
