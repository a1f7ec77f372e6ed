/*
 * Private to the libgit2 adapter (git.c, git_tree.c, reach.c): what the
 * other files use of git.c's object reading. Only the adapter's files
 * include git2.h.
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

/*
 * Reads commit `id`'s head (git.h), and its meta too when `meta` is not
 * NULL (raw_commit.c, else libgit2's parser), from one read of the raw
 * commit; `each` (may be NULL) sees every parent id, and what it returns
 * below 0 is returned. SPECSYNC_EREPO for a corrupt commit.
 */
typedef int (*specsync_parent_cb)(const specsync_oid *parent, void *payload);
int specsync_git_head_read(specsync_commit_head *out, specsync_commit_meta *meta,
			   specsync_repo *repo, const specsync_oid *id, const char *key,
			   specsync_parent_cb each, void *payload, specsync_error *err);

#endif
