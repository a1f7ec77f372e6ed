/*
 * Renames followed: presentation and hints only (see rename.c for the
 * rule and its thresholds); the pending states are never changed.
 */
#ifndef SPECSYNC_RENAME_H
#define SPECSYNC_RENAME_H

#include "specsync.h"
#include "result.h"

/*
 * Sets renamed_from / renamed_to and rename_kind on the unsynchronised
 * findings that are one requirement renamed on one side (or split, or
 * merged): an audit's open findings, a check's new ones. Reads the documents of the opening
 * commits. Returns 0 or SPECSYNC_ENOMEM; documents that cannot be read just
 * give no rename.
 */
int specsync_renames_apply(specsync_result *res, specsync_repo *repo);

#endif
