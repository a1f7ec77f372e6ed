/*
 * The pending-side model, as pure functions: no repository, no state of
 * their own; the engine (engine.h) applies what they decide to its tables.
 *
 * For a unit that changes requirement R on the set of sides C:
 *  1. R present on no side afterwards: pending := {} (retired);
 *  2. else C subset of pending: the unit responds, pending -= C;
 *  3. else the unit initiates a change: pending := all sides - C
 *     ("synchronised" when that is empty).
 * A valid acknowledgement then empties pending: one by a Responsible or
 * Accountable (author or co-author) of a pending side.
 *
 * Each (requirement, side) in pending has one open episode: it opens when
 * the side enters pending, is extended by every unit that initiates a
 * change while the side stays pending, and closes as resolved,
 * acknowledged or baselined.
 *
 * An edit of a side is out of role when that side has Responsible or
 * Accountable roles for R and the author holds none of them. In a merge
 * unit, the authors who answer are those of the merged commits that changed
 * a file of the side carrying R; when none did, the merge's own author.
 */
#ifndef SPECSYNC_RULES_H
#define SPECSYNC_RULES_H

#include "config.h"

/* What one unit does to one requirement's pending set. */
typedef struct specsync_rules_step {
	uint64_t after;    /* the pending set afterwards */
	bool initiated;    /* rule 3: open episodes are extended */
	const char *event; /* "retired", "responded", "initiated", "synchronised" */
} specsync_rules_step;

/* The step for a unit that changed the sides `changed` (not 0) of a
 * requirement pending on `before`, present afterwards on `present`, among
 * the sides `all`. */
specsync_rules_step specsync_rules_next(uint64_t before, uint64_t changed, uint64_t present,
					uint64_t all);

typedef enum specsync_episode_move {
	SPECSYNC_EPISODE_KEEP,  /* nothing happens to the side's episode */
	SPECSYNC_EPISODE_OPEN,  /* the side enters pending */
	SPECSYNC_EPISODE_CLOSE, /* the side leaves pending */
	SPECSYNC_EPISODE_EXTEND /* still pending, and the unit initiated a change */
} specsync_episode_move;

/* What a step from `before` to `after` does to the episode of `side`. */
specsync_episode_move specsync_rules_episode(uint64_t before, uint64_t after, bool initiated,
					     int side);

/* The RACI cell of requirement `id` on `side`, or NULL when none. */
const specsync_raci_cell *specsync_rules_cell(const specsync_config *cfg, const char *id, int side);

/* Is `email` (may be NULL) a Responsible or Accountable of `id` on `side`?
 * *has_roles: whether that cell names any R or A role at all. */
bool specsync_rules_is_ra(const specsync_config *cfg, const char *id, int side, const char *email,
			  bool *has_roles);

/* May `email` or one of its `coauthor_count` co-authors acknowledge `id`,
 * pending on `pending`? */
bool specsync_rules_ack_allowed(const specsync_config *cfg, const char *id, uint64_t pending,
				const char *email, char *const *coauthors, size_t coauthor_count);

/* Is an edit of `side` of `id` by `email` out of role? */
bool specsync_rules_out_of_role(const specsync_config *cfg, const char *id, int side,
				const char *email);

/* The findings' messages (into out[size], truncated). */
void specsync_rules_unknown_ack(char *out, size_t size, const char *name, const char *email,
				const char *id);
/*
 * An acknowledgement of `id` by `name` <`email`> that does not count:
 * made by a signer `signer` not in a role that may (`email` unused), else
 * made by nobody (`refusal` says why: unsigned, not verified), else (both
 * NULL) made by an author not in a role that may.
 */
void specsync_rules_refused_ack(char *out, size_t size, const char *name, const char *email,
				const char *id, const char *signer, const char *refusal);
void specsync_rules_out_of_role_text(char *out, size_t size, const char *name, const char *email,
				     const char *side, const char *id);

#endif
