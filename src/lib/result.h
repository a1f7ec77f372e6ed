/*
 * The result of an audit or a check: findings and requirements, with all
 * their strings in one arena. Built from an engine by result.c.
 */
#ifndef SPECSYNC_RESULT_H
#define SPECSYNC_RESULT_H

#include "specsync.h"
#include "arena.h"
#include "engine.h"

struct specsync_result {
	specsync_arena arena;
	const specsync_config *cfg; /* not owned: must outlive the result */
	char head[41];
	char *head_ref;             /* symbolic name given, e.g. "HEAD" */
	size_t commit_count;        /* first-parent commits walked */
	specsync_finding *findings;
	size_t finding_count;
	specsync_requirement *requirements;
	size_t requirement_count;
	const specsync_commit_info *baseline;
	int64_t now;
	const char *mode;           /* "audit", "staged", "range", "base" */
	char base[41];              /* checks: where the checked change starts */
	int64_t first_time, last_time; /* see specsync_result_time_span() */
	const char **changed;       /* checks: requirements the change modified */
	size_t changed_count;
};

/*
 * Builds the result from the engine's final state. Takes over the engine's
 * arena (commit infos and event strings); the engine can then only be
 * disposed. The configuration must outlive the result.
 */
int specsync_result_build(specsync_result **out, specsync_engine *eng, const char *head,
			  size_t commit_count, int64_t now, specsync_error *err);

/* Natural order of requirement IDs: digit runs compare by value. */
int specsync_id_cmp(const char *a, const char *b);

#endif
