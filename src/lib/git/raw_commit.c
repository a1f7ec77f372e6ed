/*
 * A commit's author and message from its raw bytes. See raw_commit.h.
 *
 * libgit2 1.5.1 (commit.c, signature.c) reads a commit as: "tree <id>",
 * "parent <id>" lines, one or more "author " lines (the first counts), a
 * "committer " line, other headers up to the first empty line, then the
 * message, from which git_commit_message() drops the leading newlines
 * (and which ends at a NUL byte, being copied as a C string). In a
 * signature line the e-mail runs from the last '<' to the last '>'; the
 * name is what precedes the '<' and both lose their leading and trailing
 * "crud" (control characters, blanks and .,:;<>"\'); the time is the
 * number after "> ", the offset the "+hhmm" after it, kept only when hh <=
 * 14 and mm <= 59 (else 0). Only the plainest form of all that is read
 * here: one author line, each signature "name <email> digits +hhmm" with
 * no NUL byte; anything else is left to libgit2.
 */
#include "common.h"
#include "raw_commit.h"

typedef struct sig {
	const char *name, *email;
	size_t name_len, email_len;
	int64_t time;
	int offset;
} sig;

static bool crud(unsigned char c)
{
	return c <= 32 || (c && strchr(".,:;<>\"\\'", c));
}

static void trim(const char **p, size_t *n)
{
	while (*n && crud((unsigned char)**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n && crud((unsigned char)(*p)[*n - 1]))
		(*n)--;
}

/* `n` decimal digits at p (1 <= n <= 18): their value, or -1. */
static int64_t digits(const char *p, size_t n)
{
	int64_t v = 0;

	if (!n || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* The signature line "<who>name <email> digits +hhmm\n" at *pp: true (and
 * *pp past it) when it has exactly that form. */
static bool plain_sig(sig *s, const char **pp, const char *end, const char *who)
{
	const char *p = *pp, *eol, *lt = NULL, *gt = NULL, *q, *sp;
	size_t wlen = strlen(who);
	int64_t tz;

	if ((size_t)(end - p) <= wlen || memcmp(p, who, wlen) != 0 ||
	    !(eol = memchr(p, '\n', (size_t)(end - p))) || memchr(p, '\0', (size_t)(eol - p)))
		return false;
	for (q = p + wlen; q < eol; q++) {
		if (*q == '<')
			lt = q;
		else if (*q == '>')
			gt = q;
	}
	/* "> " digits " " sign hhmm */
	if (!lt || !gt || gt < lt || eol - gt < 9 || gt[1] != ' ' || eol[-6] != ' ' ||
	    (eol[-5] != '+' && eol[-5] != '-'))
		return false;
	sp = eol - 6;
	if ((s->time = digits(gt + 2, (size_t)(sp - gt - 2))) < 0 || (tz = digits(eol - 4, 4)) < 0)
		return false;
	s->offset = tz / 100 <= 14 && tz % 100 <= 59 ? (int)(tz / 100 * 60 + tz % 100) : 0;
	if (eol[-5] == '-')
		s->offset = -s->offset;
	s->name = p + wlen;
	s->name_len = (size_t)(lt - s->name);
	s->email = lt + 1;
	s->email_len = (size_t)(gt - lt - 1);
	trim(&s->name, &s->name_len);
	trim(&s->email, &s->email_len);
	*pp = eol + 1;
	return true;
}

/* "<prefix><40 hex digits>\n" lines at *p, skipped; false when absent. */
static bool skip_ids(const char **p, const char *end, const char *prefix, bool once)
{
	size_t n = strlen(prefix);
	bool any = false;

	while ((size_t)(end - *p) >= n + 41 && !memcmp(*p, prefix, n) && (*p)[n + 40] == '\n') {
		for (size_t i = n; i < n + 40; i++)
			if (!strchr("0123456789abcdefABCDEF", (*p)[i]) || !(*p)[i])
				return false;
		*p += n + 41;
		any = true;
		if (once)
			break;
	}
	return any || !once;
}

const char *specsync_raw_commit_body(const char *p, const char *end)
{
	while (p < end && !(p[-1] == '\n' && p[0] == '\n')) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		p = eol ? eol + 1 : end;
	}
	return p < end ? p + 1 : end;
}

/* libgit2's message: the body, leading newlines dropped, up to a NUL. */
static const char *message_of(const char *p, const char *end, size_t *len)
{
	p = specsync_raw_commit_body(p, end);
	while (p < end && *p == '\n')
		p++;
	*len = strnlen(p, (size_t)(end - p));
	return p;
}

int specsync_raw_commit_meta(specsync_commit_meta *out, const char *data, size_t len)
{
	const char *p = data, *end = data + len, *msg;
	sig author, committer;
	size_t mlen;

	if (!skip_ids(&p, end, "tree ", true) || !skip_ids(&p, end, "parent ", false) ||
	    !plain_sig(&author, &p, end, "author ") ||
	    !plain_sig(&committer, &p, end, "committer "))
		return 0;
	msg = message_of(p, end, &mlen);
	out->author_name = specsync_strndup(author.name, author.name_len);
	out->author_email = specsync_strndup(author.email, author.email_len);
	out->message = specsync_strndup(msg, mlen);
	if (!out->author_name || !out->author_email || !out->message) {
		free(out->author_name);
		free(out->author_email);
		free(out->message);
		out->author_name = out->author_email = out->message = NULL;
		return SPECSYNC_ENOMEM;
	}
	out->time = author.time;
	out->offset = author.offset;
	out->commit_time = committer.time;
	return 1;
}
