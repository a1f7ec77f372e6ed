/*
 * Opening repositories and finding the configuration.
 */
#include "common.h"
#include "git.h"
#include "loose.h"
#include "repo.h"

#include <git2.h>
#include <stdio.h>
#include <sys/stat.h>

/*
 * libgit2 1.5.1's ownership check, when no safe.directory is configured at
 * all, fails with GIT_ENOTFOUND ("config value 'safe.directory' was not
 * found") instead of GIT_EOWNER, which read as "not a git repository".
 */
static bool ownership_refused(void)
{
	const git_error *e = git_error_last();

	return e && e->message && strstr(e->message, "safe.directory") != NULL;
}

/* Where loose objects are (GIT_OBJECT_DIRECTORY in a hook's quarantine),
 * for specsync_git_check_loose; NULL when unknown. */
static char *objects_dir(git_repository *git, unsigned flags)
{
	const char *env =
		(flags & SPECSYNC_REPO_OPEN_FROM_ENV) ? getenv("GIT_OBJECT_DIRECTORY") : NULL;
	git_buf buf = GIT_BUF_INIT;
	char *dir = NULL;

	if (env && *env) {
		if ((dir = malloc(strlen(env) + 2)) != NULL)
			sprintf(dir, "%s%s", env, env[strlen(env) - 1] == '/' ? "" : "/");
		return dir;
	}
	if (git_repository_item_path(&buf, git, GIT_REPOSITORY_ITEM_OBJECTS) == 0)
		dir = specsync_strdup(buf.ptr);
	git_buf_dispose(&buf);
	return dir;
}

/*
 * Process-wide libgit2 settings for one long walk. libgit2 re-hashes every
 * object it reads (git itself only does that in fsck): a quarter of an
 * audit's time. Its object cache would keep every commit and tree read,
 * up to 256 MiB, which the walk (each commit read once, trees compared
 * pairwise, see the tree cache in git.c) hardly uses; worse, once full, its
 * eviction rescans the cache from the start each time (quadratic). So
 * commits and trees are not cached by libgit2.
 */
static void tune_libgit2(void)
{
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_COMMIT, (size_t)0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)0);
	/* pack files are read through mapped windows, 1 GiB each and 8 GiB in
	 * all by default: a whole pack stays mapped, and every page a walk
	 * touched stays resident (179 of 331 MB on a 100k-commit history).
	 * Windows of 4 MiB, 16 MiB mapped at most: the pages stay in the page
	 * cache, a window unmapped and mapped again costs a few page faults
	 * (docs/performance.md: same user time, +0.03 s system time) */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)4 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)16 << 20);
}

