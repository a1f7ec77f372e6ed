/*
 * A commit's author and message read from its raw bytes, exactly as
 * libgit2 1.5.1's commit parser reads them, for the commits whose headers
 * are plainly well-formed; the others are left to libgit2 (which may
 * refuse them, and its message then names the commit). Private to the
 * libgit2 adapter: git.c reads a merged branch's commits once with it.
 */
#ifndef SPECSYNC_RAW_COMMIT_H
#define SPECSYNC_RAW_COMMIT_H

#include "git.h"

/*
 * Fills the author (name and e-mail as written, before .mailmap), author
 * time and offset, committer time and message (malloc'ed) of `out` from
 * the raw commit data[0..len). 1 when done, 0 when the commit is not
 * plainly well-formed (nothing filled: ask libgit2), SPECSYNC_ENOMEM.
 * Tree and parents are not touched.
 */
int specsync_raw_commit_meta(specsync_commit_meta *out, const char *data, size_t len);

/*
 * Where a raw commit's body starts: just after the empty line that ends
 * the headers (continuation lines start with a space, so the first empty
 * line is that one), searched from `p` (data < p <= end, at a line start
 * or within the headers); `end` when there is none.
 */
const char *specsync_raw_commit_body(const char *p, const char *end);

#endif
