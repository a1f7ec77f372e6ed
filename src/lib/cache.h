/*
 * The persistent cache: the engine's whole state after a first-parent
 * commit, in <common git dir>/specsync/cache/, so that a re-run only walks
 * the commits added since and a hook starts from HEAD's state.
 *
 * A state is two files: its tip (what a check or a walk needs to go on:
 * requirements, files and their sections, open episodes) and its history
 * (every episode, event and commit a report shows), which the tip names by
 * checksum. A run that reports no history (a check) loads the tip alone
 * when it has nothing to walk; a run that walks or reports loads both.
 *
 * A state file is keyed by the configuration's digest, the `since`
 * revision, the format version and the commit. Writes go to a temporary file
 * renamed into place (atomic on POSIX); reads verify a magic number, the
 * key, the length and a checksum, and any damaged or foreign file is
 * ignored (and rebuilt). Concurrent writers of one key write the same
 * state (its history whole, or as a delta against the base they loaded:
 * cache.c), so the last rename wins harmlessly.
 */
#ifndef SPECSYNC_CACHE_H
#define SPECSYNC_CACHE_H

#include "engine.h"

#include <pthread.h>

/* The layout of the files (cache.c, engine_codec.c); the fuzz target and
 * its seeds (tests/fuzz/cache-seeds.sh) follow it. */
#define SPECSYNC_CACHE_FORMAT 6

typedef struct specsync_cache {
	char *dir;       /* NULL: cache disabled */
	specsync_hash128 salt; /* config digest + since + version */
	bool listed;
	char (*names)[33];     /* state files present, listed once */
	size_t name_count, names_alloc;
	/* set by the caller after specsync_cache_init: no history is reported
	 * (a check), so a state with nothing left to walk is loaded without it */
	bool tip_only;
	/* the tip file of the state loaded this run (set by
	 * specsync_cache_load): its payload is loaded.ptr[state, end);
	 * loaded.size is 0 when none */
	specsync_buf loaded;
	size_t loaded_state, loaded_end, loaded_walked;
	char why[4200];       /* why the last load failed */
	char hist_path[4096]; /* the history that load read, for forget */
	/* the history loaded with the state: its base (length and checksum)
	 * and what it held, for a store that writes a delta against it */
	eng_hist_mark mark;
	uint64_t base_len;
	specsync_hash128 base_sum;
	/* set by the caller after specsync_cache_init: it waits for the store
	 * with specsync_cache_store_wait, so specsync_cache_store_begin may
	 * write on a thread of its own (see there) */
	bool defer_store;
	/* the store under way on its thread, and what it is writing */
	bool storing;
	int store_error;
	pthread_t store_thread;
	const specsync_engine *store_eng;
	specsync_oid store_commit;
	size_t store_walked;
} specsync_cache;

/* Sets up the cache for a repository and configuration; never fails (a
 * cache that cannot be used is disabled). `since` may be NULL. */
void specsync_cache_init(specsync_cache *c, specsync_repo *repo, const specsync_config *cfg,
			 const char *since, bool enabled);
/* Waits for a store under way (its error is lost: callers that report it
 * call specsync_cache_store_wait first), then frees `c`. */
void specsync_cache_dispose(specsync_cache *c);

/* True when a state for `commit` exists (cheap: one stat). */
bool specsync_cache_has(specsync_cache *c, const specsync_oid *commit);

/* Loads the state after `commit` into a freshly initialised engine: its
 * tip alone when c->tip_only and `final` (the run walks no further
 * commit), else its tip and history.
 * Returns 1 when loaded, 0 when absent (engine untouched), -1 when the tip
 * is there but cannot be used as a whole (not a regular file, a symbolic
 * link, too large, unreadable, damaged or inconsistent, or so is the
 * history it names, or it is absent; the engine may hold part of it: reset
 * it), with *why saying which (valid until the next load). */
int specsync_cache_load(specsync_cache *c, specsync_engine *eng, const specsync_oid *commit,
			bool final, size_t *walked, const char **why);

/* The path of the state file for `commit` (for tests). */
void specsync_cache_file_name(char *out, size_t size, const specsync_cache *c,
			      const specsync_oid *commit);

/* The path of the history file whose payload has checksum `sum` (for
 * tests). */
void specsync_cache_history_name(char *out, size_t size, const specsync_cache *c,
				 const specsync_hash128 *sum);

/* Removes a damaged state file (and the history the last failed load
 * read, if any). Returns 0, or -1 (errno set) when it is
 * still there (a directory, a read-only git directory). */
int specsync_cache_forget(specsync_cache *c, const specsync_oid *commit);

/* Stores the engine's state as the state after `commit`. Returns 0 when
 * stored (or the cache is disabled), else the errno value of the failure;
 * the caller says so once and goes on: the cache is an optimisation.
 * When the state is the one loaded this run, byte for byte but for the
 * counts and dates of the commits walked (which changed no specification),
 * and fewer than
 * SPECSYNC_CACHE_REWALK commits separate them, nothing is written: the next
 * run goes back to the loaded state and walks those commits again, which
 * costs less than writing (and syncing) the same state again. */
#define SPECSYNC_CACHE_REWALK 1000
int specsync_cache_store(const specsync_cache *c, const specsync_engine *eng,
			 const specsync_oid *commit, size_t walked);

/*
 * specsync_cache_store(), on a thread of its own when c->defer_store (and
 * worker threads are allowed: SPECSYNC_NO_WORKER unset): an audit then
 * builds its result while the state is encoded and written. Until
 * specsync_cache_store_wait returns, the engine's requirements, files,
 * episodes, events and commits must not change (they are read), nor be
 * freed. Returns the store's error when it ran here (no thread), else 0.
 */
int specsync_cache_store_begin(specsync_cache *c, const specsync_engine *eng,
			       const specsync_oid *commit, size_t walked);

/* Waits for the store begun on its thread; returns its error (0 when none
 * is under way). */
int specsync_cache_store_wait(specsync_cache *c);

/* The warning of a store that failed with `error` (an errno value). */
void specsync_cache_store_warning(char *out, size_t size, const specsync_cache *c, int error);

/*
 * A memo file beside the states, `<salt>.<suffix>` (one per configuration:
 * what it remembers is keyed by its own content, never by a commit), with
 * the header, length and checksum of a history. Readers must treat its
 * contents as a hint that is verified or keyed by everything it depends
 * on; a damaged or foreign file reads as absent.
 *
 * specsync_cache_memo_read: the payload into `out`; 0, or -1 when the
 * cache is disabled or the file is absent, unusable or damaged.
 * specsync_cache_memo_write: `payload` (consumed: its checksum is
 * appended) as the file; 0 or an errno value.
 */
int specsync_cache_memo_read(const specsync_cache *c, const char *suffix, specsync_buf *out);
int specsync_cache_memo_write(const specsync_cache *c, const char *suffix, specsync_buf *payload);

#endif
