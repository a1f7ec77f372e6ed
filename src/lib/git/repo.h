/*
 * The repository handle behind the public specsync_repo. Only git.c and
 * repo.c look inside it.
 */
#ifndef SPECSYNC_REPO_H
#define SPECSYNC_REPO_H

#include "specsync.h"

/* libgit2's types by their struct tags: only git.c and repo.c include
 * <git2.h>. */
struct git_repository;
struct git_odb;
struct git_odb_object;
struct git_mailmap;
struct specsync_loose;

/* Raw trees kept by git.c, direct-mapped by the first byte of their id: the
 * walk compares each commit's trees with its parent's, read just before. */
#define SPECSYNC_TREE_CACHE 256

struct specsync_repo {
	struct git_repository *git;
	struct git_odb *odb; /* the repository's, for raw reads */
	struct git_odb_object *trees[SPECSYNC_TREE_CACHE];
	struct git_mailmap *mailmap; /* NULL when the repository has none */
	/* specsync_repo_trust_rev: the commit whose .mailmap (and allowed
	 * signers) apply, "" when they come from the work tree (or HEAD in a
	 * bare repository), as git itself reads .mailmap */
	char trusted[41];
	char *workdir;        /* NULL when bare */
	char *commondir;
	char *objects;        /* loose objects directory, with a trailing '/' */
	struct specsync_loose *loose; /* listing of `objects`; NULL when unknown */
	unsigned open_flags;  /* as given to specsync_repo_open */
};

/* Turns a libgit2 failure into a specsync_error; returns our code. */
int specsync_git_error(specsync_error *err, int code, const char *what);

#endif
