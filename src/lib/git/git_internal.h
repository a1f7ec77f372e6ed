/*
 * Private to the libgit2 adapter (git.c, git_tree.c): what git_tree.c uses
 * of git.c's object reading. Only the adapter's files include git2.h.
 */
#ifndef SPECSYNC_GIT_INTERNAL_H
#define SPECSYNC_GIT_INTERNAL_H

#include "git.h"

#include <git2.h>

/* The libgit2 view of an id (same 20 bytes). */
const git_oid *specsync_git_oid(const specsync_oid *id);

/* Inflates a loose object to its end before libgit2 reads it (libgit2 1.5
 * loops on a truncated one): 0, or SPECSYNC_EREPO naming the object. */
int specsync_git_check_loose(const specsync_repo *repo, const git_oid *id, specsync_error *err);

/* The raw commit or tree `id` (type), trees through the repository's
 * cache; SPECSYNC_EREPO when unreadable or of another type. */
int specsync_git_read_raw(git_odb_object **out, specsync_repo *repo, const specsync_oid *id,
			  git_object_t type, specsync_error *err);

#endif
