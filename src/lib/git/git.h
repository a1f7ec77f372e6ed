/*
 * libgit2 adapter: the only files that include git2.h are git.c and
 * repo.c. Everything else sees object ids, blobs and commits through these
 * functions, with errors turned into specsync_error.
 */
#ifndef SPECSYNC_GIT_H
#define SPECSYNC_GIT_H

#include "specsync.h"

typedef struct specsync_oid {
	unsigned char id[20];
} specsync_oid;

bool specsync_oid_equal(const specsync_oid *a, const specsync_oid *b);
bool specsync_oid_is_zero(const specsync_oid *a);
void specsync_oid_fmt(char out[41], const specsync_oid *oid);
/* 40 hex digits to an id; SPECSYNC_EUSAGE when `hex` is not one. */
int specsync_oid_parse(specsync_oid *out, const char *hex);
/* Reverses an array of ids in place (walks collect newest first). */
void specsync_oid_reverse(specsync_oid *ids, size_t n);

/* Resolves `rev` to a commit id. SPECSYNC_ENOTFOUND when it does not name
 * one. */
int specsync_git_resolve(specsync_oid *out, specsync_repo *repo, const char *rev,
			 specsync_error *err);

typedef struct specsync_commit_meta {
	specsync_oid id;
	specsync_oid tree;
	specsync_oid parents[2]; /* first two parents */
	size_t parent_count;
	char *author_name;  /* after .mailmap */
	char *author_email; /* after .mailmap, as written (compare with specsync_email_cmp) */
	int64_t time;        /* author time */
	int offset;
	int64_t commit_time; /* committer time */
	char *message;      /* full raw message */
} specsync_commit_meta;

int specsync_git_commit(specsync_commit_meta *out, specsync_repo *repo, const specsync_oid *id,
			specsync_error *err);
void specsync_commit_meta_dispose(specsync_commit_meta *meta);

/* 1 when commit `id` carries a signature (a gpgsig header, OpenPGP or SSH),
 * 0 when it carries none, < 0 when it cannot be read. */
int specsync_git_commit_signed(specsync_repo *repo, const specsync_oid *id, specsync_error *err);

/* Applies .mailmap to (name, email) (e-mails compared whatever their case);
 * results are malloc'ed, the e-mail as written (by the commit, or by
 * .mailmap when it maps it). */
int specsync_git_mailmap(char **name_out, char **email_out, specsync_repo *repo,
			 const char *name, const char *email);

/*
 * What the first-parent walk needs of a commit, read from the object
 * database without building a libgit2 commit (nor caching one): its tree,
 * its first two parents and whether its message mentions `key` the way
 * specsync_mentions_key() sees it.
 */
typedef struct specsync_commit_head {
	specsync_oid id;
	specsync_oid tree;
	specsync_oid parents[2];
	uint32_t parent_count;  /* all parents, even beyond two */
	bool mentions;
	int64_t time;           /* author time as libgit2 reads it; 0 when none */
	int64_t commit_time;    /* committer time, the same way */
} specsync_commit_head;

int specsync_git_commit_head(specsync_commit_head *out, specsync_repo *repo,
			     const specsync_oid *id, const char *key, specsync_error *err);

/*
 * The commits reachable from `tip` and not in the graph `dag` yet, where
 * the graph holds every ancestor of each of its commits: they join it,
 * with their committer times and parents (see dag.h). *out (malloc'ed,
 * free()) lists them in discovery order, NULL when `out` is NULL (only the
 * graph grows). With `metas`, *metas (malloc'ed; dispose each, free())
 * gets their metas too, in the same order, from the same read.
 */
struct specsync_dag;
int specsync_git_reach_new(specsync_commit_head **out, specsync_commit_meta **metas,
			   size_t *count, specsync_repo *repo, const specsync_oid *tip,
			   struct specsync_dag *dag, const char *key, specsync_error *err);

/* Adds to the graph (closed as above) everything reachable from the
 * parents of commit `id`, whatever their number, then `id` itself. */
int specsync_git_reach_parents(specsync_repo *repo, const specsync_oid *id,
			       struct specsync_dag *dag, specsync_error *err);

/*
 * Compares two trees (NULL: the empty tree) and calls `file` for every blob
 * path whose id or presence differs, in path order, skipping identical
 * subtrees without reading them and directories for which `descend`
 * returns false. Symbolic links and submodules are reported with
 * is_regular false. Callbacks returning < 0 stop the walk and that value is
 * returned.
 */
typedef struct specsync_tree_change {
	const char *path;
	const specsync_oid *old_id; /* NULL when added */
	const specsync_oid *new_id; /* NULL when deleted */
	bool old_regular, new_regular;
} specsync_tree_change;

