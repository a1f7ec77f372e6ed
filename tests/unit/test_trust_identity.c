/*
 * Identities from the trusted side (issue 11, items 2 and 3): .mailmap
 * from the revision the rules came from, the acks: configuration, and
 * reading the signer from git verify-commit's output.
 */
#include "testutil.h"
#include "common.h"
#include "config.h"
#include "git.h"
#include "signature.h"
#include "cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE                                                                                       \
	"version: 1\n"                                                                             \
	"requirements:\n"                                                                          \
	"  id: 'REQ-[0-9]+'\n"                                                             \
	"sides:\n"                                                                                 \
	"  functional:\n"                                                                          \
	"    paths: [\"f/**\"]\n"                                                                  \
	"  technical:\n"                                                                           \
	"    paths: [\"t/**\"]\n"                                                                  \
	"roles:\n"                                                                                 \
	"  amoa: {members: [\"a@x.org\"]}\n"                                                       \
	"  amoe: {members: [\"e@x.org\"]}\n"                                                       \
	"raci:\n"                                                                                  \
	"  - scope: '*'\n"                                                                         \
	"    functional: {R: amoa, A: amoa}\n"                                                     \
	"    technical: {R: amoe, A: amoe}\n"

static void test_acks_defaults_and_values(void **state)
{
	specsync_config *cfg = NULL;
	specsync_error err;
	const char *on = BASE "acks:\n  require_signature: true\n"
			      "  allowed_signers: .specsync/allowed_signers\n";

	(void)state;
	assert_int_equal(specsync_config_parse(&cfg, BASE, strlen(BASE), "t.yml", &err), 0);
	assert_false(cfg->ack_require_signature);
	assert_null(cfg->ack_allowed_signers);
	specsync_config_free(cfg);
	assert_int_equal(specsync_config_parse(&cfg, on, strlen(on), "t.yml", &err), 0);
	assert_true(cfg->ack_require_signature);
	assert_string_equal(cfg->ack_allowed_signers, ".specsync/allowed_signers");
	specsync_config_free(cfg);
}

static void expect_acks_error(const char *acks, unsigned line, unsigned column,
			      const char *needle)
{
	specsync_config *cfg = NULL;
	specsync_error err;
	char text[2048];

	snprintf(text, sizeof(text), "%s%s", BASE, acks);
	assert_int_equal(specsync_config_parse(&cfg, text, strlen(text), "t.yml", &err),
			 SPECSYNC_ECONFIG);
	assert_null(cfg);
	if (err.line != line || err.column != column || !strstr(err.message, needle))
		fail_msg("got %u:%u \"%s\"\nexpected %u:%u \"%s\"", err.line, err.column,
			 err.message, line, column, needle);
}

static void test_acks_errors(void **state)
{
	(void)state;
	expect_acks_error("acks:\n  require_signatures: true\n", 17, 3,
			  "acks: unknown key \"require_signatures\" (did you mean "
			  "\"require_signature\"?");
	expect_acks_error("acks:\n  require_signature: yes\n", 17, 22,
			  "acks.require_signature: unknown value \"yes\"");
	expect_acks_error("acks: true\n", 16, 7, "acks: expected a mapping");
	expect_acks_error("acks:\n  allowed_signers: /etc/ssh/keys\n", 17, 20,
			  "acks.allowed_signers: \"/etc/ssh/keys\" is not a path inside the "
			  "repository");
	expect_acks_error("acks:\n  allowed_signers: ../keys\n", 17, 20, "\"../keys\" is not");
	expect_acks_error("acks:\n  allowed_signers: a//b\n", 17, 20, "\"a//b\" is not");
	expect_acks_error("acks:\n  allowed_signers: keys/\n", 17, 20, "\"keys/\" is not");
}

static void expect_signer(const char *output, const char *signer)
{
	char *got = specsync_signature_signer_of(output);

	if (!signer)
		assert_null(got);
	else
		assert_string_equal(got, signer);
	free(got);
}

static void test_signer_of(void **state)
{
	(void)state;
	expect_signer("Good \"git\" signature for Pauline@Example.org with ED25519 key "
		      "SHA256:abc\n",
		      "pauline@example.org");
	/* a good signature by a key no principal holds: nobody */
	expect_signer("Good \"git\" signature with ED25519 key SHA256:abc\nNo principal "
		      "matched.\n",
		      NULL);
	expect_signer("[GNUPG:] NEWSIG\n[GNUPG:] KEY_CONSIDERED 0123 0\n[GNUPG:] GOODSIG "
		      "0123456789ABCDEF Pauline Roux <pauline@example.org>\n[GNUPG:] VALIDSIG "
		      "x\n",
		      "pauline@example.org");
	expect_signer("[GNUPG:] BADSIG 0123456789ABCDEF Pauline Roux <pauline@example.org>\n",
		      NULL);
	expect_signer("[GNUPG:] GOODSIG 0123456789ABCDEF no e-mail\n", NULL);
	expect_signer("", NULL);
	/* git's lines only at the start of a line */
	expect_signer("x Good \"git\" signature for a@b with k\n", NULL);
}

