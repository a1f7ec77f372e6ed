/*
 * A push or a pull request may not change who is who.
 *
 * Checks read identities (.mailmap, and the allowed signers file of
 * acks.allowed_signers) from the trusted revision, never from the commits
 * they check. But a change to those files, once accepted, is trusted by the
 * next check: a .mailmap pushed first, then a forged acknowledgement, would
 * pass in two pushes. So a checked change that adds to one of them a line
 * naming a role member's e-mail must be made by that person or by a member
 * of an Accountable role (with acks.require_signature, its verified
 * signer); otherwise it is refused with an invalid-ack finding named after
 * the file, at level error whatever the policy.
 */
#ifndef SPECSYNC_TRUST_H
#define SPECSYNC_TRUST_H

#include "engine.h"

/*
 * The commits of a checked range as the check read them: all of them
 * (`metas`, newest first, as specsync_walk_commits gives them: check
 * --base), or its first-parent commits (`units`, oldest first: check
 * --range; the commits merges bring in are then found here).
 */
typedef struct specsync_trust_range {
	const specsync_commit_meta *metas;
	size_t meta_count;
	const specsync_commit_head *units;
	size_t unit_count;
} specsync_trust_range;

/*
 * Checks the commits reachable from `to` and not from `from` (`range`)
 * when the identity files differ between the two; the findings go to the
 * engine. Only the commits that change an identity file are read further
 * (their author, their signature, the file before and after); a commit the
 * check did not read already is read only then. `from` NULL (a range from
 * the first commit, as a first push into an empty repository, whose own
 * commits give the rules): nothing to check. < 0 on errors that stop the
 * run.
 */
int specsync_trust_guard(specsync_engine *eng, const specsync_oid *from, const specsync_oid *to,
			 const specsync_trust_range *range);

/*
 * The e-mails a line of an identity file names, lower-case, into out[]
 * (at most `max`): every <address> of a .mailmap line (`mailmap` true),
 * the comma-separated principals (first field) of an allowed signers line.
 * Blank and comment lines name none. Returns their number.
 */
size_t specsync_trust_line_emails(char out[][256], size_t max, const char *line, size_t len,
				  bool mailmap);

#endif
