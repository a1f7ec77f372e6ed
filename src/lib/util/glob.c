/*
 * Glob matching, in two layers: `match_chars` matches one string against
 * one pattern ('*', '?', classes, escapes) and serves ID globs directly;
 * path globs are split on '/' (always a separator, even after '\' or inside
 * '[...]', which glob_check rejects) and matched segment by segment, where
 * a "**" segment plays the role that '*' plays for characters.
 *
 * Both layers use the classic backtrack-to-the-last-star algorithm, which is
 * O(n*m) at worst and never recurses: globs come from a configuration file
 * that may be hostile (a server-side hook reads it from a push).
 *
 * A trailing "**" segment must match at least one segment (it matches
 * everything inside its directory, not the directory itself), as in
 * gitignore.
 */
#include "glob.h"

#include <stddef.h>
#include <string.h>

/* One segment of a path or of a path glob: [p, p + len). */
typedef struct segment {
	const char *p;
	size_t len;
} segment;

/*
 * Parses the class at g[0] == '[' and tells whether `c` is in it, and
 * (when `reversed` is not NULL) whether it holds a range such as z-a.
 * Returns the length of the class including both brackets, or 0 when it has
 * no closing ']' (the '[' is then an ordinary character).
 */
static size_t parse_class(const char *g, size_t glen, unsigned char c, bool *in, bool *reversed)
{
	size_t i = 1;
	bool negate = false, found = false;

	if (i < glen && (g[i] == '!' || g[i] == '^')) {
		negate = true;
		i++;
	}
	for (bool first = true; i < glen; first = false) {
		unsigned char lo, hi;

		if (g[i] == ']' && !first) {
			*in = found != negate;
			return i + 1;
		}
		if (g[i] == '\\' && i + 1 < glen)
			i++;
		lo = hi = (unsigned char)g[i++];
		if (i + 1 < glen && g[i] == '-' && g[i + 1] != ']') {
			i++;
			if (g[i] == '\\' && i + 1 < glen)
				i++;
			hi = (unsigned char)g[i++];
		}
		if (reversed && lo > hi)
			*reversed = true;
		if (lo <= c && c <= hi)
			found = true;
	}
	return 0;
}

/*
 * Matches the single-character item at g[0] (not '*') against `c`; returns
 * its length in the pattern, and sets *ok.
 */
static size_t match_item(const char *g, size_t glen, unsigned char c, bool *ok)
{
	size_t n;

	switch (g[0]) {
	case '?':
		*ok = true;
		return 1;
	case '[':
		n = parse_class(g, glen, c, ok, NULL);
		if (n)
			return n;
		break;
	case '\\':
		if (glen > 1) {
			*ok = (unsigned char)g[1] == c;
			return 2;
		}
		break;
	default:
		break;
	}
	*ok = (unsigned char)g[0] == c;
	return 1;
}

/* Whole-string match of s[0..slen) against the pattern g[0..glen). */
static bool match_chars(const char *g, size_t glen, const char *s, size_t slen)
{
	size_t gi = 0, si = 0;
	size_t star_g = 0, star_s = 0;
	bool star = false;

	while (si < slen) {
		bool ok = false;
		size_t n = 0;

		if (gi < glen && g[gi] == '*') {
			star = true;
			star_g = ++gi;
			star_s = si;
			continue;
		}
		if (gi < glen)
			n = match_item(g + gi, glen - gi, (unsigned char)s[si], &ok);
		if (ok) {
			gi += n;
			si++;
		} else if (star) {
			gi = star_g;
			si = ++star_s;
		} else {
			return false;
		}
	}
	while (gi < glen && g[gi] == '*')
		gi++;
	return gi == glen;
}

static const char *skip_slash(const char *s)
{
	return s[0] == '/' ? s + 1 : s;
}

/*
 * The segment starting at `p`, or false at the end. `*next` is where the
 * following segment starts (NULL when this one is the last).
 */
