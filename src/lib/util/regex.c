/*
 * PCRE2 adapter. Every other module sees only regex.h and our error
 * convention.
 *
 * Byte mode: PCRE2_NEVER_UTF also refuses a "(*UTF)" prefix in the pattern,
 * because UTF mode would make a match fail on invalid UTF-8 in a document.
 * The match data, match context and JIT stack belong to the regex object,
 * so one object must not be used by two threads at once.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "prefilter.h"
#include "regex.h"

/*
 * PCRE2's match limit counts the steps of one start position, not of a
 * call, let alone a document: a pattern that backtracks just under it on
 * every line runs for minutes. So a search first runs with CHEAP_LIMIT per
 * start position (ID patterns need tens of steps); when that is hit, the
 * search goes on window by window and, in a window that hits it, position
 * by position with rising limits up to MATCH_LIMIT. Every position that
 * needed more than CHEAP_LIMIT is charged the limit that let it finish,
 * against DOCUMENT_BUDGET (reset by specsync_regex_new_document) and
 * RUN_BUDGET (the object's lifetime).
 */
#define CHEAP_LIMIT 10000u
#define MATCH_LIMIT 10000000u
#define DEPTH_LIMIT 100000u
#define WINDOW 4096u
#define DOCUMENT_BUDGET 100000000u
#define RUN_BUDGET 1000000000u
/* Returned inside this file beside PCRE2's codes, which never use it. */
#define OVER_BUDGET INT_MIN
#define JIT_STACK_START (32u * 1024u)
#define JIT_STACK_MAX (1024u * 1024u)

struct specsync_regex {
	char *pattern;
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack; /* NULL: PCRE2's default (or no JIT) */
	bool has_group;
	specsync_prefilter pf;   /* the byte every match holds, and where it counts */
	uint64_t document_spent; /* steps charged since specsync_regex_new_document */
	uint64_t run_spent;      /* steps charged since compiled */
	size_t failed_at;        /* subject offset of the last limit or budget error */
};

static int compile_error(specsync_error *err, int code, PCRE2_SIZE offset)
{
	PCRE2_UCHAR msg[256];

	if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", code);
	return specsync_fail_at(err, SPECSYNC_ECONFIG, NULL, 0, (unsigned)offset + 1,
	                        "invalid regular expression: %s", (const char *)msg);
}

/* JIT is an optimisation: any failure leaves the interpreter in charge. */
static void try_jit(specsync_regex *re)
{
	if (pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) != 0)
		return;
	re->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
	if (re->jit_stack)
		pcre2_jit_stack_assign(re->mctx, NULL, re->jit_stack);
}

/*
 * MINLENGTH is a lower bound on the subject length, not the match length:
 * "(?=x)" reports 1 yet matches the empty string, which MATCHEMPTY catches.
 */
static bool can_match_empty(const pcre2_code *code)
{
	uint32_t minlen = 1, empty = 0;

	pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
	pcre2_pattern_info(code, PCRE2_INFO_MATCHEMPTY, &empty);
	return minlen == 0 || empty != 0;
}

/*
 * What PCRE2 knows of the pattern that a literal pre-filter can use: the
 * last code unit every match holds, else the one every match starts with
 * (type 1: fixed; 0 none, 2 "after a newline"), whether "." stays off
 * '\n' under the pattern's newline convention, and for an anchored
 * pattern the bytes a match may start with.
 */
static void derive_prefilter(specsync_regex *re)
{
	specsync_prefilter_facts facts = {0};
	uint32_t type = 0, unit = 0, newline = 0, options = 0;
	const uint8_t *starts = NULL;

	pcre2_pattern_info(re->code, PCRE2_INFO_LASTCODETYPE, &type);
	pcre2_pattern_info(re->code, PCRE2_INFO_LASTCODEUNIT, &unit);
	facts.has_last = type == 1;
	facts.last = unit;
	type = unit = 0;
	pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE, &type);
	pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODEUNIT, &unit);
	facts.has_first = type == 1;
	facts.first = unit;
	facts.can_be_empty = can_match_empty(re->code);
	pcre2_pattern_info(re->code, PCRE2_INFO_NEWLINE, &newline);
	facts.dot_skips_lf = newline == PCRE2_NEWLINE_LF || newline == PCRE2_NEWLINE_ANYCRLF ||
			     newline == PCRE2_NEWLINE_ANY;
	pcre2_pattern_info(re->code, PCRE2_INFO_ALLOPTIONS, &options);
	pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTBITMAP, &starts);
	facts.anchored = (options & PCRE2_ANCHORED) != 0;
	facts.starts = starts;
	specsync_prefilter_derive(&re->pf, re->pattern, &facts);
}

