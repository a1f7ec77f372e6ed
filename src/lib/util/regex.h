/*
 * PCRE2 adapter: the only file that includes pcre2.h is regex.c.
 * Patterns are compiled in byte mode (no UTF check), so invalid UTF-8 in a
 * document never fails a match; JIT is used when available, and match and
 * depth limits turn catastrophic backtracking into an error.
 * A specsync_regex is not safe to use from two threads at once (it owns its
 * match data).
 */
#ifndef SPECSYNC_REGEX_H
#define SPECSYNC_REGEX_H

#include "prefilter.h"
#include "specsync.h"
#include <stdbool.h>
#include <stdint.h>

typedef struct specsync_regex specsync_regex;

/*
 * Compiles `pattern`. On a syntax error, err->column is the 1-based offset
 * in the pattern where PCRE2 stopped and the message says what is wrong; the
 * caller adds the file and line. With `reject_empty`, a pattern that can
 * match the empty string is an error, and so is one without a capture
 * group where nothing after a \K need match (err->column points at it).
 */
int specsync_regex_compile(specsync_regex **out, const char *pattern, bool reject_empty,
			   specsync_error *err);
void specsync_regex_free(specsync_regex *re);
const char *specsync_regex_pattern(const specsync_regex *re);
/* True when the pattern has at least one capture group. */
bool specsync_regex_has_group(const specsync_regex *re);

/*
 * The literal pre-filter searches use (prefilter.h): spans, or lines, that
 * cannot hold a match are skipped without running PCRE2. It never changes
 * a match; it can only spare work, so a pattern that backtracks badly
 * (near the match limit) on skipped text no longer spends it there.
 */
const specsync_prefilter *specsync_regex_prefilter(const specsync_regex *re);
/* Searches without the pre-filter from now on (tests compare both). */
void specsync_regex_drop_prefilter(specsync_regex *re);

/*
 * Finds the first match in subject[offset..len). Returns 1 and sets
 * [*start, *end) to capture group 1 when the pattern has one (the whole
 * match otherwise) and *next to where the next search should begin (always
 * > offset); 0 when there is none; SPECSYNC_EINPUT when a match or depth
 * limit was hit or the work budget is spent.
 */
int specsync_regex_next(specsync_regex *re, const char *subject, size_t len, size_t offset,
			size_t *start, size_t *end, size_t *next, specsync_error *err);

/*
 * Starts a new document for the work budget: searches that backtrack
 * heavily are charged against a budget per document and one for the
 * object's lifetime (the run); once either is spent, searches fail with
 * SPECSYNC_EINPUT and a message naming the pattern.
 */
void specsync_regex_new_document(specsync_regex *re);

/*
 * The subject offset of the start position that hit a limit or spent the
 * budget in the last failed search (its start offset when not known).
 */
size_t specsync_regex_failed_at(const specsync_regex *re);

/*
 * Steps charged to the run's budget so far. A search that leaves it
 * unchanged stayed on the cheap path: repeating it on the same subject
 * gives the same result and charges nothing, so a caller may remember
 * its result instead (the section memo does).
 */
uint64_t specsync_regex_charged(const specsync_regex *re);

/* 1 when `line` (no newline) matches anywhere, 0 when not, <0 on error. */
int specsync_regex_test(specsync_regex *re, const char *line, size_t len, specsync_error *err);

#endif
