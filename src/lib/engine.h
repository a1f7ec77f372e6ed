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

/* A parsed blob, shared by every file that holds the same content. */
typedef struct eng_parse {
	eng_entry *entries;
	size_t count;
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
	eng_accum *acc;     /* per side */
	int32_t *episode;   /* per side: index of the open episode, or -1 */
} eng_req;

typedef struct eng_episode {
	uint32_t req, side;
	uint64_t changed_mask;
	uint32_t *commits;  /* indices into eng->commits */
	size_t commit_count, commit_alloc;
	specsync_status status;
	int32_t closed_by;  /* commit index, -1 while open */
	bool before_check;  /* opened before the checked range */
} eng_episode;

typedef struct eng_event {
	specsync_finding_kind kind;
	uint32_t req;       /* UINT32_MAX: unknown requirement (id in `id`) */
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
	uint32_t commit;    /* index into eng->commits; ENG_NO_COMMIT until a
			       finding or an episode needs it */
	char **paths;       /* merges: spec paths this commit changed, sorted */
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

typedef struct specsync_engine {
	specsync_repo *repo;
	const specsync_config *cfg;
	specsync_error *err;

	specsync_strmap files;     /* path -> eng_file */
	specsync_strmap parses;    /* cache key -> eng_parse */
	specsync_strmap req_index; /* id -> (index + 1) */
	eng_req *reqs;
	size_t req_count, req_alloc;

	specsync_arena arena;      /* commit infos and strings for findings */
	specsync_commit_info **commits; /* only those findings refer to */
	size_t commit_count, commit_alloc;
	/* Commits that entered the engine, recorded or not: every walked
	 * unit that compared trees, the commits its merge brought in, and
	 * those the checks add (what a check reports as walked). */
	size_t commit_total;
	int64_t time_first, time_last; /* author times of those commits, */
	bool have_times;               /* for specsync_result_time_span() */
	/* Every commit reachable from the walked ones, when the walk began at
	 * a root in this run: merges then find their branch's commits without
	 * a revision walk. */
	specsync_oidset reach;
	bool reach_valid;
	size_t walk_count;         /* first-parent commits walked in this run */
	struct specsync_prefetch *prefetch; /* while a long walk runs */

	eng_episode *episodes;
	size_t episode_count, episode_alloc;
	eng_event *events;
	size_t event_count, event_alloc;

	uint64_t all_sides;
	bool recording;            /* false before the baseline: no events */
	int32_t baseline_commit;   /* commit index of the baseline, or -1 */
	bool checking;             /* episodes opened now are not before_check */
	size_t check_start;        /* first commit index of the checked units */
	specsync_oid tree;         /* tree of the last walked commit */
	bool have_tree;

	eng_observer observer;
	void *observer_payload;
	specsync_progress_cb progress; /* NULL: none; see specsync_audit_options */
	void *progress_payload;

	/* acks.require_signature (signature.c): NULL until first needed */
	struct specsync_signature_state *signatures;

	/* Warnings about the input (documents skipped for their size), one
	 * per line, the first MAX_WARNING_LINES of warning_count; kept
	 * across specsync_engine_reset. */
	specsync_buf warnings;
	size_t warning_count;

	/* scratch */
	eng_file_change *changes;
	size_t change_count, change_alloc;
	uint32_t *touched;
	size_t touched_count, touched_alloc;
	uint8_t *touched_mark;
	size_t touched_mark_alloc;
	eng_accum *snapshot;
	size_t snapshot_alloc;
	eng_req_change *req_changes;
	size_t req_change_alloc;
	specsync_sections sections;
	specsync_sections_memo *section_memo; /* this thread's (sections.h) */
} specsync_engine;

int specsync_engine_init(specsync_engine *eng, specsync_repo *repo,
			 const specsync_config *cfg, specsync_error *err);
void specsync_engine_dispose(specsync_engine *eng);
/* Back to the initial state (same repository, configuration, observer). */
void specsync_engine_reset(specsync_engine *eng);

/* Adds one line to the warnings about the run itself (the cache), which
 * do not count among the skipped documents. */
void specsync_engine_warn(specsync_engine *eng, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A finding about the checked change itself that no policy lowers: an
 * invalid acknowledgement named `what` (not a requirement), at level error,
 * made by commit `meta` (trust.c: a push may not change who is who). */
int specsync_engine_add_refusal(specsync_engine *eng, const specsync_commit_meta *meta,
				const char *what, const char *reason);

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

/* Reads the commits reachable from `tip` and not from `hide` (NULL: none),
 * newest first. Dispose each and free(*metas). */
int specsync_engine_range_metas(specsync_engine *eng, const specsync_oid *tip,
				const specsync_oid *hide, specsync_commit_meta **metas,
				size_t *count);

/* Closes every pending episode as baselined and empties every pending set. */
void specsync_engine_baseline(specsync_engine *eng, uint32_t commit);

/* Walks the first-parent chain `chain[0..count)` (root first), continuing
 * from the last walked tree (eng->tree) when there is one. When
 * `baseline_at` < count, the baseline applies after that unit and nothing
 * is recorded before it. `mentions` in each head must be computed with
 * the configuration's ack_trailer. */
int specsync_engine_walk(specsync_engine *eng, const specsync_commit_head *chain, size_t count,
			 size_t baseline_at);

/* The index of requirement `id`, adding it when new. */
int specsync_engine_intern(specsync_engine *eng, const char *id, uint32_t *out);

/* Cache loading: records file `path` with parsed `entries` (always taken
 * over, even on failure). SPECSYNC_EINPUT when `path` is already recorded. */
int specsync_engine_adopt_file(specsync_engine *eng, const char *path, int side,
			       const specsync_oid *blob, eng_entry *entries, size_t count);

/* True when a blob looks binary (a NUL in its first 8000 bytes, as git). */
bool specsync_engine_is_binary(const char *data, size_t len);

/* The section splitter's options for a file of `side` at `path`. */
void specsync_engine_sections_options(specsync_sections_options *o, const specsync_engine *eng,
				      int side, const char *path);

/* The commit info of a reported unit's own commit, recorded on first use
 * (owned by the engine); NULL when out of memory. */
const specsync_commit_info *specsync_engine_unit_commit(specsync_engine *eng,
							 const eng_unit_report *unit);

/* Index of requirement `id`, or -1. */
int64_t specsync_engine_find(const specsync_engine *eng, const char *id);

/* Roles of letter `letter` for (`req`, `side`) from the RACI: role indices. */
const specsync_raci_cell *specsync_engine_cell(const specsync_engine *eng, const char *id,
					       int side);
bool specsync_engine_is_ra(const specsync_engine *eng, const char *id, int side,
			   const char *email, bool *has_roles);

#endif
