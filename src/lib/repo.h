/*
 * The repository handle behind the public specsync_repo. Only git.c and
 * repo.c look inside it.
 */
#ifndef SPECSYNC_REPO_H
#define SPECSYNC_REPO_H

#include <git2.h>
#include "specsync.h"

struct specsync_repo {
	git_repository *git;
	git_odb *odb;         /* the repository's, for raw reads */
	git_mailmap *mailmap; /* NULL when the repository has none */
	char *workdir;        /* NULL when bare */
	char *commondir;
};

/* Turns a libgit2 failure into a specsync_error; returns our code. */
int specsync_git_error(specsync_error *err, int code, const char *what);

#endif
