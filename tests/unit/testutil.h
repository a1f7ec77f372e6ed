/*
 * Helpers for the cmocka unit tests: temporary directories and repositories
 * built through libgit2 with fixed identities and dates.
 */
#ifndef SPECSYNC_TESTUTIL_H
#define SPECSYNC_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include "specsync.h"

/* A fresh empty directory under $TMPDIR; caller frees the string. */
char *tu_mkdtemp(void);
/* rm -rf; ignores errors. */
void tu_rmrf(const char *path);
/* Writes a file (creating parent directories). */
void tu_write(const char *dir, const char *rel, const char *content);

typedef struct tu_repo {
	char *dir;          /* working tree, with trailing '/' */
	git_repository *repo;
	int64_t clock;      /* next commit time; advances one day per commit */
} tu_repo;

/* Creates a non-bare repository in a new temporary directory. */
void tu_repo_init(tu_repo *r);
void tu_repo_free(tu_repo *r); /* and deletes the directory */

/*
 * Commits the given files on top of HEAD (first parent) with the given
 * author e-mail ("Name <email>" or "email"). Files are given as alternating
 * path, content pairs ending with NULL; content NULL deletes the path.
 * Returns the new commit id (static storage, copy it).
 */
const git_oid *tu_commit(tu_repo *r, const char *author, const char *message, ...);
const git_oid *tu_commitv(tu_repo *r, const char *author, const char *message, va_list ap);

/* Creates a merge commit on HEAD with `other` as second parent, whose tree
 * is HEAD's tree with the given changes applied. */
const git_oid *tu_merge(tu_repo *r, const git_oid *other, const char *author,
			const char *message, ...);

/* Points HEAD's branch at `id` (for building side branches). */
void tu_reset(tu_repo *r, const git_oid *id);

/* Compiles an ID pattern (as a configuration would, empty matches allowed)
 * or fails the test with PCRE2's message; free with specsync_regex_free. */
struct specsync_regex;
struct specsync_regex *tu_regex(const char *pattern);

/* `f` as an open unsynced finding of `id` at level error: changed on
 * changed[0] (at loc[0]), lagging on "technical" (at loc[1]): `loc` points
 * to two locations, which `f` keeps pointing to. */
void tu_unsynced_finding(specsync_finding *f, const char *id, const char **changed,
			 const specsync_location *loc);

#endif
