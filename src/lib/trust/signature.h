/*
 * Who acknowledges: with `acks.require_signature`, the signer of the
 * commit, as git verifies it, instead of the author and Co-authored-by
 * lines it claims.
 *
 * git verifies (`git verify-commit --raw`, run without a shell, its
 * arguments as argv): SSH signatures against the allowed signers file of
 * `acks.allowed_signers` read from the revision the rules came from
 * (specsync_repo_trust_rev; else the work tree, else HEAD), OpenPGP ones
 * against the machine's keyring. The signer is the SSH principal (an
 * e-mail, as written in the allowed signers file) or the e-mail of the
 * OpenPGP key's user id; .mailmap never applies to it.
 */
#ifndef SPECSYNC_SIGNATURE_H
#define SPECSYNC_SIGNATURE_H

#include "engine.h"
#include "message.h"
#include "hash.h"

struct specsync_signature_state;

/*
 * The identity whose acknowledgements of `meta` count. Without
 * acks.require_signature: *acker is the (mailmapped) author, co-authors
 * count too. With it: *acker is the verified signer (malloc'ed) and `mi`
 * loses its co-authors; when there is none, *acker is NULL and `refusal`
 * says why (unsigned, not verified, no allowed signer). The commit of
 * `check --staged` does not exist yet: its author stands, the push hooks
 * and CI verify the signature. Free *acker with free() (*owned tells
 * whether it must be). < 0 only on errors that stop the run.
 */
int specsync_signature_acker(const char **acker, bool *owned, char *refusal, size_t size,
			     specsync_engine *eng, const specsync_commit_meta *meta,
			     specsync_message_info *mi);

/* The signer named by `git verify-commit --raw` output: the SSH principal
 * of `Good "git" signature for PRINCIPAL with ...`, or the e-mail of
 * `[GNUPG:] GOODSIG KEYID Name <email>`; malloc'ed, lower-case; NULL when
 * none (no principal matched, or a bad signature). */
char *specsync_signature_signer_of(const char *output);

/*
 * Adds to a cache key what decides identities besides the configuration:
 * the bytes of .mailmap and, with acks.require_signature, of the allowed
 * signers file, from the trusted revision (specsync_repo_trust_rev) or
 * else the work tree: a state computed with other identities must not be
 * reused, one computed with the same ones must.
 */
void specsync_signature_cache_key(specsync_hasher *h, specsync_repo *repo,
				  const specsync_config *cfg);

/* Releases what the engine kept for verifications (a temporary copy of the
 * allowed signers file). Accepts NULL. */
void specsync_signature_state_free(struct specsync_signature_state *state);

#endif
