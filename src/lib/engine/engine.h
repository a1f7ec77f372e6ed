/*
 * The history engine: the state of every requirement (its fingerprint on
 * each side, and the set of sides that owe an update) and the rules that
 * move it forward one unit of change at a time.
 *
 * A unit is a pair of trees (before, after) plus the commits whose messages
 * and authors count for it. The audit feeds it the first-parent commits of a
 * history; the checks (hooks, pull requests) feed it the index or a range.
 */
#ifndef SPECSYNC_ENGINE_H
#define SPECSYNC_ENGINE_H

#include "specsync.h"
#include "config.h"
#include "git.h"
#include "hash.h"
#include "map.h"
#include "arena.h"
#include "sections.h"

typedef struct eng_entry {
	uint32_t req;
	uint32_t line;
	specsync_hash128 hash;
} eng_entry;

/* eng_parse.skip when the blob was read and split (it may hold text
 * without a requirement). */
#define ENG_SKIP_NONE (-1)

/* A parsed blob, shared by every file that holds the same content. */
typedef struct eng_parse {
	eng_entry *entries;
	size_t count;
	int skip;      /* why it was not read: a specsync_skip_reason, or ENG_SKIP_NONE */
	uint64_t size; /* its size in bytes (0 when it holds requirements) */
	unsigned refs;
	char *key; /* key in the parse cache */
} eng_parse;

typedef struct eng_file {
	int side;
	specsync_oid blob;
	eng_parse *parse;
} eng_file;

typedef struct eng_accum {
	uint64_t s1, s2;
	uint32_t n;
} eng_accum;

typedef struct eng_req {
	char *id;
	uint64_t pending;
	eng_accum *acc;   /* per side */
	int32_t *episode; /* per side: index of the open episode, or -1 */
} eng_req;

typedef struct eng_episode {
	uint32_t req, side;
	uint64_t changed_mask;
	uint32_t *commits; /* indices into eng->commits */
	size_t commit_count, commit_alloc; /* commit_alloc 0: `commits` is
					      the engine's episode_arena's (a
					      loaded state's), copied to grow */
	specsync_status status;
	int32_t closed_by; /* commit index, -1 while open */
	bool before_check; /* opened before the checked range */
} eng_episode;

typedef struct eng_event {
	specsync_finding_kind kind;
	uint32_t req; /* UINT32_MAX: unknown requirement (id in `id`) */
	const char *id;
	int side;
	uint32_t commit;
	int32_t merge;      /* the merge that brought `commit` onto the
			       first-parent line, or -1 */
	const char *author_name, *author_email;
	const char *reason;
	bool forced_error;  /* no policy lowers it (specsync_engine_add_refusal) */
} eng_event;

/* One commit whose message and author count for a unit. */
typedef struct eng_actor {
	const specsync_commit_meta *meta;
	uint32_t commit; /* index into eng->commits; ENG_NO_COMMIT until a
			    finding or an episode needs it */
	char **paths;    /* merges: spec paths this commit changed, sorted */
	size_t path_count, path_alloc;
	bool paths_known;
} eng_actor;

#define ENG_NO_COMMIT UINT32_MAX

/* What a unit did to one requirement (for observers such as explain). */
typedef struct eng_req_change {
	uint32_t req;
	uint64_t changed;
	uint64_t pending_before, pending_after;
	const char *event;
} eng_req_change;

typedef struct eng_file_change {
	char *path;
	int side;
	specsync_oid old_blob, new_blob;
	bool had_old, has_new;
	eng_parse *old_parse, *new_parse;
	struct specsync_prefetch_job *job; /* the new blob's split, queued ahead */
} eng_file_change;

/* The spec files one unit changes, as a tree comparison finds them. */
typedef struct eng_changes {
	eng_file_change *items;
	size_t count, alloc;
} eng_changes;

typedef struct eng_unit_report {
	struct eng_actor *actor; /* its own commit: see specsync_engine_unit_commit */
	bool is_merge;
	const eng_file_change *files;
	size_t file_count;
	const eng_req_change *reqs;
	size_t req_count;
} eng_unit_report;

#define MAX_WARNING_LINES 20

typedef int (*eng_observer)(const eng_unit_report *unit, void *payload);

