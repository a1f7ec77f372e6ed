/*
 * libgit2 adapter, trees and blobs (see git.h): the comparison of two trees
 * read as raw objects, blobs, and files at a revision. The rest of the
 * adapter is git.c, whose object reading (git_internal.h) this file uses.
 */
#include "common.h"
#include "git_internal.h"
#include "repo.h"

#include <git2.h>

/* ---- tree comparison ---------------------------------------------------- */

typedef struct raw_entry {
	const char *name;
	size_t name_len;
	unsigned attr;           /* mode as stored */
	const unsigned char *id; /* 20 bytes */
} raw_entry;

/* The next entry of a raw tree: 1, 0 at the end, -1 when malformed. */
static int next_entry(raw_entry *e, const char **p, const char *end)
{
	const char *q = *p, *nul;

	if (q >= end)
		return 0;
	e->attr = 0;
	for (; q < end && *q >= '0' && *q <= '7'; q++)
		e->attr = (e->attr << 3) | (unsigned)(*q - '0');
	if (q == *p || q >= end || *q != ' ' || e->attr > 0177777)
		return -1;
	e->name = ++q;
	if (!(nul = memchr(q, '\0', (size_t)(end - q))) || nul == q || (size_t)(end - nul) < 21)
		return -1;
	e->name_len = (size_t)(nul - q);
	e->id = (const unsigned char *)nul + 1;
	*p = nul + 21;
	return 1;
}

/* As libgit2's git_tree_entry_type and git_tree_entry_filemode. */
static bool entry_is_tree(const raw_entry *e)
{
	return (e->attr & 0170000) == 0040000;
}

static unsigned entry_filemode(const raw_entry *e)
{
	unsigned type = e->attr & ~0777u;

	if (type == GIT_FILEMODE_TREE)
		return GIT_FILEMODE_TREE;
	if (e->attr & 0111)
		return GIT_FILEMODE_BLOB_EXECUTABLE;
	if (type == GIT_FILEMODE_COMMIT)
		return GIT_FILEMODE_COMMIT;
	if (type == GIT_FILEMODE_LINK)
		return GIT_FILEMODE_LINK;
	return GIT_FILEMODE_BLOB;
}

