/*
 * The sections a finding's change edited: presentation only (the pending
 * states are never changed).
 */
#ifndef SPECSYNC_EDITED_H
#define SPECSYNC_EDITED_H

#include "specsync.h"
#include "result.h"
#include "engine.h"
#include "cache.h"

/*
 * Narrows the changed_locations of each open unsynchronised finding of an
 * audit to the sections whose text differs from the requirement's text
 * before the commit that opened it (same path, section text compared as a
 * multiset): a requirement tagged in ten functions of a file, one of which
 * changed, names that one. Left whole when the finding changed more than
 * one side, when no section can be told apart (only a section removed or
 * moved), or when a document cannot be read or is over 4 MiB (or
 * max_file_size). `tip` (may be NULL) is the engine's state at the
 * audited revision: its splits of the files there are used, not read
 * again. Returns 0 or SPECSYNC_ENOMEM.
 *
 * With `cache` (may be NULL, or disabled), what each finding's narrowing
 * kept is remembered in its memo file `<salt>.narrow`, keyed by everything
 * the narrowing reads: the side, the requirement, the opening commit (the
 * tree before it), and each location's path, line and blob at the audited
 * revision (the engine's). A later audit takes a finding whose key is
 * there from the memo, reading no tree nor file; the others are narrowed
 * as above, and the memo is written again (with the entries this audit
 * used) when any was not there.
 */
int specsync_edited_apply(specsync_result *res, specsync_repo *repo, const eng_view *tip,
			  const specsync_cache *cache);

#endif