/*
 * Where the walk stands. walk.c owns it; the engine keeps it with the state
 * it describes (the cache stores `tree`), resets it with the state, and
 * releases the prefetcher's jobs through it.
 */
typedef struct eng_walk {
	specsync_oid tree; /* tree of the last walked commit */
	bool have_tree;
	/* Every commit reachable from the walked ones (dag.h), when the walk
	 * began at a root in this run: merges then find and order their
	 * branch's commits without a revision walk. NULL: none yet. */
	struct specsync_dag *reach;
	bool reach_valid;
	size_t count;                       /* first-parent commits walked in this run */
	struct specsync_prefetch *prefetch; /* while a long walk runs */
	specsync_progress_cb progress;      /* NULL: none; see specsync_audit_options */
	void *progress_payload;
} eng_walk;

/* The engine's state, read-only, for the modules that report it (result.c)
 * or store it (the cache): valid until the engine changes. */
typedef struct eng_view {
	const specsync_config *cfg;
	const specsync_strmap *files; /* path -> eng_file */
	const eng_req *reqs;
	size_t req_count;
	specsync_commit_info *const *commits; /* only those findings refer to */
	size_t commit_count;
	size_t commit_total;           /* every commit that entered the engine */
	int64_t time_first, time_last; /* author times of those commits */
	bool have_times;
	const eng_episode *episodes;
	size_t episode_count;
	const eng_event *events;
	size_t event_count;
	int32_t baseline_commit; /* commit index of the baseline, or -1 */
	bool checking;           /* a check: see specsync_engine_begin_check */
	size_t check_start;      /* first commit index of the checked units */
	const eng_walk *walk;
} eng_view;

/* The engine is opaque: its tables change only through the functions
 * below (engine.c, engine_codec.c). */
typedef struct specsync_engine specsync_engine;

/* A new engine on `repo` and `cfg` (both must outlive it), reporting into
 * `err`. Free with specsync_engine_free (accepts NULL). */
int specsync_engine_new(specsync_engine **out, specsync_repo *repo, const specsync_config *cfg,
			specsync_error *err);
void specsync_engine_free(specsync_engine *eng);
/* Back to the initial state (same repository, configuration, observer,
 * progress callback and warnings). */
void specsync_engine_reset(specsync_engine *eng);

specsync_repo *specsync_engine_repo(const specsync_engine *eng);
const specsync_config *specsync_engine_config(const specsync_engine *eng);
specsync_error *specsync_engine_error(const specsync_engine *eng);
void specsync_engine_view(eng_view *out, const specsync_engine *eng);
/* The walk's position (walk.c writes it). */
eng_walk *specsync_engine_walk_state(specsync_engine *eng);

/* Every unit applied is reported to `observer` (NULL: none). */
void specsync_engine_observe(specsync_engine *eng, eng_observer observer, void *payload);
/* false: units change the state but record no finding (before a baseline). */
void specsync_engine_set_recording(specsync_engine *eng, bool recording);
/* From now on the units are those a check checks: the findings recorded so
 * far are forgotten and the episodes opened now are new. */
void specsync_engine_begin_check(specsync_engine *eng);
bool specsync_engine_checking(const specsync_engine *eng);
/* Shows commit `idx` under `short_id` ("staged"). */
void specsync_engine_name_commit(specsync_engine *eng, uint32_t idx, const char *short_id);
/* Requirement `r`'s ID and pending sides (r < the view's req_count). */
const char *specsync_engine_req_id(const specsync_engine *eng, uint32_t r);
uint64_t specsync_engine_pending(const specsync_engine *eng, uint32_t r);

/* For the result, which takes over the strings of the findings: moves the
 * engine's arena into *out (the engine gets an empty one). */
void specsync_engine_take_arena(specsync_engine *eng, specsync_arena *out);
/* The warnings about the input, one per line (malloc'ed, or NULL when
 * none); < 0 when out of memory. */
int specsync_engine_take_warnings(char **out, specsync_engine *eng);

/* Adds one line to the warnings about the run itself (the cache), which
 * do not count among the skipped documents. */
