/*
 * Splitting blobs into sections on a second core, ahead of the walk.
 *
 * The walk compares each unit's trees before it applies the unit, so it
 * knows early which blobs it will need: it queues them here, a worker
 * thread reads and splits them, and the walk takes the results in its own
 * order. When the walk catches up with the worker, it splits the next
 * queued blob itself instead of waiting. The worker has its own handle on
 * the repository and its own copies of the configuration's regular
 * expressions (neither may be shared between threads); the results are
 * exactly what the engine would have computed itself.
 */
#ifndef SPECSYNC_PREFETCH_H
#define SPECSYNC_PREFETCH_H

#include "config.h"
#include "git.h"
#include "parse.h"

typedef struct specsync_prefetch specsync_prefetch;
typedef struct specsync_prefetch_job specsync_prefetch_job;

/* Starts the worker for `repo` and `cfg` (both must outlive it); `memo`
 * (may be NULL) is the calling thread's section memo (sections.h), used
 * when it splits a job itself; the worker has its own. *out is NULL (and
 * 0 returned) when a worker cannot be had: the walk then parses
 * everything itself. */
int specsync_prefetch_start(specsync_prefetch **out, specsync_repo *repo,
			    const specsync_config *cfg, specsync_sections_memo *memo);

/* Stops the worker and frees every job (taken or not). Accepts NULL. */
void specsync_prefetch_stop(specsync_prefetch *pf);

/* Jobs queued and not yet taken (the walk bounds how far ahead it goes). */
size_t specsync_prefetch_pending(const specsync_prefetch *pf);

/*
 * Queues the split of `blob` as a file of `side` at `path`. A job already
 * queued for the same parse `key` is shared: *out gets a new reference on
 * it. Returns 0 or SPECSYNC_ENOMEM.
 */
int specsync_prefetch_submit(specsync_prefetch_job **out, specsync_prefetch *pf,
			     const specsync_oid *blob, int side, const char *path, const char *key);

/*
 * Waits for `job` (running it on this thread when nobody has started it)
 * and gives specsync_parse_blob's outcome: < 0 with `err` filled when the
 * blob could not be read or split; else *outcome and *size, and the
 * sections in *sections (still owned by the job: valid until
 * specsync_prefetch_release).
 */
int specsync_prefetch_wait(specsync_prefetch *pf, specsync_prefetch_job *job,
			   specsync_parse_outcome *outcome, uint64_t *size,
			   const specsync_sections **sections, specsync_error *err);

/* Drops a reference taken by submit; the last one frees the job. */
void specsync_prefetch_release(specsync_prefetch *pf, specsync_prefetch_job *job);

#endif
