/*
 * Decides how far the byte PCRE2 says every match holds can be trusted,
 * from the pattern's text alone (see prefilter.h). Every test here errs on
 * the side of NONE: a pattern it refuses is searched as before.
 */
#define _GNU_SOURCE /* memrchr */
#include <string.h>

#include "prefilter.h"

static bool is_letter(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

/* A printable ASCII byte that is neither a letter nor a digit. */
static bool is_punct(unsigned c)
{
	return c > ' ' && c < 0x7f && !is_letter(c) && !is_digit(c);
}

/*
 * Whether some "(?flags)" or "(?flags:" may turn caseless matching on:
 * any "(?" followed by option letters among which an `i`. Also true for a
 * look-alike inside a class or after an escape, which only costs a second
 * byte to look for.
 */
static bool maybe_caseless(const char *p)
{
	for (; (p = strstr(p, "(?")) != NULL; p += 2) {
		size_t n = strspn(p + 2, "imnsxJU^-");

		if (memchr(p + 2, 'i', n))
			return true;
	}
	return false;
}

/* Forms whose meaning this module does not follow at all. */
static bool has_odd_form(const char *pattern)
{
	return strstr(pattern, "(*") || strstr(pattern, "\\Q") || strstr(pattern, "\\E");
}

/* Escapes that match a fixed set of bytes without '\n', or assert only. */
static bool escape_keeps_line(unsigned c)
{
	return c == 'd' || c == 'w' || c == 'h' || c == 'b' || c == 'B' || is_punct(c) || c == ' ';
}

/* POSIX classes without '\n' ("[:space:]", "[:cntrl:]" and negations are not). */
static size_t posix_class_len(const char *p)
{
	static const char *const names[] = {"alpha", "digit", "alnum", "upper", "lower", "xdigit",
					    "word",  "punct", "graph", "print", "blank"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);

		if (p[0] == '[' && p[1] == ':' && strncmp(p + 2, names[i], n) == 0 &&
		    p[2 + n] == ':' && p[3 + n] == ']')
			return n + 4;
	}
	return 0;
}

/*
 * Length of the group opening at p ("(", "(?:", ...) when it neither sets
 * an option other than i nor calls, recurses or tests conditions; 0 else.
 */
static size_t group_open_len(const char *p)
{
	size_t n;

	if (p[1] != '?')
		return 1;
	if (p[2] && strchr(":=!>", p[2]))
		return 3;
	if (p[2] == '<' && (p[3] == '=' || p[3] == '!'))
		return 4;
	if (p[2] == '<' && (is_letter((unsigned char)p[3]) || p[3] == '_'))
		return 3;
	if (p[2] == 'P' && p[3] == '<' && (is_letter((unsigned char)p[4]) || p[4] == '_'))
		return 4;
	n = strspn(p + 2, "i-");
	return n && (p[2 + n] == ')' || p[2 + n] == ':') ? 3 + n : 0;
}

/*
 * Length of the class opening at p, up to and including its ']', when it
 * is not negated and holds only bytes, ranges of printable bytes, the
 * escapes above and POSIX classes without '\n'; 0 else.
 */
static size_t class_len(const char *p)
{
	size_t i = 1, n;

	if (p[i] == '^')
		return 0;
	if (p[i] == ']')
		i++;
	for (; p[i] != ']'; i++) {
		unsigned c = (unsigned char)p[i];

		if (c == '\\' && !escape_keeps_line((unsigned char)p[i + 1]))
			return 0;
		if (c == '\\')
			i++;
		else if (c == '[' && p[i + 1] == ':' && (n = posix_class_len(p + i)) != 0)
			i += n - 1;
		else if (c < ' ' || c == '[')
			return 0;
	}
	return i + 1;
}

/*
 * Whether no part of the pattern can match '\n' (so neither a match nor a
 * lookahead crosses a line), given a "." that does not match it.
 */
static bool stays_in_line(const char *p)
{
	size_t n;

	while (*p) {
		unsigned c = (unsigned char)*p;

		if (c == '\\' && !escape_keeps_line((unsigned char)p[1]))
			return false;
		if (c == '\\')
			n = 2;
		else if (c == '[')
			n = class_len(p);
		else if (c == '(')
			n = group_open_len(p);
		else
			n = c >= ' ' && c != 0x7f;
		if (!n)
			return false;
		p += n;
	}
	return true;
}

void specsync_prefilter_derive(specsync_prefilter *out, const char *pattern,
			       const specsync_prefilter_facts *facts)
{
	unsigned byte = facts->has_last ? facts->last : facts->first;

	memset(out, 0, sizeof(*out));
	if (facts->anchored && facts->starts && !facts->can_be_empty) {
		out->anchored = true;
		memcpy(out->starts, facts->starts, sizeof(out->starts));
	}
	if ((!facts->has_last && !facts->has_first) || byte > 0xff || facts->can_be_empty ||
	    has_odd_form(pattern))
		return;
	out->bytes[0] = (unsigned char)byte;
	out->count = 1;
	if (maybe_caseless(pattern) && is_letter(byte)) {
		out->bytes[1] = (unsigned char)(byte ^ 0x20);
		out->count = 2;
	} else if (maybe_caseless(pattern) && byte >= 0x80) {
		out->count = 0;
		return;
	}
	out->kind = facts->dot_skips_lf && stays_in_line(pattern) ? SPECSYNC_PREFILTER_LINES
								  : SPECSYNC_PREFILTER_SPAN;
}

static const char *find_last(const specsync_prefilter *pf, const char *text, size_t len)
{
	const char *hit = memrchr(text, pf->bytes[0], len), *other;

	if (pf->count == 2 && (other = memrchr(text, pf->bytes[1], len)) && (!hit || other > hit))
		hit = other;
	return hit;
}

void specsync_prefilter_line(size_t *first, size_t *last, size_t *resume,
			     const specsync_prefilter *pf, const char *subject, size_t len,
			     size_t pos, size_t hit)
{
	const char *start = memrchr(subject + pos, '\n', hit - pos);
	const char *nl = memchr(subject + hit, '\n', len - hit);
	size_t end = nl ? (size_t)(nl - subject) : len;

	*first = start ? (size_t)(start - subject) + 1 : pos;
	*last = (size_t)(find_last(pf, subject + hit, end - hit) - subject);
	*resume = end + 1;
}

bool specsync_prefilter_line_may_match(const specsync_prefilter *pf, const char *line, size_t len)
{
	unsigned char c = len ? (unsigned char)line[0] : 0;

	if (pf->anchored && (!len || !(pf->starts[c / 8] & (1u << (c % 8)))))
		return false;
	return pf->kind == SPECSYNC_PREFILTER_NONE || specsync_prefilter_find(pf, line, len);
}

const char *specsync_prefilter_find(const specsync_prefilter *pf, const char *text, size_t len)
{
	const char *hit = memchr(text, pf->bytes[0], len), *other;

	if (pf->count == 2 &&
	    (other = memchr(text, pf->bytes[1], hit ? (size_t)(hit - text) : len)))
		hit = other;
	return hit;
}
