/*
 * Glob matching.
 *
 * Paths (gitignore-style, always anchored at the repository root; a leading
 * '/' is ignored): '*' matches any run of characters except '/', '?' one
 * character except '/', '[...]' a class ('!' or '^' negates, ranges a-z),
 * '\\' escapes the next character; a whole segment of two stars matches
 * zero or more directories (so a, two stars, b joined by slashes matches
 * a/b, a/x/b and a/x/y/b); a trailing slash and two stars matches
 * everything inside.
 *
 * IDs (requirement scopes and ignore lists): '*' matches any run of
 * characters, '?' one character, '[...]' a class.
 */
#ifndef SPECSYNC_GLOB_H
#define SPECSYNC_GLOB_H

#include <stdbool.h>

bool specsync_glob_match_path(const char *glob, const char *path);

/*
 * True when some path strictly inside directory `dir` (no trailing '/',
 * "" for the root) could match `glob`: lets the tree walk skip directories.
 */
bool specsync_glob_could_match_under(const char *glob, const char *dir);

bool specsync_glob_match_id(const char *glob, const char *id);

/* NULL when the glob is well-formed, else a static message. */
const char *specsync_glob_check(const char *glob);

#endif
