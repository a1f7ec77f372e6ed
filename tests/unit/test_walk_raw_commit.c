/*
 * The merged commits' authors and messages, read from the raw commits the
 * walk already holds (raw_commit.h), are what libgit2's commit parser
 * gives: for odd but valid headers (crud around names, several '<', time
 * zones out of range, extra headers, leading newlines, a NUL in the
 * message, no message at all) the raw reading must agree with
 * git_commit_lookup() field by field, and it must leave to libgit2 what it
 * does not read plainly (two author lines, no time zone, no committer).
 */
#include "testutil.h"

#include <string.h>

#include "raw_commit.h"

#define TREE "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
#define PARENT "parent 8ab686eafeb1f44702738c8b0f24f2567c36da6d\n"
#define COMMITTER "committer C O <c@example.org> 1700000500 +0000\n"

typedef struct raw_case {
	const char *what;
	const char *data;
	size_t len; /* 0: strlen(data) */
	bool plain; /* read here (else left to libgit2) */
} raw_case;

static const raw_case cases[] = {
	{"plain",
	 TREE PARENT "author Ann Lee <ann@example.org> 1700000000 +0100\n" COMMITTER
		     "\nsubject\n\nbody\n",
	 0, true},
	{"two parents, crud around the name and e-mail",
	 TREE PARENT PARENT
	 "author   .Ann, Lee;:  <  ann@example.org\"> 1700000000 -0230\n" COMMITTER "\nmerge\n",
	 0, true},
	{"a '<' and a '>' in the name",
	 TREE "author A <b> C <c@example.org> 17 +0000\n" COMMITTER "\nm\n", 0, true},
	{"a '>' in the e-mail", TREE "author A <c>d@example.org> 17 +0000\n" COMMITTER "\nm\n", 0,
	 true},
	{"time zone over 14 hours", TREE "author A <a@b> 1700000000 +1500\n" COMMITTER "\nm\n", 0,
	 true},
	{"time zone minutes over 59", TREE "author A <a@b> 1700000000 -0160\n" COMMITTER "\nm\n", 0,
	 true},
	{"leading zeros in the time", TREE "author A <a@b> 0001700000000 +0000\n" COMMITTER "\nm\n",
	 0, true},
	{"empty name", TREE "author <a@b> 1 +0000\n" COMMITTER "\nm\n", 0, true},
	{"extra headers",
	 TREE "author A <a@b> 5 +0000\n" COMMITTER "encoding ISO-8859-1\n"
	      "gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n"
	      "\nsigned\n",
	 0, true},
	{"leading newlines in the message", TREE "author A <a@b> 5 +0000\n" COMMITTER "\n\n\n\nm\n",
	 0, true},
	{"no empty line: no message", TREE "author A <a@b> 5 +0000\n" COMMITTER, 0, true},
	{"an empty message", TREE "author A <a@b> 5 +0000\n" COMMITTER "\n", 0, true},
	{"CRLF in the message", TREE "author A <a@b> 5 +0000\n" COMMITTER "\nm\r\n\r\nb\r\n", 0,
	 true},
	{"a NUL in the message", TREE "author A <a@b> 5 +0000\n" COMMITTER "\nab\0cd\n",
	 sizeof(TREE "author A <a@b> 5 +0000\n" COMMITTER "\nab\0cd\n") - 1, true},
	{"two author lines",
	 TREE "author A <a@b> 5 +0000\nauthor B <b@c> 6 +0000\n" COMMITTER "\nm\n", 0, false},
	{"no time zone", TREE "author A <a@b> 5\n" COMMITTER "\nm\n", 0, false},
	{"no committer", TREE "author A <a@b> 5 +0000\n\nm\n", 0, false},
	{"a NUL in the name", TREE "author A\0B <a@b> 5 +0000\n" COMMITTER "\nm\n",
	 sizeof(TREE "author A\0B <a@b> 5 +0000\n" COMMITTER "\nm\n") - 1, false},
};

static void expect_like_libgit2(git_repository *repo, const raw_case *c)
{
	size_t len = c->len ? c->len : strlen(c->data);
	specsync_commit_meta m;
	git_odb *odb;
	git_oid id;
	git_commit *commit;
	const git_signature *a;
	int plain;

	memset(&m, 0, sizeof(m));
	plain = specsync_raw_commit_meta(&m, c->data, len);
	if (!c->plain) {
		if (plain != 0)
			fail_msg("%s: read, expected to be left to libgit2", c->what);
		return;
	}
	if (plain != 1)
		fail_msg("%s: left to libgit2, expected to be read", c->what);
	assert_int_equal(git_repository_odb(&odb, repo), 0);
	assert_int_equal(git_odb_write(&id, odb, c->data, len, GIT_OBJECT_COMMIT), 0);
	git_odb_free(odb);
	assert_int_equal(git_commit_lookup(&commit, repo, &id), 0);
	a = git_commit_author(commit);
	if (strcmp(m.author_name, a->name) || strcmp(m.author_email, a->email))
		fail_msg("%s: author '%s' <%s>, libgit2 '%s' <%s>", c->what, m.author_name,
			 m.author_email, a->name, a->email);
	if (m.time != a->when.time || m.offset != a->when.offset ||
	    m.commit_time != git_commit_time(commit))
		fail_msg("%s: times %lld %d %lld, libgit2 %lld %d %lld", c->what, (long long)m.time,
			 m.offset, (long long)m.commit_time, (long long)a->when.time,
			 a->when.offset, (long long)git_commit_time(commit));
	if (strcmp(m.message, git_commit_message(commit)))
		fail_msg("%s: message '%s', libgit2 '%s'", c->what, m.message,
			 git_commit_message(commit));
	git_commit_free(commit);
	specsync_commit_meta_dispose(&m);
}

static void test_raw_commits_read_as_libgit2(void **state)
{
	tu_repo r;

	(void)state;
	tu_repo_init(&r);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_like_libgit2(r.repo, &cases[i]);
	tu_repo_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_commits_read_as_libgit2),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
