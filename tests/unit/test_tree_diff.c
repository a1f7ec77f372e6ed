/*
 * specsync_git_diff_trees (raw trees, skipping the entries two versions
 * share) reports exactly the changes libgit2's own tree diff finds: random
 * trees whose names sort close together ("a", "a-b", "a.b", "ab", a
 * directory and a file of one name), edited, deleted, added, with mode and
 * kind changes, in small trees and in a 300-entry one changed in one place.
 */
#include "testutil.h"
#include "git.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILES 400

typedef struct file {
	char path[64];
	int content; /* which blob */
	bool exec;
} file;

typedef struct version {
	file f[MAX_FILES];
	size_t n;
} version;

static const char *const NAMES[] = {"a",      "a-b",        "a.b",     "ab", "b",
				    "config", "config.txt", "configx", "c"};
#define NNAMES (sizeof(NAMES) / sizeof(*NAMES))

static unsigned rng = 12345;

static unsigned next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) & 0xffffff;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const file *)a)->path, ((const file *)b)->path);
}

/* true when `path` is a file of v or a directory above one of its files */
static bool taken(const version *v, const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < v->n; i++) {
		const char *p = v->f[i].path;
		if (strcmp(p, path) == 0 || (strncmp(p, path, n) == 0 && p[n] == '/') ||
		    (strncmp(path, p, strlen(p)) == 0 && path[strlen(p)] == '/'))
			return true;
	}
	return false;
}

static void add_random(version *v)
{
	char path[64];
	int depth = 1 + (int)(next_rand() % 3);

	path[0] = '\0';
	for (int d = 0; d < depth; d++) {
		if (d)
			strcat(path, "/");
		strcat(path, NAMES[next_rand() % NNAMES]);
	}
	if (v->n >= MAX_FILES || taken(v, path))
		return;
	strcpy(v->f[v->n].path, path);
	v->f[v->n].content = (int)(next_rand() % 5);
	v->f[v->n].exec = next_rand() % 8 == 0;
	v->n++;
}

static void mutate(version *v)
{
	int edits = 1 + (int)(next_rand() % 4);

	for (int e = 0; e < edits && v->n; e++) {
		size_t i = next_rand() % v->n;
		switch (next_rand() % 4) {
		case 0: /* content */
			v->f[i].content = (v->f[i].content + 1) % 5;
			break;
		case 1: /* mode */
			v->f[i].exec = !v->f[i].exec;
			break;
		case 2: /* deleted */
			v->f[i] = v->f[--v->n];
			break;
		default: /* added: may turn a deleted file's name into a directory */
			add_random(v);
		}
	}
}

/* The tree of v's files under `prefix` (length plen), from files [lo, hi). */
static void build(git_oid *out, git_repository *g, const version *v, size_t lo, size_t hi,
		  size_t plen)
{
	git_treebuilder *tb;
	size_t i = lo;

	assert_int_equal(git_treebuilder_new(&tb, g, NULL), 0);
	while (i < hi) {
		const char *rest = v->f[i].path + plen, *slash = strchr(rest, '/');
		char name[64];
		git_oid id;

		if (!slash) {
			char text[32];
			snprintf(text, sizeof(text), "content %d\n", v->f[i].content);
			assert_int_equal(git_blob_create_from_buffer(&id, g, text, strlen(text)),
					 0);
			assert_int_equal(
				git_treebuilder_insert(NULL, tb, rest, &id,
						       v->f[i].exec ? GIT_FILEMODE_BLOB_EXECUTABLE
								    : GIT_FILEMODE_BLOB),
				0);
			i++;
			continue;
		}
		size_t nlen = (size_t)(slash - rest), j = i;
		memcpy(name, rest, nlen);
		name[nlen] = '\0';
		while (j < hi && strncmp(v->f[j].path + plen, name, nlen) == 0 &&
		       v->f[j].path[plen + nlen] == '/')
			j++;
		build(&id, g, v, i, j, plen + nlen + 1);
		assert_int_equal(git_treebuilder_insert(NULL, tb, name, &id, GIT_FILEMODE_TREE), 0);
		i = j;
	}
	assert_int_equal(git_treebuilder_write(out, tb), 0);
	git_treebuilder_free(tb);
}

static void tree_of(specsync_oid *out, git_repository *g, version *v)
{
	git_oid id;

	qsort(v->f, v->n, sizeof(*v->f), cmp_file);
	build(&id, g, v, 0, v->n, 0);
	memcpy(out->id, id.id, 20);
}

/* A change as a line "path old new" (ids in hex, 0 when absent). */
typedef struct lines {
	char **s;
	size_t n;
} lines;