int specsync_repo_open(specsync_repo **out, const char *path, unsigned flags, specsync_error *err)
{
	specsync_repo *r;
	int error;

	*out = NULL;
	git_libgit2_init();
	tune_libgit2();
	if (!(r = specsync_calloc(1, sizeof(*r)))) {
		git_libgit2_shutdown();
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	r->open_flags = flags;
	if (flags & SPECSYNC_REPO_OPEN_FROM_ENV)
		error = git_repository_open_ext(&r->git, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	else
		error = git_repository_open_ext(&r->git, path ? path : ".", 0, NULL);
	if (error == GIT_EOWNER || (error == GIT_ENOTFOUND && ownership_refused())) {
		error = specsync_fail(err, SPECSYNC_EOWNER,
				      "the repository at '%s' is owned by another user; if you "
				      "trust it, run: git config --global --add safe.directory "
				      "<its full path> (libgit2 1.5 does not understand "
				      "safe.directory '*')",
				      path ? path : ".");
		goto fail;
	}
	if (error == GIT_ENOTFOUND) {
		error = specsync_fail(err, SPECSYNC_EREPO,
				      "not a git repository (or any parent up to the root): %s",
				      path ? path : ".");
		goto fail;
	}
	if (error < 0) {
		error = specsync_git_error(err, error, "opening the repository");
		goto fail;
	}
	if ((error = git_repository_odb(&r->odb, r->git)) < 0) {
		error = specsync_git_error(err, error, "opening the object database");
		goto fail;
	}
	if (!git_repository_is_bare(r->git) && git_repository_workdir(r->git))
		r->workdir = specsync_strdup(git_repository_workdir(r->git));
	r->commondir = specsync_strdup(git_repository_commondir(r->git));
	r->objects = objects_dir(r->git, flags);
	r->loose = r->objects ? specsync_loose_new(r->objects) : NULL;
	if (git_mailmap_from_repository(&r->mailmap, r->git) < 0)
		r->mailmap = NULL; /* a broken .mailmap only loses aliases */
	*out = r;
	return 0;
fail:
	specsync_repo_free(r);
	return error;
}

/*
 * The mailmap of blob text `data` (NULL: an empty one). As git, a line it
 * cannot read is skipped, never fatal.
 */
static int mailmap_of(git_mailmap **out, const char *data, size_t len, specsync_error *err)
{
	int error = data ? git_mailmap_from_buffer(out, data, len) : git_mailmap_new(out);

	return error < 0 ? specsync_git_error(err, error, "reading .mailmap") : 0;
}

int specsync_repo_trust_rev(specsync_repo *repo, const char *rev, specsync_error *err)
{
	git_mailmap *mm = NULL;
	char *data = NULL, id[41];
	size_t len = 0;
	int error;

	if ((error = specsync_repo_resolve(id, repo, rev, err)) < 0)
		return error;
	error = specsync_git_read_at(&data, &len, repo, id, ".mailmap", err);
	if (error == SPECSYNC_ENOTFOUND && err)
		specsync_error_clear(err);
	if ((error < 0 && error != SPECSYNC_ENOTFOUND) ||
	    (error = mailmap_of(&mm, data, len, err)) < 0) {
		free(data);
		return error;
	}
	free(data);
	git_mailmap_free(repo->mailmap);
	repo->mailmap = mm;
	memcpy(repo->trusted, id, sizeof(repo->trusted));
	return 0;
}

const char *specsync_repo_trusted_rev(const specsync_repo *repo)
{
	return repo->trusted[0] ? repo->trusted : NULL;
}

int specsync_repo_open_again(specsync_repo **out, const specsync_repo *repo)
{
	specsync_repo *r;
	int error;

	*out = NULL;
	git_libgit2_init();
	if (!(r = specsync_calloc(1, sizeof(*r)))) {
		git_libgit2_shutdown();
		return SPECSYNC_ENOMEM;
	}
	r->open_flags = repo->open_flags;
	if (repo->open_flags & SPECSYNC_REPO_OPEN_FROM_ENV)
		error = git_repository_open_ext(&r->git, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	else
		error = git_repository_open_ext(&r->git, git_repository_path(repo->git),
						GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (error < 0 || (error = git_repository_odb(&r->odb, r->git)) < 0) {
		specsync_repo_free(r);
		return SPECSYNC_EREPO;
	}
	*out = r;
	return 0;
}

void specsync_repo_free(specsync_repo *repo)
{
	if (!repo)
		return;
	git_mailmap_free(repo->mailmap);
	for (size_t i = 0; i < SPECSYNC_TREE_CACHE; i++)
		git_odb_object_free(repo->trees[i]);
	git_odb_free(repo->odb);
	git_repository_free(repo->git);
	free(repo->workdir);
	free(repo->commondir);
	free(repo->objects);
	specsync_loose_free(repo->loose);
	free(repo);
	git_libgit2_shutdown();
}

bool specsync_repo_is_bare(const specsync_repo *repo)
{
	return repo->workdir == NULL;
}

const char *specsync_repo_workdir(const specsync_repo *repo)
{
	return repo->workdir;
}

/*
 * The work tree's .specsync.yml comes with the checkout, from whoever wrote
 * the branch: it must be a regular file. A FIFO would block the read for
 * ever; a symbolic link committed in a pull request could point at any file
 * of the machine that checks it, and the error messages would quote it.
 * (--config FILE is the caller's own choice and may be either.)
 */
static int check_worktree_config(const char *file, const char *workdir, specsync_error *err)
{
	struct stat st;

	if (lstat(file, &st) < 0)
		return specsync_fail(err, SPECSYNC_ECONFIG,
				     "no .specsync.yml at the root of the working tree (%s): "
				     "create one ('specsync init' proposes one; its reference is "
				     "'man 5 specsync.yml') or pass --config FILE",
				     workdir);
	if (S_ISLNK(st.st_mode))
		return specsync_fail_at(err, SPECSYNC_ECONFIG, ".specsync.yml", 0, 0,
					"is a symbolic link: refused, as it could point at any "
					"file; pass --config FILE to use its target");
	if (!S_ISREG(st.st_mode))
		return specsync_fail_at(
			err, SPECSYNC_ECONFIG, ".specsync.yml", 0, 0, "not a regular file (%s)",
			S_ISDIR(st.st_mode) ? "a directory" : "a FIFO, socket or device");
	return 0;
}

/* Rules read from a revision: identities from the same one. */
static int trust_too(specsync_config **cfg, specsync_repo *repo, const char *rev,
		     specsync_error *err)
{
	int error = specsync_repo_trust_rev(repo, rev, err);

	if (error < 0) {
		specsync_config_free(*cfg);
		*cfg = NULL;
	}
	return error;
}

int specsync_repo_load_config(specsync_config **out, specsync_repo *repo, const char *config_path,
			      const char *rev, specsync_error *err)
{
	char *data = NULL, name[1024], *file;
	size_t len;
	int error;

	*out = NULL;
	if (config_path)
		return specsync_config_load(out, config_path, err);
	if (repo->workdir) {
		if (!(file = malloc(strlen(repo->workdir) + 16)))
			return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
		sprintf(file, "%s.specsync.yml", repo->workdir);
		if ((error = check_worktree_config(file, repo->workdir, err)) < 0) {
			free(file);
			return error;
		}
		error = specsync_config_load(out, file, err);
		if (error < 0 && err && !strcmp(err->path, file))
			snprintf(err->path, sizeof(err->path), ".specsync.yml");
		free(file);
		return error;
	}
	rev = rev ? rev : "HEAD";
	if ((error = specsync_git_read_at(&data, &len, repo, rev, ".specsync.yml", err)) < 0) {
		if (error == SPECSYNC_ENOTFOUND)
			error = specsync_fail(
				err, SPECSYNC_ECONFIG,
				"no .specsync.yml in the tree of %s (bare repository): "
				"commit one or pass --config FILE",
				rev);
		return error;
	}
	snprintf(name, sizeof(name), "%s:.specsync.yml", rev);
	error = specsync_config_parse(out, data, len, name, err);
	free(data);
	return error < 0 ? error : trust_too(out, repo, rev, err);
}

int specsync_repo_load_config_at(specsync_config **out, specsync_repo *repo, const char *rev,
				 specsync_error *err)
{
	char *data = NULL, name[1024];
	size_t len;
	int error;

	*out = NULL;
	if ((error = specsync_git_read_at(&data, &len, repo, rev, ".specsync.yml", err)) < 0) {
		if (error == SPECSYNC_ENOTFOUND)
			error = specsync_fail(err, SPECSYNC_ECONFIG,
					      "no .specsync.yml in the tree of %s", rev);
		return error;
	}
	snprintf(name, sizeof(name), "%.12s:.specsync.yml", rev);
	error = specsync_config_parse(out, data, len, name, err);
	free(data);
	return error < 0 ? error : trust_too(out, repo, rev, err);
}

int specsync_repo_read_file(char **out, size_t *len, specsync_repo *repo, const char *rev,
			    const char *path, specsync_error *err)
{
	return specsync_git_read_at(out, len, repo, rev, path, err);
}

int specsync_repo_resolve(char out[41], specsync_repo *repo, const char *rev, specsync_error *err)
{
	specsync_oid id;
	int error;

	if ((error = specsync_git_resolve(&id, repo, rev, err)) < 0)
		return error;
	specsync_oid_fmt(out, &id);
	return 0;
}

int specsync_repo_merge_base(char out[41], specsync_repo *repo, const char *a, const char *b,
			     specsync_error *err)
{
	specsync_oid ia, ib, m;
	int error;

	if ((error = specsync_git_resolve(&ia, repo, a, err)) < 0 ||
	    (error = specsync_git_resolve(&ib, repo, b, err)) < 0 ||
	    (error = specsync_git_merge_base(&m, repo, &ia, &ib, err)) < 0)
		return error;
	specsync_oid_fmt(out, &m);
	return 0;
}

const char *specsync_repo_commondir(const specsync_repo *repo)
{
	return repo->commondir;
}

bool specsync_repo_has_refs(specsync_repo *repo, const char *prefix)
{
	git_reference_iterator *it = NULL;
	const char *name;
	char glob[512];
	bool any;

	if (snprintf(glob, sizeof(glob), "%s*", prefix) >= (int)sizeof(glob) ||
	    git_reference_iterator_glob_new(&it, repo->git, glob) < 0)
		return false;
	any = git_reference_next_name(&name, it) == 0;
	git_reference_iterator_free(it);
	return any;
}