static void expect_mapped(specsync_repo *repo, const char *email, const char *expected)
{
	char *name = NULL, *out = NULL;

	assert_int_equal(specsync_git_mailmap(&name, &out, repo, "M", email), 0);
	assert_string_equal(out, expected);
	free(name);
	free(out);
}

/* .mailmap from a revision: the work tree's and other commits' do not
 * count; a revision without one maps nobody. */
static void test_mailmap_from_revision(void **state)
{
	tu_repo r;
	specsync_repo *repo = NULL;
	specsync_error err;
	char c1[41], c2[41];

	(void)state;
	tu_repo_init(&r);
	git_oid_tostr(c1, sizeof(c1), tu_commit(&r, "a@x.org", "no mailmap", "README", "x\n", NULL));
	git_oid_tostr(c2, sizeof(c2),
		      tu_commit(&r, "a@x.org", "mailmap", ".mailmap",
				"Eve <e@x.org> <mallory@evil.org>\n", NULL));
	tu_write(r.dir, ".mailmap", "Alice <a@x.org> <mallory@evil.org>\n");
	assert_int_equal(specsync_repo_open(&repo, r.dir, 0, &err), 0);
	/* as git: the work tree's, until told otherwise */
	assert_null(specsync_repo_trusted_rev(repo));
	expect_mapped(repo, "mallory@evil.org", "a@x.org");
	assert_int_equal(specsync_repo_trust_rev(repo, c1, &err), 0);
	assert_string_equal(specsync_repo_trusted_rev(repo), c1);
	expect_mapped(repo, "mallory@evil.org", "mallory@evil.org");
	assert_int_equal(specsync_repo_trust_rev(repo, "HEAD", &err), 0);
	assert_string_equal(specsync_repo_trusted_rev(repo), c2);
	expect_mapped(repo, "mallory@evil.org", "e@x.org");
	expect_mapped(repo, "Mallory@Evil.org", "e@x.org");
	/* a revision that does not exist changes nothing */
	assert_int_equal(specsync_repo_trust_rev(repo, "no-such-branch", &err),
			 SPECSYNC_ENOTFOUND);
	assert_string_equal(specsync_repo_trusted_rev(repo), c2);
	expect_mapped(repo, "mallory@evil.org", "e@x.org");
	specsync_repo_free(repo);
	tu_repo_free(&r);
}

/* The cache key follows the identities' bytes, not the revision they came
 * from: a server's HEAD moves with every push, its .mailmap seldom. */
static void test_cache_key_by_content(void **state)
{
	tu_repo r;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_cache c;
	specsync_error err;
	specsync_hash128 k1, k2, k3;
	char a[41], b[41], d[41];

	(void)state;
	tu_repo_init(&r);
	git_oid_tostr(a, sizeof(a), tu_commit(&r, "a@x.org", "one", ".mailmap",
					      "A <a@x.org> <a@old.org>\n", NULL));
	git_oid_tostr(b, sizeof(b), tu_commit(&r, "a@x.org", "two", "README", "x\n", NULL));
	git_oid_tostr(d, sizeof(d), tu_commit(&r, "a@x.org", "three", ".mailmap",
					      "A <a@x.org> <mallory@evil.org>\n", NULL));
	assert_int_equal(specsync_repo_open(&repo, r.dir, 0, &err), 0);
	assert_int_equal(specsync_config_parse(&cfg, BASE, strlen(BASE), "t.yml", &err), 0);
	assert_int_equal(specsync_repo_trust_rev(repo, a, &err), 0);
	specsync_cache_init(&c, repo, cfg, NULL, true);
	k1 = c.salt;
	specsync_cache_dispose(&c);
	assert_int_equal(specsync_repo_trust_rev(repo, b, &err), 0);
	specsync_cache_init(&c, repo, cfg, NULL, true);
	k2 = c.salt;
	specsync_cache_dispose(&c);
	assert_int_equal(specsync_repo_trust_rev(repo, d, &err), 0);
	specsync_cache_init(&c, repo, cfg, NULL, true);
	k3 = c.salt;
	specsync_cache_dispose(&c);
	assert_true(k1.h1 == k2.h1 && k1.h2 == k2.h2);
	assert_false(k1.h1 == k3.h1 && k1.h2 == k3.h2);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	tu_repo_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acks_defaults_and_values),
		cmocka_unit_test(test_acks_errors),
		cmocka_unit_test(test_signer_of),
		cmocka_unit_test(test_mailmap_from_revision),
		cmocka_unit_test(test_cache_key_by_content),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