/* 1 when `text` compiles and can match the empty string, 0 otherwise. */
static int probe_empty(const char *text, size_t len)
{
	PCRE2_SIZE erroffset = 0;
	int errcode = 0, empty;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)text, len, PCRE2_NEVER_UTF, &errcode,
	                                 &erroffset, NULL);

	if (!code)
		return 0;
	empty = can_match_empty(code);
	pcre2_code_free(code);
	return empty;
}

/*
 * Whether what follows the \K at pattern[k] can match nothing, closing the
 * `depth` groups still open there: then every match through this \K is
 * empty. Other alternatives of those groups join the probe, so a \K that
 * ends one branch is refused even when a sibling branch consumes text.
 */
static int empty_after_reset(const char *pattern, size_t k, unsigned depth)
{
	const char *rest = pattern + k + 2;
	size_t len = 3 * (size_t)depth + strlen(rest);
	char *probe = malloc(len + 1);
	int empty;

	if (!probe)
		return SPECSYNC_ENOMEM;
	probe[0] = '\0';
	for (unsigned i = 0; i < depth; i++)
		strcat(probe, "(?:");
	strcat(probe, rest);
	empty = probe_empty(probe, len);
	free(probe);
	return empty;
}

/*
 * Refuses a pattern with a \K after which nothing need be consumed
 * ("REQ-1(?=0)\K"): its matches are all empty, so it would find no ID and
 * call everything synchronised. A capture group sets the ID itself, so
 * \K does not matter then. err->column is the \K's 1-based offset.
 */
static int check_resets(const char *pattern, specsync_error *err)
{
	unsigned depth = 0;
	bool in_class = false, quoted = false;
	int empty;

	for (size_t i = 0; pattern[i]; i++) {
		char c = pattern[i];

		if (quoted) {
			quoted = !(c == '\\' && pattern[i + 1] == 'E');
			i += !quoted;
		} else if (c == '\\' && pattern[i + 1]) {
			quoted = pattern[i + 1] == 'Q';
			if (pattern[i + 1] == 'K' && !in_class &&
			    (empty = empty_after_reset(pattern, i, depth)) != 0)
				return empty < 0 ? specsync_fail(err, empty, "out of memory")
				                 : specsync_fail_at(err, SPECSYNC_ECONFIG, NULL, 0,
				                                    (unsigned)i + 1,
				                                    "nothing after \\K need match, "
				                                    "so every match is empty");
			i++;
		} else if (in_class) {
			in_class = c != ']';
		} else if (c == '[') {
			in_class = true;
			i += pattern[i + 1] == '^';
			i += pattern[i + 1] == ']';
		} else {
			depth += c == '(';
			depth -= c == ')' && depth > 0;
		}
	}
	return 0;
}

int specsync_regex_compile(specsync_regex **out, const char *pattern, bool reject_empty,
                           specsync_error *err)
{
	specsync_regex *re = NULL;
	uint32_t groups = 0;
	PCRE2_SIZE erroffset = 0;
	int errcode = 0, error = 0;

	*out = NULL;
	if (!pattern)
		return specsync_fail(err, SPECSYNC_EUSAGE, "no pattern given");
	if (!(re = specsync_calloc(1, sizeof(*re))) || !(re->pattern = specsync_strdup(pattern)))
		goto nomem;
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                         PCRE2_NEVER_UTF | PCRE2_USE_OFFSET_LIMIT, &errcode, &erroffset,
	                         NULL);
	if (!re->code) {
		error = compile_error(err, errcode, erroffset);
		goto done;
	}
	if (reject_empty && can_match_empty(re->code)) {
		error = specsync_fail(err, SPECSYNC_ECONFIG,
		                      "the pattern can match the empty string");
		goto done;
	}
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
	re->has_group = groups >= 1;
	if (reject_empty && !re->has_group && (error = check_resets(pattern, err)) < 0)
		goto done;
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (!re->md || !re->mctx)
		goto nomem;
	pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
	derive_prefilter(re);
	try_jit(re);
	*out = re;
	re = NULL;
	goto done;
