/*
 * "Did you mean ...?": the closest known name to a mistyped one, for the
 * configuration loader (unknown keys, roles, sides) and the command line
 * (commands, options, formats).
 */
#include "specsync.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define SUGGEST_MAX_LEN 64

static unsigned char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : (unsigned char)c;
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* Case-insensitive optimal string alignment distance (a transposition
 * costs one); SIZE_MAX for long strings, which never get suggestions. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t rows[3][SUGGEST_MAX_LEN + 1];

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		rows[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *cur = rows[i % 3], *prev = rows[(i + 2) % 3], *prev2 = rows[(i + 1) % 3];

		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = lower(a[i - 1]) != lower(b[j - 1]);
			size_t v =
				min_size(min_size(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);

			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]))
				v = min_size(v, prev2[j - 2] + 1);
			cur[j] = v;
		}
	}
	return rows[la % 3][lb];
}

static bool is_prefix(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (la < 3 || la > strlen(b))
		return false;
	for (size_t i = 0; i < la; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

/* The known name closest to `name` within distance 2, if any (and not a
 * complete rewrite, so "X" does not suggest "R"); an abbreviation of three
 * characters or more ("warn" for "warning") counts as distance 2. */
const char *specsync_suggest(const char *name, const char *const *known, size_t n)
{
	const char *best = NULL;
	size_t best_d = 3;

	for (size_t i = 0; i < n; i++) {
		size_t d = distance(name, known[i]);
		size_t longest = strlen(name) > strlen(known[i]) ? strlen(name) : strlen(known[i]);

		if (d > 2 && is_prefix(name, known[i]))
			d = 2;
		if (d < best_d && d < longest) {
			best = known[i];
			best_d = d;
		}
	}
	return best;
}
