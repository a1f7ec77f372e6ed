/*
 * Escalation by age (policy.escalate) and the reviewers a pull request
 * should request: governance applied to a built result, after the engine's
 * rules. Neither changes what is pending; escalation raises a level.
 */
#ifndef SPECSYNC_ESCALATE_H
#define SPECSYNC_ESCALATE_H

#include "specsync.h"
#include "result.h"

/*
 * For every live unsynchronised finding (audit: open; check: new or open),
 * sets `age` to `ref` minus the time of the commit that opened it and,
 * when its lagging side has an escalation age that `age` reaches, marks it
 * escalated and raises its level to the escalation's. `ref` is the
 * committer time of the revision examined (never the clock); 0 leaves
 * everything as it is.
 */
void specsync_escalate_apply(specsync_result *res, int64_t ref);

/*
 * check --base: for every unsynchronised finding the change left behind
 * (`new`), the
 * people to request a review from: the members of the lagging side's
 * Responsible roles, then those of the Consulted roles of each changed
 * side, each once, as "Name <email>" (or the e-mail alone). Strings live in
 * the result's arena. SPECSYNC_ENOMEM on failure.
 */
int specsync_reviewers_apply(specsync_result *res);

#endif