static void add_line(lines *l, const char *path, const unsigned char *o, const unsigned char *n)
{
	char hex_o[41] = "0", hex_n[41] = "0";
	git_oid id;

	if (o) {
		memcpy(id.id, o, 20);
		git_oid_tostr(hex_o, sizeof(hex_o), &id);
	}
	if (n) {
		memcpy(id.id, n, 20);
		git_oid_tostr(hex_n, sizeof(hex_n), &id);
	}
	l->s = realloc(l->s, (l->n + 1) * sizeof(*l->s));
	l->s[l->n] = malloc(strlen(path) + 90);
	sprintf(l->s[l->n++], "%s %s %s", path, hex_o, hex_n);
}

static int ours_cb(const specsync_tree_change *ch, void *payload)
{
	add_line(payload, ch->path, ch->old_id ? ch->old_id->id : NULL,
		 ch->new_id ? ch->new_id->id : NULL);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_lines(lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
}

/* Both diffs of a -> b agree, line for line. */
static void same_changes(specsync_repo *repo, git_repository *g, const specsync_oid *a,
			 const specsync_oid *b)
{
	lines ours = {0}, theirs = {0};
	git_tree *ta, *tb;
	git_diff *diff;
	git_oid ia, ib;

	assert_int_equal(specsync_git_diff_trees(repo, a, b, NULL, ours_cb, &ours, NULL), 0);
	memcpy(ia.id, a->id, 20);
	memcpy(ib.id, b->id, 20);
	assert_int_equal(git_tree_lookup(&ta, g, &ia), 0);
	assert_int_equal(git_tree_lookup(&tb, g, &ib), 0);
	assert_int_equal(git_diff_tree_to_tree(&diff, g, ta, tb, NULL), 0);
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		bool had = d->status != GIT_DELTA_ADDED, has = d->status != GIT_DELTA_DELETED;
		add_line(&theirs, has ? d->new_file.path : d->old_file.path,
			 had ? d->old_file.id.id : NULL, has ? d->new_file.id.id : NULL);
	}
	if (ours.n) /* qsort wants an array, even of nothing */
		qsort(ours.s, ours.n, sizeof(*ours.s), cmp_str);
	if (theirs.n)
		qsort(theirs.s, theirs.n, sizeof(*theirs.s), cmp_str);
	assert_int_equal(ours.n, theirs.n);
	for (size_t i = 0; i < ours.n; i++)
		assert_string_equal(ours.s[i], theirs.s[i]);
	free_lines(&ours);
	free_lines(&theirs);
	git_diff_free(diff);
	git_tree_free(ta);
	git_tree_free(tb);
}

static void random_trees(void **state)
{
	static version a, b;
	specsync_repo *repo;
	tu_repo r;
	size_t compared = 0;

	(void)state;
	tu_repo_init(&r);
	assert_int_equal(specsync_repo_open(&repo, r.dir, 0, NULL), 0);
	for (int round = 0; round < 300; round++) {
		specsync_oid ta, tb;
		int files = 1 + (int)(next_rand() % 30);

		a.n = 0;
		for (int i = 0; i < files; i++)
			add_random(&a);
		b = a;
		mutate(&b);
		tree_of(&ta, r.repo, &a);
		tree_of(&tb, r.repo, &b);
		same_changes(repo, r.repo, &ta, &tb);
		same_changes(repo, r.repo, &tb, &ta);
		compared += 2;
	}
	assert_int_equal(compared, 600);
	specsync_repo_free(repo);
	tu_repo_free(&r);
}

/* One wide tree, one entry changed at its start, middle or end, or one
 * added or removed there: only that entry is reported. */
static void wide_tree(void **state)
{
	static version a, b;
	specsync_repo *repo;
	tu_repo r;

	(void)state;
	tu_repo_init(&r);
	assert_int_equal(specsync_repo_open(&repo, r.dir, 0, NULL), 0);
	a.n = 0;
	for (int i = 0; i < 300; i++) {
		snprintf(a.f[a.n].path, sizeof(a.f[a.n].path), "doc/config-%03d.txt", i);
		a.f[a.n].content = i % 5;
		a.f[a.n++].exec = false;
	}
	for (size_t at = 0; at < 300; at += 37) {
		specsync_oid ta, tb;

		for (int how = 0; how < 3; how++) {
			b = a;
			if (how == 0)
				b.f[at].content = (b.f[at].content + 1) % 5;
			else if (how == 1)
				b.f[at] = b.f[--b.n];
			else
				snprintf(b.f[b.n++].path, sizeof(b.f[0].path),
					 "doc/config-%03zu.txtx", at);
			tree_of(&ta, r.repo, &a);
			tree_of(&tb, r.repo, &b);
			same_changes(repo, r.repo, &ta, &tb);
			same_changes(repo, r.repo, &tb, &ta);
		}
	}
	specsync_repo_free(repo);
	tu_repo_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_trees),
		cmocka_unit_test(wide_tree),
	};

	git_libgit2_init();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