typedef bool (*specsync_descend_cb)(const char *dir, void *payload);
typedef int (*specsync_change_cb)(const specsync_tree_change *change, void *payload);

int specsync_git_diff_trees(specsync_repo *repo, const specsync_oid *old_tree,
			    const specsync_oid *new_tree, specsync_descend_cb descend,
			    specsync_change_cb file, void *payload, specsync_error *err);

/* Reads a blob. *data stays valid until specsync_git_blob_free(handle). */
typedef struct specsync_blob specsync_blob;
int specsync_git_blob(specsync_blob **handle, const char **data, size_t *len,
		      specsync_repo *repo, const specsync_oid *id, specsync_error *err);
void specsync_git_blob_free(specsync_blob *handle);

/* The size of a blob, from its header (without inflating the content). */
int specsync_git_blob_size(uint64_t *out, specsync_repo *repo, const specsync_oid *id,
			   specsync_error *err);

/* The id of the blob at `path` in the tree of commit `rev` (a regular file:
 * SPECSYNC_EINPUT for a symbolic link, a directory or a submodule;
 * SPECSYNC_ENOTFOUND when absent). */
int specsync_git_entry_at(specsync_oid *out, specsync_repo *repo, const char *rev,
			  const char *path, specsync_error *err);

/* As specsync_git_entry_at in the tree `tree` read as raw objects (no
 * revision to resolve): the blob id at `path` ('/'-separated, no empty
 * component). */
int specsync_git_tree_entry(specsync_oid *out, specsync_repo *repo, const specsync_oid *tree,
			    const char *path, specsync_error *err);

/* Reads the blob at `path` in the tree of commit `rev`. *out is malloc'ed. */
int specsync_git_read_at(char **out, size_t *len, specsync_repo *repo, const char *rev,
			 const char *path, specsync_error *err);

/* 1 when `commit` descends from (or is) `ancestor`, 0 when not, < 0 error. */
int specsync_git_contains(specsync_repo *repo, const specsync_oid *commit,
			  const specsync_oid *ancestor, specsync_error *err);

/*
 * The commits reachable from `tips` but not from `hide` (a merge's branch),
 * newest first. *out is malloc'ed.
 */
int specsync_git_branch_commits(specsync_oid **out, size_t *count, specsync_repo *repo,
				const specsync_oid *tips, size_t tip_count,
				const specsync_oid *hide, specsync_error *err);

/*
 * Compares `tree` (NULL: empty) with the repository's index (the one
 * GIT_INDEX_FILE names when the repository was opened from the
 * environment), calling `file` like specsync_git_diff_trees. Nothing is
 * written to the repository.
 */
int specsync_git_diff_index(specsync_repo *repo, const specsync_oid *tree,
			    specsync_descend_cb descend, specsync_change_cb file, void *payload,
			    specsync_error *err);

/* The merge base of two commits. SPECSYNC_ENOTFOUND when they share no
 * history. */
int specsync_git_merge_base(specsync_oid *out, specsync_repo *repo, const specsync_oid *a,
			    const specsync_oid *b, specsync_error *err);

/* The default branch's commit: origin/HEAD's target, else init.defaultBranch,
 * else main, else master. SPECSYNC_ENOTFOUND when none exists. */
int specsync_git_default_branch(specsync_oid *out, char **name, specsync_repo *repo,
				specsync_error *err);

/* user.name / user.email from the repository's configuration (malloc'ed,
 * NULL when unset). */
void specsync_git_identity(char **name, char **email, specsync_repo *repo);

/* True when the repository has no commit on HEAD yet. */
bool specsync_git_head_unborn(specsync_repo *repo);

/* The tree of commit `id`. */
int specsync_git_commit_tree(specsync_oid *out, specsync_repo *repo, const specsync_oid *id,
			     specsync_error *err);

/* A second handle on the same repository, for another thread (object
 * reads only: no .mailmap). Free with specsync_repo_free. Defined in
 * repo.c. */
int specsync_repo_open_again(specsync_repo **out, const specsync_repo *repo);

/* SPECSYNC_ESHALLOW (with the hint) for a shallow repository, else 0. */
int specsync_git_check_complete(specsync_repo *repo, specsync_error *err);

/* core.hooksPath as written (*raw) and with "~/" expanded (*path); both
 * NULL (and 0 returned) when unset. Free both with free(). */
int specsync_git_hooks_path(char **path, char **raw, specsync_repo *repo, specsync_error *err);

/* The repository's git directory ($GIT_DIR, with a trailing '/'). */
const char *specsync_git_dir(const specsync_repo *repo);

#endif
