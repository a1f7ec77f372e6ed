/*
 * The engine's state: private to the engine's own files (engine.c,
 * engine_parse.c, engine_rules.c, engine_unit.c, engine_codec.c). Everyone else goes
 * through engine.h.
 */
#ifndef SPECSYNC_ENGINE_IMPL_H
#define SPECSYNC_ENGINE_IMPL_H

#include "engine.h"

struct specsync_engine {
	specsync_repo *repo;
	const specsync_config *cfg;
	specsync_error *err;

	specsync_strmap files;     /* path -> eng_file */
	specsync_strmap parses;    /* cache key -> eng_parse */
	specsync_strmap req_index; /* id -> (index + 1) */
	eng_req *reqs;
	size_t req_count, req_alloc;

	specsync_arena arena;           /* commit infos and strings for findings */
	specsync_strmap interned;       /* author names, e-mails, IDs -> their
					   one copy in the arena */
	specsync_commit_info **commits; /* only those findings refer to */
	size_t commit_count, commit_alloc;
	/* Commits that entered the engine, recorded or not: every walked
	 * unit that compared trees, the commits its merge brought in, and
	 * those the checks add (what a check reports as walked). */
	size_t commit_total;
	int64_t time_first, time_last; /* author times of those commits, */
	bool have_times;               /* for specsync_result_time_span() */

	eng_episode *episodes;
	size_t episode_count, episode_alloc;
	specsync_arena episode_arena; /* a loaded state's episodes' commit
					 lists, tens of thousands of small
					 arrays (the result does not take it) */
	eng_event *events;
	size_t event_count, event_alloc;

	uint64_t all_sides;
	bool recording;          /* false before the baseline: no events */
	int32_t baseline_commit; /* commit index of the baseline, or -1 */
	bool checking;           /* episodes opened now are not before_check */
	bool tip_only;           /* loaded without the closed history */
	size_t check_start;      /* first commit index of the checked units */
	eng_walk walk;           /* where the walk stands */

	eng_observer observer;
	void *observer_payload;

	/* acks.require_signature (signature.c): NULL until first needed */
	struct specsync_signature_state *signatures;
	void (*signatures_free)(struct specsync_signature_state *);

	/* Warnings about the input (documents skipped for their size), one
	 * per line, the first MAX_WARNING_LINES of warning_count; kept
	 * across specsync_engine_reset. */
	specsync_buf warnings;
	size_t warning_count;

	/* scratch */
	eng_changes changes; /* the unit being applied */
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
};

int specsync_engine_init(specsync_engine *eng, specsync_repo *repo, const specsync_config *cfg,
			 specsync_error *err);
void specsync_engine_dispose(specsync_engine *eng);

/* The arena's one copy of `s` (NULL gives NULL): names and e-mails repeat
 * over thousands of events. NULL when out of memory (arena.failed set). */
const char *specsync_engine_shared_str(specsync_engine *eng, const char *s);

/* Could a spec file be under directory `dir`? (`payload`: the engine) */
bool specsync_engine_descend(const char *dir, void *payload);

/* engine_parse.c: the parse cache. */
void specsync_engine_parse_release(specsync_engine *eng, eng_parse *p);
int specsync_engine_parse_key(char *key, size_t size, const specsync_oid *blob, int side,
			      const char *path, const specsync_config *cfg);
/* The parse of `blob` as a file of `side` at `path`, with a new reference. */
int specsync_engine_parse_blob(specsync_engine *eng, eng_parse **out, const specsync_oid *blob,
			       int side, const char *path);
/* The new blob's parse from the split queued ahead (fc->job). */
int specsync_engine_parse_queued(specsync_engine *eng, eng_file_change *fc);

/* engine_rules.c: rules.c's decisions applied to the state. */
int specsync_engine_apply_rules(specsync_engine *eng, eng_actor *actor, size_t *nchanged);
int specsync_engine_apply_acks(specsync_engine *eng, eng_actor *actors, size_t count);
int specsync_engine_check_roles(specsync_engine *eng, size_t nchanged, eng_actor *actors,
				size_t count, bool is_merge);
void specsync_engine_actors_dispose(eng_actor *actors, size_t count);

#endif
