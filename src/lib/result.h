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
	char rules_from[41];        /* specsync_result_rules_from, "" when none */
	int64_t first_time, last_time; /* see specsync_result_time_span() */
	const char **changed;       /* checks: requirements the change modified */
	size_t changed_count;
	char *warnings;             /* NULL, or lines (malloc'ed) */
	specsync_skipped_file *skipped; /* in the arena; see skipped.h */
	size_t skipped_count;
	struct cell_roles *cell_roles; /* in the arena: result.c's role lists
					  of each RACI cell met */
};

/*
 * Builds the result from the engine's final state. Takes over the engine's
 * arena (commit infos and event strings); the engine can then only be
 * disposed. The configuration must outlive the result.
 */
int specsync_result_build(specsync_result **out, specsync_engine *eng, const char *head,
			  size_t commit_count, int64_t now, specsync_error *err);

/* Natural order of requirement IDs: digit runs compare by value. */
/*
 * The result's order of n findings yet to be made, into `order` (n
 * indices into the arrays): by `rank` (0 live unsynced, 1 closed
 * unsynced, 2 out-of-role, 3 invalid acknowledgement), unsynced ones by
 * requirement (natural ID order of reqs[i]) and lagging side name
 * (sides[i]), ties in the arrays' order. 0 or SPECSYNC_ENOMEM.
 */
int specsync_result_order(uint32_t *order, const uint8_t *rank, const uint32_t *reqs,
			  const uint32_t *sides, size_t n, const eng_view *eng);

/* Appends the line `line` to the result's warnings; -1 when out of memory
 * (the warning is lost). */
int specsync_result_warn(specsync_result *res, const char *line);

int specsync_id_cmp(const char *a, const char *b);

/* ---- policy -----------------------------------------------------------------
 * Which findings are live and which count, once for every format and for
 * the exit status.
 */

typedef enum {
	SPECSYNC_CI_SKIP = 0,    /* not reported: closed, or resolved by the check */
	SPECSYNC_CI_NOTE = 1,    /* reported, does not count: open before the check */
	SPECSYNC_CI_WARNING = 2, /* counts, policy `warning` */
	SPECSYNC_CI_ERROR = 3    /* counts, policy `error`: the exit status is 1 */
} specsync_ci_level;

/* True for an open or new finding (an unsynchronised episode still open at
 * the head, or an event the policy reports). */
bool specsync_finding_is_live(const specsync_finding *f);

/* True for checks (staged, range, base), false for audits. */
bool specsync_result_is_check(const specsync_result *r);

/* True when the finding counts towards the exit status: in a check the
 * `new` ones, in an audit the open ones. */
bool specsync_finding_counts(const specsync_result *r, const specsync_finding *f);

/* How the CI formats report the finding: counting ones at their policy
 * level, a check's `open` ones as notes, the others not at all. */
specsync_ci_level specsync_ci_level_of(const specsync_result *r, const specsync_finding *f);

/* The requirement `id` at the revision, or NULL. */
const specsync_requirement *specsync_result_find(const specsync_result *r, const char *id);

/* Index of side `name` in the configuration, or -1. */
int specsync_side_index(const specsync_config *cfg, const char *name);

#endif