nomem:
	error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory compiling a pattern");
done:
	specsync_regex_free(re);
	return error;
}

void specsync_regex_free(specsync_regex *re)
{
	if (!re)
		return;
	pcre2_jit_stack_free(re->jit_stack);
	pcre2_match_context_free(re->mctx);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}

const char *specsync_regex_pattern(const specsync_regex *re)
{
	return re->pattern;
}

bool specsync_regex_has_group(const specsync_regex *re)
{
	return re->has_group;
}

const specsync_prefilter *specsync_regex_prefilter(const specsync_regex *re)
{
	return &re->pf;
}

void specsync_regex_drop_prefilter(specsync_regex *re)
{
	memset(&re->pf, 0, sizeof(re->pf));
}

void specsync_regex_new_document(specsync_regex *re)
{
	re->document_spent = 0;
}

size_t specsync_regex_failed_at(const specsync_regex *re)
{
	return re->failed_at;
}

uint64_t specsync_regex_charged(const specsync_regex *re)
{
	return re->run_spent;
}

static bool is_limit(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	       rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

static int match_error(const specsync_regex *re, int rc, specsync_error *err)
{
	if (is_limit(rc))
		return specsync_fail(err, SPECSYNC_EINPUT,
		                     "pattern '%s' exceeded the match limit "
		                     "(catastrophic backtracking?)",
		                     re->pattern);
	if (rc == PCRE2_ERROR_NOMEMORY)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory matching '%s'",
		                     re->pattern);
	return specsync_fail(err, SPECSYNC_EGENERIC, "matching '%s' failed (PCRE2 error %d)",
	                     re->pattern, rc);
}

/* One pcre2_match from `offset`, starting no later than `last_start`. */
static int attempt(specsync_regex *re, const char *subject, size_t len, size_t offset,
                   size_t last_start, uint32_t limit)
{
	pcre2_set_match_limit(re->mctx, limit);
	pcre2_set_offset_limit(re->mctx, last_start);
	return pcre2_match(re->code, (PCRE2_SPTR)subject, len, offset, 0, re->md, re->mctx);
}

/* Adds `steps` to both budgets; OVER_BUDGET (err set) once either is spent. */
static int charge(specsync_regex *re, uint64_t steps, specsync_error *err)
{
	const char *scope = NULL;
	unsigned budget = 0;

	re->document_spent += steps;
	re->run_spent += steps;
	if (re->document_spent > DOCUMENT_BUDGET)
		scope = "one document", budget = DOCUMENT_BUDGET;
	else if (re->run_spent > RUN_BUDGET)
		scope = "the run", budget = RUN_BUDGET;
	if (!scope)
		return 0;
	specsync_fail(err, SPECSYNC_EINPUT,
	              "pattern '%s' exceeded its work budget of %u steps for %s "
	              "(catastrophic backtracking?)",
	              re->pattern, budget, scope);
	return OVER_BUDGET;
}

/* The search that starts exactly at `pos`, with rising limits, charged. */
static int at_position(specsync_regex *re, const char *subject, size_t len, size_t pos,
                       specsync_error *err)
{
	uint32_t limit = CHEAP_LIMIT;
	int rc, error;

	re->failed_at = pos;
	for (;;) {
		rc = attempt(re, subject, len, pos, pos, limit);
		if (rc != PCRE2_ERROR_MATCHLIMIT || limit >= MATCH_LIMIT)
			break;
		limit *= 10;
	}
	if (limit > CHEAP_LIMIT && (error = charge(re, limit, err)) < 0)
		return error;
	return rc;
}