static bool segment_at(const char *p, segment *seg, const char **next)
{
	const char *slash;

	if (!p)
		return false;
	slash = strchr(p, '/');
	seg->p = p;
	seg->len = slash ? (size_t)(slash - p) : strlen(p);
	*next = slash ? slash + 1 : NULL;
	return true;
}

static bool is_globstar(const segment *seg)
{
	return seg->len == 2 && seg->p[0] == '*' && seg->p[1] == '*';
}

bool specsync_glob_match_path(const char *glob, const char *path)
{
	const char *g, *s, *star_g = NULL, *star_s = NULL;
	segment gs, ps;
	const char *gnext, *snext;

	if (!glob || !path)
		return false;
	g = skip_slash(glob);
	s = skip_slash(path);
	if (!*g || !*s)
		return false;
	while (segment_at(s, &ps, &snext)) {
		bool have = segment_at(g, &gs, &gnext);

		if (have && is_globstar(&gs)) {
			if (!gnext)
				return true; /* trailing "**": one or more segments */
			star_g = g = gnext;
			star_s = s;
			continue;
		}
		if (have && match_chars(gs.p, gs.len, ps.p, ps.len)) {
			g = gnext;
			s = snext;
		} else if (star_g) {
			segment_at(star_s, &ps, &star_s);
			g = star_g;
			s = star_s;
		} else {
			return false;
		}
	}
	/* The path is used up: what is left of the glob must be "**" segments
	 * that may match nothing (not the trailing one). */
	while (segment_at(g, &gs, &gnext) && is_globstar(&gs) && gnext)
		g = gnext;
	return g == NULL;
}

/*
 * Before the first "**", glob segments match path segments one for one;
 * from the first "**" on, anything deeper may match. So the walk can prune
 * `dir` exactly when one of its segments fails the corresponding literal
 * glob segment, or when the glob has no segment left for a file under it.
 */
bool specsync_glob_could_match_under(const char *glob, const char *dir)
{
	const char *g, *d;
	segment gs, ds;
	const char *gnext, *dnext;

	if (!glob || !dir)
		return false;
	g = skip_slash(glob);
	d = skip_slash(dir);
	if (!*g)
		return false;
	if (!*d)
		return true;
	while (segment_at(d, &ds, &dnext)) {
		if (!segment_at(g, &gs, &gnext))
			return false;
		if (is_globstar(&gs))
			return true;
		if (!match_chars(gs.p, gs.len, ds.p, ds.len))
			return false;
		g = gnext;
		d = dnext;
	}
	return g != NULL;
}

bool specsync_glob_match_id(const char *glob, const char *id)
{
	if (!glob || !id)
		return false;
	return match_chars(glob, strlen(glob), id, strlen(id));
}

/* Checks one '/'-free segment; NULL when well-formed. */
static const char *check_segment(const char *g, size_t len)
{
	if (len == 0)
		return "empty path segment (two '/' in a row, or a trailing '/'); "
		       "use \"dir/**\" for everything inside a directory";
	if ((len == 1 && g[0] == '.') || (len == 2 && g[0] == '.' && g[1] == '.'))
		return "\".\" and \"..\" segments never match a repository path";
	for (size_t i = 0; i < len; i++) {
		if (g[i] == '\\') {
			if (++i == len)
				return "'\\' at the end of a segment escapes nothing "
				       "('/' cannot be escaped)";
		} else if (g[i] == '[') {
			bool unused, reversed = false;
			size_t n = parse_class(g + i, len - i, 0, &unused, &reversed);

			if (n == 0)
				return "unterminated character class: '[' without ']' "
				       "('/' cannot appear in a class)";
			if (reversed)
				return "reversed range in character class (e.g. z-a)";
			i += n - 1;
		}
	}
	return NULL;
}

const char *specsync_glob_check(const char *glob)
{
	const char *g, *next;
	segment seg;

	if (!glob || !*skip_slash(glob))
		return "empty glob";
	for (g = skip_slash(glob); segment_at(g, &seg, &next); g = next) {
		const char *msg = check_segment(seg.p, seg.len);
		if (msg)
			return msg;
	}
	return NULL;
}
