/*
 * specsync's pack reader (pack.h, inflating with libdeflate) put in front
 * of libgit2's own backends in a repository's object database.
 */
#ifndef SPECSYNC_PACK_ODB_H
#define SPECSYNC_PACK_ODB_H

#include <stdbool.h>

struct git_odb;

/* False when SPECSYNC_PACK_READER=libgit2: libgit2 reads every object. */
bool specsync_pack_reader_enabled(void);

/*
 * Adds the reader of the packs of `objects_dir` (and its alternates) to
 * `odb` at a priority above libgit2's backends, unless disabled or there
 * is no pack it can read; objects it cannot read are read by libgit2 as
 * before. The odb owns it. 0, or -1 when out of memory or refused by
 * libgit2 (the odb is unchanged: reads go to libgit2 alone).
 */
int specsync_pack_odb_add(struct git_odb *odb, const char *objects_dir);

#endif