static int positions(specsync_regex *re, const char *subject, size_t len, size_t first,
                     size_t last, specsync_error *err)
{
	int rc = PCRE2_ERROR_NOMATCH;

	for (size_t pos = first; rc == PCRE2_ERROR_NOMATCH && pos <= last; pos++)
		rc = at_position(re, subject, len, pos, err);
	return rc;
}

/* After a limit was hit: window by window up to start `stop`, then position
 * by position. */
static int careful(specsync_regex *re, const char *subject, size_t len, size_t offset,
                   size_t stop, specsync_error *err)
{
	size_t last;
	int rc;

	for (size_t first = offset; first <= stop; first = last + 1) {
		last = stop - first < WINDOW ? stop : first + WINDOW - 1;
		rc = attempt(re, subject, len, first, last, CHEAP_LIMIT);
		if (is_limit(rc))
			rc = positions(re, subject, len, first, last, err);
		if (rc != PCRE2_ERROR_NOMATCH)
			return rc;
	}
	return PCRE2_ERROR_NOMATCH;
}

/*
 * The leftmost match that starts in [first, last] (PCRE2_UNSET: anywhere
 * from `first`): 1 (ovector filled), 0 on none, <0 on error.
 */
static int search(specsync_regex *re, const char *subject, size_t len, size_t first,
                  size_t last, specsync_error *err)
{
	int rc;

	re->failed_at = first;
	rc = attempt(re, subject, len, first, last, CHEAP_LIMIT);
	if (is_limit(rc))
		rc = careful(re, subject, len, first, last == PCRE2_UNSET ? len : last, err);
	if (rc == OVER_BUDGET)
		return SPECSYNC_EINPUT;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return match_error(re, rc, err);
	return 1;
}

/*
 * A LINES pre-filter: a match lies within one line, and holds the
 * filter's byte at or after its start, so only the lines from `offset`
 * that hold the byte are searched.
 */
static int search_lines(specsync_regex *re, const char *subject, size_t len, size_t offset,
                        specsync_error *err)
{
	size_t pos = offset, first, last;
	const char *hit;
	int rc;

	while (pos <= len && (hit = specsync_prefilter_find(&re->pf, subject + pos, len - pos))) {
		specsync_prefilter_line(&first, &last, &pos, &re->pf, subject, len, pos,
		                        (size_t)(hit - subject));
		if ((rc = search(re, subject, len, first, last, err)) != 0)
			return rc;
	}
	return 0;
}

/* The leftmost match from `offset`: 1 (ovector filled), 0 on none, <0 on error. */
static int run(specsync_regex *re, const char *subject, size_t len, size_t offset,
               specsync_error *err)
{
	/* PCRE2 10.42 rejects a NULL subject even when it is empty. */
	if (!subject)
		subject = "";
	if (re->pf.kind == SPECSYNC_PREFILTER_LINES)
		return search_lines(re, subject, len, offset, err);
	if (re->pf.kind == SPECSYNC_PREFILTER_SPAN &&
	    !specsync_prefilter_find(&re->pf, subject + offset, len - offset))
		return 0;
	return search(re, subject, len, offset, PCRE2_UNSET, err);
}

int specsync_regex_next(specsync_regex *re, const char *subject, size_t len, size_t offset,
                        size_t *start, size_t *end, size_t *next, specsync_error *err)
{
	const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
	size_t after;
	int rc;

	while (offset <= len) {
		if ((rc = run(re, subject, len, offset, err)) <= 0)
			return rc;
		/* An empty match (or a \K oddity) must still move the search on. */
		after = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		if (after <= offset)
			after = offset + 1;
		if (re->has_group && ov[2] == PCRE2_UNSET) {
			offset = after;
			continue;
		}
		*start = re->has_group ? ov[2] : ov[0];
		*end = re->has_group ? ov[3] : ov[1];
		*next = after;
		return 1;
	}
	return 0;
}

int specsync_regex_test(specsync_regex *re, const char *line, size_t len, specsync_error *err)
{
	if (!line)
		line = "";
	if (!specsync_prefilter_line_may_match(&re->pf, line, len))
		return 0;
	return search(re, line, len, 0, PCRE2_UNSET, err);
}