static bool entry_regular(const raw_entry *e)
{
	unsigned m = entry_filemode(e);

	return m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* Git's tree order: names compare byte-wise, a tree as if followed by '/'. */
static int entry_cmp(const raw_entry *a, const raw_entry *b)
{
	size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
	int c = memcmp(a->name, b->name, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = a->name_len > n ? (unsigned char)a->name[n] : entry_is_tree(a) ? '/' : 0;
	cb = b->name_len > n ? (unsigned char)b->name[n] : entry_is_tree(b) ? '/' : 0;
	return (int)ca - (int)cb;
}

typedef struct diff_walk {
	specsync_repo *repo;
	specsync_descend_cb descend;
	specsync_change_cb file;
	void *payload;
	specsync_buf path;
	specsync_error *err;
} diff_walk;

static int diff_level(diff_walk *w, const char *op, const char *oend, const char *np,
		      const char *nend);

static int report(diff_walk *w, const raw_entry *o, const raw_entry *n)
{
	specsync_tree_change ch;
	specsync_oid oid_old, oid_new;

	if (o)
		memcpy(oid_old.id, o->id, 20);
	if (n)
		memcpy(oid_new.id, n->id, 20);
	ch.path = w->path.ptr;
	ch.old_id = o ? &oid_old : NULL;
	ch.new_id = n ? &oid_new : NULL;
	ch.old_regular = o && entry_regular(o);
	ch.new_regular = n && entry_regular(n);
	return w->file(&ch, w->payload);
}

static int subtree(git_odb_object **out, diff_walk *w, const raw_entry *e)
{
	specsync_oid id;

	*out = NULL;
	if (!e)
		return 0;
	memcpy(id.id, e->id, 20);
	return specsync_git_read_raw(out, w->repo, &id, GIT_OBJECT_TREE, w->err);
}

static const char *obj_data(git_odb_object *o)
{
	return o ? git_odb_object_data(o) : NULL;
}

static const char *obj_end(git_odb_object *o)
{
	return o ? (const char *)git_odb_object_data(o) + git_odb_object_size(o) : NULL;
}

/* One entry present on one or both sides (same name and kind). */
static int diff_entry(diff_walk *w, const raw_entry *o, const raw_entry *n)
{
	const raw_entry *any = o ? o : n;
	size_t keep = w->path.size;
	git_odb_object *ot = NULL, *nt = NULL;
	int error = 0;

	if (o && n && memcmp(o->id, n->id, 20) == 0 && entry_filemode(o) == entry_filemode(n))
		return 0;
	if (keep)
		specsync_buf_putc(&w->path, '/');
	specsync_buf_put(&w->path, any->name, any->name_len);
	if (w->path.failed) {
		error = specsync_fail(w->err, SPECSYNC_ENOMEM, "out of memory");
		goto done;
	}
	if (!entry_is_tree(any)) {
		error = report(w, o, n);
		goto done;
	}
	if (w->descend && !w->descend(w->path.ptr, w->payload))
		goto done;
	if ((error = subtree(&ot, w, o)) < 0 || (error = subtree(&nt, w, n)) < 0)
		goto done;
	error = diff_level(w, obj_data(ot), obj_end(ot), obj_data(nt), obj_end(nt));
done:
	git_odb_object_free(ot);
	git_odb_object_free(nt);
	w->path.size = keep;
	w->path.ptr[keep] = '\0';
	return error;
}

static int corrupt_tree(diff_walk *w)
{
	return specsync_fail(w->err, SPECSYNC_EREPO, "reading a tree: corrupt tree object%s%s",
			     w->path.size ? " under " : "", w->path.size ? w->path.ptr : "");
}

/* Length of the common prefix of a[0..na) and b[0..nb). */
static size_t common_prefix(const char *a, size_t na, const char *b, size_t nb)
{
	size_t n = na < nb ? na : nb, i = 0;
	uint64_t x, y;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			break;
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* Length of the common suffix of a[0..na) and b[0..nb). */
static size_t common_suffix(const char *a, size_t na, const char *b, size_t nb)
{
	size_t n = na < nb ? na : nb, i = 0;
	uint64_t x, y;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, a + na - i - 8, 8);
		memcpy(&y, b + nb - i - 8, 8);
		if (x != y)
			break;
	}
	while (i < n && a[na - i - 1] == b[nb - i - 1])
		i++;
	return i;
}

/*
 * Two versions of a large tree mostly share their entries (a commit
 * changes a few of Documentation/'s 700): the entries that lie whole in
 * their common prefix are skipped without being parsed, by their NULs
 * (an entry is "mode name\0" and a 20-byte id, and neither mode nor name
 * holds a NUL). The same entries side by side compare equal, so skipping
 * them changes nothing the comparison reports. Returns where both stop.
 */
static size_t skip_common(const char *op, const char *oend, const char *np, const char *nend)
{
	size_t pre = common_prefix(op, (size_t)(oend - op), np, (size_t)(nend - np)), at = 0;
	const char *nul;

	while (at < pre && (nul = memchr(op + at, '\0', pre - at)) &&
	       (size_t)(nul - op) + 21 <= pre)
		at = (size_t)(nul - op) + 21;
	return at;
}

static int diff_level(diff_walk *w, const char *op, const char *oend, const char *np,
		      const char *nend)
{
	raw_entry o, n;
	const char *os, *ns;
	size_t suffix = 0;
	int ho, hn, error = 0;

	if (op && np) {
		size_t at = skip_common(op, oend, np, nend);

		op += at;
		np += at;
		suffix = common_suffix(op, (size_t)(oend - op), np, (size_t)(nend - np));
	}
	os = op;
	ns = np;
	ho = op ? next_entry(&o, &op, oend) : 0;
	hn = np ? next_entry(&n, &np, nend) : 0;
	while (!error && (ho || hn)) {
		int c;
		if (ho < 0 || hn < 0)
			return corrupt_tree(w);
		/* the rest of both is the same bytes: the same entries */
		if (ho && hn && oend - os == nend - ns && (size_t)(oend - os) <= suffix)
			break;
		c = !ho ? 1 : !hn ? -1 : entry_cmp(&o, &n);
		if (c == 0 && entry_is_tree(&o) != entry_is_tree(&n))
			c = entry_is_tree(&o) ? 1 : -1;
		if (c < 0) {
			error = diff_entry(w, &o, NULL);
		} else if (c > 0) {
			error = diff_entry(w, NULL, &n);
		} else {
			error = diff_entry(w, &o, &n);
		}
		if (c <= 0) {
			os = op;
			ho = next_entry(&o, &op, oend);
		}
		if (c >= 0) {
			ns = np;
			hn = next_entry(&n, &np, nend);
		}
	}
	return error;
}

int specsync_git_diff_trees(specsync_repo *repo, const specsync_oid *old_tree,
			    const specsync_oid *new_tree, specsync_descend_cb descend,
			    specsync_change_cb file, void *payload, specsync_error *err)
{
	diff_walk w = {repo, descend, file, payload, SPECSYNC_BUF_INIT, err};
	git_odb_object *ot = NULL, *nt = NULL;
	int error = 0;

	if (old_tree && new_tree && specsync_oid_equal(old_tree, new_tree))
		return 0;
	if ((old_tree &&
	     (error = specsync_git_read_raw(&ot, repo, old_tree, GIT_OBJECT_TREE, err)) < 0) ||
	    (new_tree &&
	     (error = specsync_git_read_raw(&nt, repo, new_tree, GIT_OBJECT_TREE, err)) < 0))
		goto done;
	if (specsync_buf_grow(&w.path, 256) < 0) {
		error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
		goto done;
	}
	w.path.ptr[0] = '\0';
	error = diff_level(&w, obj_data(ot), obj_end(ot), obj_data(nt), obj_end(nt));
done:
	git_odb_object_free(ot);
	git_odb_object_free(nt);
	specsync_buf_dispose(&w.path);
	return error;
}

/* ---- blobs, files ------------------------------------------------------- */

int specsync_git_blob(specsync_blob **handle, const char **data, size_t *len, specsync_repo *repo,
		      const specsync_oid *id, specsync_error *err)
{
	git_blob *b;
	int error;
	char hex[41];

	*handle = NULL;
	if ((error = specsync_git_check_loose(repo, specsync_git_oid(id), err)) < 0)
		return error;
	if ((error = git_blob_lookup(&b, repo->git, specsync_git_oid(id))) < 0) {
		specsync_oid_fmt(hex, id);
		if (error == GIT_ENOTFOUND)
			return specsync_fail(err, SPECSYNC_ENOTFOUND,
					     "blob %s is missing from the object database "
					     "(a partial clone? run 'git fetch --refetch' or clone "
					     "without --filter)",
					     hex);
		return specsync_git_error(err, error, "reading a blob");
	}
	*handle = (specsync_blob *)b;
	*data = git_blob_rawcontent(b);
	*len = (size_t)git_blob_rawsize(b);
	return 0;
}

int specsync_git_blob_size(uint64_t *size, specsync_repo *repo, const specsync_oid *id,
			   specsync_error *err)
{
	git_odb *odb = NULL;
	git_object_t type;
	size_t len = 0;
	char hex[41];
	int error;

	*size = 0;
	if ((error = specsync_git_check_loose(repo, specsync_git_oid(id), err)) < 0)
		return error;
	if ((error = git_repository_odb(&odb, repo->git)) < 0)
		return specsync_git_error(err, error, "opening the object database");
	error = git_odb_read_header(&len, &type, odb, specsync_git_oid(id));
	git_odb_free(odb);
	if (error == GIT_ENOTFOUND) {
		specsync_oid_fmt(hex, id);
		return specsync_fail(err, SPECSYNC_ENOTFOUND,
				     "blob %s is missing from the object database "
				     "(a partial clone? run 'git fetch --refetch' or clone "
				     "without --filter)",
				     hex);
	}
	if (error < 0)
		return specsync_git_error(err, error, "reading a blob");
	*size = (uint64_t)len;
	return 0;
}

void specsync_git_blob_free(specsync_blob *handle)
{
	git_blob_free((git_blob *)handle);
}

/* The entry named name[0..len) of the raw tree `t`: 1, 0 when absent, -1
 * when the tree is malformed. */
static int find_entry(raw_entry *e, git_odb_object *t, const char *name, size_t len)
{
	const char *p = obj_data(t), *end = obj_end(t);
	int r;

	while ((r = next_entry(e, &p, end)) > 0)
		if (e->name_len == len && !memcmp(e->name, name, len))
			return 1;
	return r;
}

int specsync_git_tree_entry(specsync_oid *out, specsync_repo *repo, const specsync_oid *tree,
			    const char *path, specsync_error *err)
{
	git_odb_object *t = NULL;
	specsync_oid at = *tree;
	raw_entry e;
	int error;

	for (const char *name = path;; name += e.name_len + 1) {
		const char *slash = strchr(name, '/');
		size_t len = slash ? (size_t)(slash - name) : strlen(name);
		if ((error = specsync_git_read_raw(&t, repo, &at, GIT_OBJECT_TREE, err)) < 0)
			return error;
		error = find_entry(&e, t, name, len);
		if (error > 0)
			memcpy(at.id, e.id, 20);
		git_odb_object_free(t);
		if (error < 0)
			return specsync_fail(err, SPECSYNC_EREPO, "%s: corrupt tree object", path);
		if (!error || (slash && !entry_is_tree(&e)))
			return specsync_fail(err, SPECSYNC_ENOTFOUND, "%s: no such file", path);
		if (!slash)
			break;
	}
	if (!entry_regular(&e))
		return specsync_fail(err, SPECSYNC_EINPUT,
				     "%s is not a regular file (a symbolic link, a directory or "
				     "a submodule)",
				     path);
	*out = at;
	return 0;
}

int specsync_git_entry_at(specsync_oid *out, specsync_repo *repo, const char *rev, const char *path,
			  specsync_error *err)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	int error;

	if ((error = git_revparse_single(&obj, repo->git, rev)) < 0) {
		error = specsync_fail(err, SPECSYNC_ENOTFOUND, "revision '%s' not found", rev);
		goto done;
	}
	if ((error = git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE)) < 0 ||
	    (error = git_tree_entry_bypath(&entry, tree, path)) < 0) {
		error = specsync_fail(err, SPECSYNC_ENOTFOUND, "%s: no such file in %s", path, rev);
		goto done;
	}
	/* A symbolic link's blob is its target's name, not the file. */
	if (git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB &&
	    git_tree_entry_filemode(entry) != GIT_FILEMODE_BLOB_EXECUTABLE) {
		error = specsync_fail(err, SPECSYNC_EINPUT,
				      "%s in %s is not a regular file (a symbolic link, a "
				      "directory or a submodule)",
				      path, rev);
		goto done;
	}
	memcpy(out, git_tree_entry_id(entry), sizeof(*out));
done:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_object_free(obj);
	return error;
}

int specsync_git_read_at(char **out, size_t *len, specsync_repo *repo, const char *rev,
			 const char *path, specsync_error *err)
{
	specsync_oid id;
	git_blob *blob = NULL;
	int error;

	*out = NULL;
	if ((error = specsync_git_entry_at(&id, repo, rev, path, err)) < 0 ||
	    (error = specsync_git_check_loose(repo, specsync_git_oid(&id), err)) < 0)
		return error;
	if ((error = git_blob_lookup(&blob, repo->git, specsync_git_oid(&id))) < 0) {
		const git_error *e = git_error_last();
		return specsync_fail(err, SPECSYNC_EREPO,
				     "cannot read %s in %s: %s (a partial clone? clone "
				     "without --filter)",
				     path, rev, e && e->message ? e->message : "unknown error");
	}
	*len = (size_t)git_blob_rawsize(blob);
	*out = specsync_strndup(git_blob_rawcontent(blob), *len);
	git_blob_free(blob);
	if (!*out)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	return 0;
}
