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
#include <stdio.h>

#include "common.h"
#include "regex.h"

#define MATCH_LIMIT 10000000u
#define DEPTH_LIMIT 100000u
#define JIT_STACK_START (32u * 1024u)
#define JIT_STACK_MAX (1024u * 1024u)

struct specsync_regex {
	char *pattern;
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack; /* NULL: PCRE2's default (or no JIT) */
	bool has_group;
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
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_NEVER_UTF,
	                         &errcode, &erroffset, NULL);
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
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (!re->md || !re->mctx)
		goto nomem;
	pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
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

static int match_error(const specsync_regex *re, int rc, specsync_error *err)
{
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		return specsync_fail(err, SPECSYNC_EINPUT,
		                     "pattern '%s' exceeded the match limit "
		                     "(catastrophic backtracking?)",
		                     re->pattern);
	case PCRE2_ERROR_NOMEMORY:
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory matching '%s'",
		                     re->pattern);
	default:
		return specsync_fail(err, SPECSYNC_EGENERIC,
		                     "matching '%s' failed (PCRE2 error %d)", re->pattern, rc);
	}
}

/* 1 on a match (ovector filled), 0 on none, <0 on error. */
static int run(specsync_regex *re, const char *subject, size_t len, size_t offset,
               specsync_error *err)
{
	int rc;

	/* PCRE2 10.42 rejects a NULL subject even when it is empty. */
	if (!subject)
		subject = "";
	rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, offset, 0, re->md, re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return match_error(re, rc, err);
	return 1;
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
	return run(re, line, len, 0, err);
}
