#define _XOPEN_SOURCE 700
#include "testutil.h"
#include "regex.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TU_EPOCH 1700000000 /* 2023-11-14, fixed for reproducible ids */

static void check(int error, const char *what)
{
	if (error < 0) {
		const git_error *e = git_error_last();
		fail_msg("%s: %s", what, e ? e->message : "unknown");
	}
}

char *tu_mkdtemp(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	char *dir;

	snprintf(tmpl, sizeof(tmpl), "%s/specsync-test-XXXXXX", base && *base ? base : "/tmp");
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	return strdup(dir);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_rmrf(const char *path)
{
	if (path)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void mkdirs_for(const char *file)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s", file);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", tmp, strerror(errno));
		*p = '/';
	}
}

void tu_write(const char *dir, const char *rel, const char *content)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s%s", dir,
		 dir[strlen(dir) - 1] == '/' ? "" : "/", rel);
	mkdirs_for(path);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

void tu_repo_init(tu_repo *r)
{
	char *d;
	size_t n;

	git_libgit2_init();
	d = tu_mkdtemp();
	n = strlen(d);
	r->dir = malloc(n + 2);
	memcpy(r->dir, d, n);
	r->dir[n] = '/';
	r->dir[n + 1] = '\0';
	free(d);
	check(git_repository_init(&r->repo, r->dir, 0), "init");
	r->clock = TU_EPOCH;
}

void tu_repo_free(tu_repo *r)
{
	git_repository_free(r->repo);
	tu_rmrf(r->dir);
	free(r->dir);
	git_libgit2_shutdown();
}

static git_signature *signature(tu_repo *r, const char *who)
{
	git_signature *sig;
	char name[256], email[256];
	const char *lt = strchr(who, '<');

	if (lt) {
		size_t n = (size_t)(lt - who);
		while (n && who[n - 1] == ' ')
			n--;
		snprintf(name, sizeof(name), "%.*s", (int)n, who);
		snprintf(email, sizeof(email), "%.*s", (int)strcspn(lt + 1, ">"), lt + 1);
	} else {
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(who, "@"), who);
		snprintf(email, sizeof(email), "%s", who);
	}
	check(git_signature_new(&sig, name, email, r->clock, 0), "signature");
	return sig;
}

/* Applies path/content pairs to a tree builder chain via the index. */
static void build_tree(tu_repo *r, git_tree *base, va_list ap, git_oid *out)
{
	git_index *index;
	const char *path;

	check(git_repository_index(&index, r->repo), "index");
	if (base)
		check(git_index_read_tree(index, base), "read tree");
	else
		check(git_index_clear(index), "clear");
	while ((path = va_arg(ap, const char *)) != NULL) {
		const char *content = va_arg(ap, const char *);
		if (content) {
			git_index_entry e;
			git_oid blob;
			check(git_blob_create_from_buffer(&blob, r->repo, content, strlen(content)),
			      "blob");
			memset(&e, 0, sizeof(e));
			e.path = path;
			e.mode = GIT_FILEMODE_BLOB;
			e.id = blob;
			check(git_index_add(index, &e), "index add");
		} else {
			git_index_remove(index, path, 0);
		}
	}
	check(git_index_write_tree(out, index), "write tree");
	check(git_index_write(index), "write index");
	git_index_free(index);
}

static const git_oid *do_commit(tu_repo *r, const char *author, const char *message,
				const git_oid *second, va_list ap)
{
	static git_oid id;
	git_oid tree_id, head_id;
	git_commit *parents[2] = { NULL, NULL };
	size_t nparents = 0;
	git_tree *base = NULL, *tree;
	git_signature *sig = signature(r, author);

	if (git_reference_name_to_id(&head_id, r->repo, "HEAD") == 0) {
		check(git_commit_lookup(&parents[0], r->repo, &head_id), "parent");
		check(git_commit_tree(&base, parents[0]), "parent tree");
		nparents = 1;
	}
	if (second) {
		check(git_commit_lookup(&parents[nparents], r->repo, second), "second parent");
		nparents++;
	}
	build_tree(r, base, ap, &tree_id);
	check(git_tree_lookup(&tree, r->repo, &tree_id), "tree");
	check(git_commit_create(&id, r->repo, "HEAD", sig, sig, NULL, message, tree, nparents,
				(const git_commit **)parents),
	      "commit");
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	git_signature_free(sig);
	r->clock += 86400;
	return &id;
}

const git_oid *tu_commitv(tu_repo *r, const char *author, const char *message, va_list ap)
{
	return do_commit(r, author, message, NULL, ap);
}

const git_oid *tu_commit(tu_repo *r, const char *author, const char *message, ...)
{
	const git_oid *id;
	va_list ap;

	va_start(ap, message);
	id = do_commit(r, author, message, NULL, ap);
	va_end(ap);
	return id;
}

const git_oid *tu_merge(tu_repo *r, const git_oid *other, const char *author,
			const char *message, ...)
{
	const git_oid *id;
	va_list ap;

	va_start(ap, message);
	id = do_commit(r, author, message, other, ap);
	va_end(ap);
	return id;
}

void tu_reset(tu_repo *r, const git_oid *id)
{
	git_reference *head, *ref = NULL;
	git_commit *c;
	git_tree *t;
	git_index *index;

	check(git_reference_lookup(&head, r->repo, "HEAD"), "HEAD");
	check(git_reference_resolve(&ref, head), "resolve HEAD");
	git_reference_free(head);
	{
		git_reference *moved;
		check(git_reference_set_target(&moved, ref, id, "tu_reset"), "set target");
		git_reference_free(moved);
	}
	git_reference_free(ref);
	check(git_commit_lookup(&c, r->repo, id), "commit");
	check(git_commit_tree(&t, c), "tree");
	check(git_repository_index(&index, r->repo), "index");
	check(git_index_read_tree(index, t), "read tree");
	check(git_index_write(index), "write index");
	git_index_free(index);
	git_tree_free(t);
	git_commit_free(c);
}

specsync_regex *tu_regex(const char *pattern)
{
	specsync_regex *re = NULL;
	specsync_error err;

	if (specsync_regex_compile(&re, pattern, false, &err) < 0)
		fail_msg("pattern %s: %s", pattern, err.message);
	return re;
}

void tu_unsynced_finding(specsync_finding *f, const char *id, const char **changed,
			 const specsync_location *loc)
{
	f->kind = SPECSYNC_FINDING_UNSYNCED;
	f->requirement = id;
	f->level = SPECSYNC_LEVEL_ERROR;
	f->status = SPECSYNC_STATUS_OPEN;
	f->lagging_side = "technical";
	f->changed_sides = changed;
	f->changed_side_count = 1;
	f->changed_locations = &loc[0];
	f->changed_location_count = 1;
	f->lagging_locations = &loc[1];
	f->lagging_location_count = 1;
}