void specsync_engine_warn(specsync_engine *eng, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A finding about the checked change itself that no policy lowers: an
 * invalid acknowledgement named `what` (not a requirement), at level error,
 * made by commit `meta` (trust.c: a push may not change who is who). */
int specsync_engine_add_refusal(specsync_engine *eng, const specsync_commit_meta *meta,
				const char *what, const char *reason);

/* The state acks.require_signature keeps (signature.c), NULL until kept:
 * the engine frees it with `free_state` when disposed (the engine knows
 * nothing of signatures: signature.c sits above it). */
/* The engine's thread's memo of section hashes (sections.h); NULL: none. */
specsync_sections_memo *specsync_engine_section_memo(const specsync_engine *eng);

struct specsync_signature_state;
struct specsync_signature_state *specsync_engine_signatures(const specsync_engine *eng);
void specsync_engine_keep_signatures(specsync_engine *eng, struct specsync_signature_state *state,
				     void (*free_state)(struct specsync_signature_state *));

/* Records a commit's information for findings (and counts it in
 * commit_total); returns its index or < 0. */
int specsync_engine_add_commit(specsync_engine *eng, const specsync_commit_meta *meta);

/*
 * Applies one unit: the change from `old_tree` (NULL: empty) to `new_tree`,
 * with `actors` (at least one) for acknowledgements and out-of-role checks.
 * `actors[0]` is the unit's own commit. For a merge unit, pass is_merge and
 * the merged commits after it.
 */
int specsync_engine_apply(specsync_engine *eng, const specsync_oid *old_tree,
			  const specsync_oid *new_tree, eng_actor *actors, size_t actor_count,
			  bool is_merge);

/* Same, for the change from `head_tree` (NULL: empty) to the index; a merge
 * being concluded passes is_merge and the merged commits after actors[0]. */
int specsync_engine_apply_index(specsync_engine *eng, const specsync_oid *head_tree,
				eng_actor *actors, size_t actor_count, bool is_merge);

/* Closes every pending episode as baselined and empties every pending set;
 * `commit` is the baseline's commit index. */
void specsync_engine_baseline(specsync_engine *eng, uint32_t commit);
/* The baseline's commit index, or -1. */
int32_t specsync_engine_baseline_commit(const specsync_engine *eng);

/* ---- units, for the walk (walk.h) ------------------------------------ */

/* Compares `old_tree` (NULL: empty) with `new_tree` and appends the spec
 * files that differ to `into` (errors in `err`). */
int specsync_engine_diff(specsync_engine *eng, eng_changes *into, const specsync_oid *old_tree,
			 const specsync_oid *new_tree, specsync_error *err);
/* Empties `c`, releasing its parses and queued splits (keeps the buffer). */
void specsync_engine_changes_clear(specsync_engine *eng, eng_changes *c);
/* Queues the split of every new blob of `c` on the walk's prefetcher. */
void specsync_engine_changes_queue(specsync_engine *eng, eng_changes *c);
/* Starts a unit: no change collected yet. */
void specsync_engine_unit_begin(specsync_engine *eng);
/* Compares the trees into the unit's changes (see specsync_engine_diff). */
int specsync_engine_unit_diff(specsync_engine *eng, const specsync_oid *old_tree,
			      const specsync_oid *new_tree);
/* Makes `c` the unit's changes (swapping buffers; `c` is left empty). */
void specsync_engine_unit_take(specsync_engine *eng, eng_changes *c);
/* The number of spec files the unit changes. */
size_t specsync_engine_unit_size(const specsync_engine *eng);
/* Applies the unit's changes with `actors` (see specsync_engine_apply). */
int specsync_engine_unit_apply(specsync_engine *eng, eng_actor *actors, size_t actor_count,
			       bool is_merge);
/* One more commit entered the engine (commit_total, the time span). */
void specsync_engine_note_commit(specsync_engine *eng, int64_t time);
/* The commit index of `a`, recording the commit on first use: most walked
 * commits never appear in a finding, so they cost no memory. */
int specsync_engine_actor_commit(specsync_engine *eng, eng_actor *a, uint32_t *out);

/* ---- the state as bytes (engine_codec.c), for the cache ----------------- */

struct specsync_reader;
/* Appends the engine's state to `tip` and its history to `hist` (see
 * engine_codec.c; b->failed when out of memory; either may be NULL: not
 * written); `walked` is stored with the tip. */
void specsync_engine_encode(specsync_buf *tip, specsync_buf *hist, const specsync_engine *eng,
			    uint64_t walked);
/* Reads into a fresh engine a state that specsync_engine_encode wrote.
 * With `hist`: the tip from `tip`, up to its open episodes (the history
 * holds them too), and the history from `hist` (the caller checks that it
 * was read to its end). With `hist` NULL, the tip alone, read to its end
 * (the caller checks): the engine then holds only the open episodes and
 * the commits they refer to, enough for a check or a walk but not for an
 * audit's report, and is never stored (specsync_engine_tip_only).
 * < 0 when malformed or inconsistent (the engine must then be reset). */
int specsync_engine_decode(specsync_engine *eng, struct specsync_reader *tip,
			   struct specsync_reader *hist, uint64_t *walked);
/*
 * A history as a base and a delta. Commits and events are only ever
 * appended, and an episode changes only while it is open: what a state
 * adds to a stored history is the commits, episodes and events past the
 * base's counts, and the base's episodes that were open at some point
 * since (rewritten whole). The mark says what the history held when it
 * was loaded, for the next store.
 */
typedef struct eng_open_mark {
	uint32_t idx, status; /* a base episode open when loaded, as it was */
	int32_t closed_by;
	uint64_t changed_mask;
	size_t commit_count;
} eng_open_mark;

typedef struct eng_hist_mark {
	bool set;                         /* a history was loaded */
	size_t commits, episodes, events; /* the base's counts */
	int32_t baseline;                 /* the base's baseline commit */
	uint32_t *replaced;               /* base episodes the loaded delta */
	size_t replaced_count;            /* rewrote, in increasing order */
	eng_open_mark *open;              /* the other base episodes open */
	size_t open_count;                /* when loaded, in increasing order */
} eng_hist_mark;

void specsync_hist_mark_dispose(eng_hist_mark *m);

/* Whether the engine holds nothing past the base that `m` describes. */
bool specsync_engine_delta_empty(const specsync_engine *eng, const eng_hist_mark *m);

/* Appends to `delta` what the engine holds past the base that `m`
 * describes (b->failed when out of memory). */
void specsync_engine_encode_delta(specsync_buf *delta, const specsync_engine *eng,
				  const eng_hist_mark *m);

/*
 * specsync_engine_decode with a history in two parts: the base in `hist`,
 * then, when `delta` is not NULL, the delta written after it. Sets `m` to
 * describe the base and what a next delta must rewrite: the base episodes
 * the loaded delta rewrote, and those open now if they change (a delta of
 * the same engine is the same bytes). < 0 as specsync_engine_decode.
 */
int specsync_engine_decode_parts(specsync_engine *eng, struct specsync_reader *tip,
				 struct specsync_reader *hist, struct specsync_reader *delta,
				 uint64_t *walked, eng_hist_mark *m);

/* Whether the engine was loaded from a tip alone. */
bool specsync_engine_tip_only(const specsync_engine *eng);
/* What the tip writes first (commit_total, time_first, time_last,
 * have_times, the last tree walked, have_tree, the walked count): every
 * walked commit moves them, and a new walk over the same commits derives
 * them again (cache.c compares states without them). */
#define ENG_TIP_HEAD (8 + 8 + 8 + 4 + 20 + 4 + 8)

/* The index of requirement `id`, adding it when new. */
int specsync_engine_intern(specsync_engine *eng, const char *id, uint32_t *out);

/* Cache loading: records file `path` with parsed `entries` (always taken
 * over, even on failure), and when there are none why (`skip`, `size`: see
 * eng_parse). SPECSYNC_EINPUT when `path` is already recorded. */
int specsync_engine_adopt_file(specsync_engine *eng, const char *path, int side,
			       const specsync_oid *blob, eng_entry *entries, size_t count,
			       int skip, uint64_t size);

/* The commit info of a reported unit's own commit, recorded on first use
 * (owned by the engine); NULL when out of memory. */
const specsync_commit_info *specsync_engine_unit_commit(specsync_engine *eng,
							const eng_unit_report *unit);

/* Index of requirement `id`, or -1. */
int64_t specsync_engine_find(const specsync_engine *eng, const char *id);

/* The RACI cell of `id` on `side` (see specsync_rules_cell). */
const specsync_raci_cell *specsync_engine_cell(const specsync_engine *eng, const char *id,
					       int side);

#endif
