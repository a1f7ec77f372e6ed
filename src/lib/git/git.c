/*
 * libgit2 adapter. See git.h.
 *
 * This file owns object ids, revisions, commits (raw commit heads and
 * metas), ancestry, the index, merge bases and identities; git_tree.c
 * compares trees and reads blobs and files, reach.c adds what a tip
 * reaches to the graph of reachable commits (dag.c).
 */
#include "common.h"
#include "git_internal.h"
#include "loose.h"
#include "raw_commit.h"
#include "repo.h"

#include <ctype.h>
#include <git2.h>
#include <stdio.h>
#include <zlib.h>

int specsync_git_error(specsync_error *err, int code, const char *what)
{
	const git_error *e = git_error_last();
	int ours = code == GIT_ENOTFOUND ? SPECSYNC_ENOTFOUND
		   : code == GIT_EOWNER ? SPECSYNC_EOWNER
		   : SPECSYNC_EREPO;

	return specsync_fail(err, ours, "%s: %s", what,
			     e && e->message ? e->message : "unknown libgit2 error");
}

const git_oid *specsync_git_oid(const specsync_oid *id)
{
	return (const git_oid *)(const void *)id;
}

/*
 * libgit2 could not read an object: the message names it, since git itself
 * accepts some commits libgit2 1.5.1 refuses (an author line without an
 * e-mail or with a bad timestamp) and the user must be able to find it.
 */
static int object_error(specsync_error *err, int code, const char *what, const specsync_oid *id)
{
	char hex[41], where[64];

	specsync_oid_fmt(hex, id);
	snprintf(where, sizeof(where), "reading %s %.12s", what, hex);
	return specsync_git_error(err, code, where);
}

static void from_git(specsync_oid *out, const git_oid *id)
{
	memcpy(out->id, id->id, sizeof(out->id));
}

bool specsync_oid_equal(const specsync_oid *a, const specsync_oid *b)
{
	return memcmp(a->id, b->id, sizeof(a->id)) == 0;
}

bool specsync_oid_is_zero(const specsync_oid *a)
{
	static const specsync_oid zero;

	return specsync_oid_equal(a, &zero);
}

/* As git_oid_tostr, a byte at a time from a table: a state's loader
 * writes tens of thousands of ids. */
void specsync_oid_fmt(char out[41], const specsync_oid *oid)
{
	static const char pairs[513] =
		"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
		"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
		"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
		"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
		"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
		"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
		"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

	for (size_t i = 0; i < 20; i++)
		memcpy(out + 2 * i, pairs + 2 * oid->id[i], 2);
	out[40] = '\0';
}

/*
 * libgit2 1.5 loops for ever inflating a loose object whose zlib stream is
 * cut short (a truncated file: a full disk, a killed copy): it treats
 * zlib's "no progress possible" as "go on". So a loose object is inflated
 * here first, to its end, before libgit2 reads it; a broken one is an error
 * naming it. Packed objects are read by other code, which fails cleanly.
 * Whether a loose file exists is asked of a listing read once per directory
 * (loose.h), not of the file system for each read.
 */
int specsync_git_check_loose(const specsync_repo *repo, const git_oid *id, specsync_error *err)
{
	char hex[41], *path;
	unsigned char in[16384], out[16384];
	z_stream z;
	FILE *f;
	int rc = Z_OK;

	if (!repo->objects || !repo->loose)
		return 0;
	git_oid_tostr(hex, sizeof(hex), id);
	if (!specsync_loose_has(repo->loose, hex))
		return 0;
	if (!(path = malloc(strlen(repo->objects) + 42)))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	sprintf(path, "%s%.2s/%s", repo->objects, hex, hex + 2);
	f = fopen(path, "rb");
	free(path);
	if (!f)
		return 0; /* packed, or missing: libgit2 says so itself */
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK) {
		fclose(f);
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	while (rc != Z_STREAM_END) {
		if (z.avail_in == 0) {
			size_t n = fread(in, 1, sizeof(in), f);
			if (!n)
				break;
			z.next_in = in;
			z.avail_in = (uInt)n;
		}
		z.next_out = out;
		z.avail_out = sizeof(out);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			break;
	}
	inflateEnd(&z);
	fclose(f);
	if (rc == Z_STREAM_END)
		return 0;
	return specsync_fail(err, SPECSYNC_EREPO,
			     "object %s is corrupt (its loose file is %s): run 'git fsck'", hex,
			     rc == Z_OK ? "truncated" : "not valid zlib data");
}

int specsync_oid_parse(specsync_oid *out, const char *hex)
{
	git_oid id;

	if (strlen(hex) != 40 || git_oid_fromstr(&id, hex) < 0)
		return SPECSYNC_EUSAGE;
	from_git(out, &id);
	return 0;
}

/* check_loose on what `rev` names, when it is a reference or an id (the
 * object git_revparse_single would read first). */
static int check_rev(const specsync_repo *repo, const char *rev, specsync_error *err)
{
	git_reference *ref = NULL, *direct = NULL;
	git_oid id;
	int error = 0;

	if (strlen(rev) == GIT_OID_HEXSZ && git_oid_fromstr(&id, rev) == 0)
		return specsync_git_check_loose(repo, &id, err);
	if (git_reference_dwim(&ref, repo->git, rev) == 0 &&
	    git_reference_resolve(&direct, ref) == 0 && git_reference_target(direct))
		error = specsync_git_check_loose(repo, git_reference_target(direct), err);
	git_reference_free(direct);
	git_reference_free(ref);
	return error;
}

int specsync_git_resolve(specsync_oid *out, specsync_repo *repo, const char *rev,
			 specsync_error *err)
{
	git_object *obj = NULL, *commit = NULL;
	int error;

	if ((error = check_rev(repo, rev, err)) < 0)
		return error;
	if ((error = git_revparse_single(&obj, repo->git, rev)) < 0) {
		if (error == GIT_EUNBORNBRANCH ||
		    (!strcmp(rev, "HEAD") && git_repository_head_unborn(repo->git) == 1))
			return specsync_fail(err, SPECSYNC_ENOTFOUND,
					     "the repository has no commits yet (HEAD is unborn): "
					     "commit the specifications first");
		if (error == GIT_ENOTFOUND || error == GIT_EAMBIGUOUS || error == GIT_EINVALIDSPEC)
			return specsync_fail(err, SPECSYNC_ENOTFOUND,
					     "revision '%s' not found in this repository", rev);
		return specsync_git_error(err, error, rev);
	}
	if ((error = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT)) < 0) {
		git_object_free(obj);
		return specsync_fail(err, SPECSYNC_ENOTFOUND, "revision '%s' is not a commit", rev);
	}
	from_git(out, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
	return 0;
}

void specsync_oid_reverse(specsync_oid *ids, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		specsync_oid t = ids[i];
		ids[i] = ids[n - 1 - i];
		ids[n - 1 - i] = t;
	}
}

int specsync_git_mailmap(char **name_out, char **email_out, specsync_repo *repo,
			 const char *name, const char *email)
{
	const char *rn = name, *re = email;
	char *lower = NULL;

	if (repo->mailmap) {
		git_mailmap_resolve(&rn, &re, repo->mailmap, name, email);
		/* git compares e-mails case-insensitively; libgit2 1.5 does not */
		if (rn == name && re == email && email && (lower = specsync_strdup_lower(email))) {
			const char *ln = name, *le = lower;
			git_mailmap_resolve(&ln, &le, repo->mailmap, name, lower);
			if (ln != name)
				rn = ln;
			if (le != lower)
				re = le;
		}
	}
	*name_out = specsync_strdup(rn ? rn : "");
	*email_out = specsync_strdup(re ? re : "");
	free(lower);
	if (!*name_out || !*email_out) {
		free(*name_out);
		free(*email_out);
		return SPECSYNC_ENOMEM;
	}
	return 0;
}

int specsync_git_commit_signed(specsync_repo *repo, const specsync_oid *id, specsync_error *err)
{
	git_buf sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	int error = git_commit_extract_signature(&sig, &data, repo->git,
						 (git_oid *)specsync_git_oid(id), NULL);

	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	if (error == GIT_ENOTFOUND)
		return 0;
	return error < 0 ? specsync_git_error(err, error, "reading a commit's signature") : 1;
}

void specsync_commit_meta_dispose(specsync_commit_meta *meta)
{
	free(meta->author_name);
	free(meta->author_email);
	free(meta->message);
	memset(meta, 0, sizeof(*meta));
}

/* A commit's meta through libgit2's commit parser (for the commits
 * raw_commit.c does not read). */
static int commit_by_libgit2(specsync_commit_meta *out, specsync_repo *repo, const specsync_oid *id,
			     specsync_error *err)
{
	git_commit *c = NULL;
	const git_signature *a;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = specsync_git_check_loose(repo, specsync_git_oid(id), err)) < 0)
		return error;
	if ((error = git_commit_lookup(&c, repo->git, specsync_git_oid(id))) < 0)
		return object_error(err, error, "commit", id);
	out->id = *id;
	from_git(&out->tree, git_commit_tree_id(c));
	out->parent_count = git_commit_parentcount(c);
	for (unsigned i = 0; i < 2 && i < out->parent_count; i++)
		from_git(&out->parents[i], git_commit_parent_id(c, i));
	a = git_commit_author(c);
	out->time = a->when.time;
	out->offset = a->when.offset;
	out->commit_time = git_commit_time(c);
	error = specsync_git_mailmap(&out->author_name, &out->author_email, repo, a->name,
				     a->email);
	out->message = specsync_strdup(git_commit_message(c) ? git_commit_message(c) : "");
	git_commit_free(c);
	if (error < 0 || !out->message) {
		specsync_commit_meta_dispose(out);
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	return 0;
}

/* ---- raw objects --------------------------------------------------------- */

/*
 * The walk reads commits and trees straight from the object database:
 * building libgit2 commit and tree objects costs allocations and puts
 * every one of them in the object cache, for a walk that reads each commit
 * once.
 */
int specsync_git_read_raw(git_odb_object **out, specsync_repo *repo, const specsync_oid *id,
			  git_object_t type, specsync_error *err)
{
	git_odb_object **slot = NULL;
	char hex[41];
	int error;

	*out = NULL;
	if (type == GIT_OBJECT_TREE && (slot = &repo->trees[id->id[0]], *slot) &&
	    git_oid_equal(git_odb_object_id(*slot), specsync_git_oid(id)))
		return git_odb_object_dup(out, *slot);
	if ((error = specsync_git_check_loose(repo, specsync_git_oid(id), err)) < 0)
		return error;
	if ((error = git_odb_read(out, repo->odb, specsync_git_oid(id))) < 0)
		return object_error(err, error, type == GIT_OBJECT_TREE ? "tree" : "commit", id);
	if (git_odb_object_type(*out) == type) {
		if (type == GIT_OBJECT_TREE) {
			git_odb_object_free(*slot);
			git_odb_object_dup(slot, *out);
		}
		return 0;
	}
	git_odb_object_free(*out);
	*out = NULL;
	specsync_oid_fmt(hex, id);
	return specsync_fail(err, SPECSYNC_EREPO, "object %s is not a %s", hex,
			     git_object_type2string(type));
}

/* "<prefix><40 hex>\n" at *p: 1 (and *p moved past it), 0 when absent. */
static int hex_line(specsync_oid *out, const char **p, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);
	git_oid id;

	if ((size_t)(end - *p) < n + 41 || memcmp(*p, prefix, n) != 0 || (*p)[n + 40] != '\n' ||
	    git_oid_fromstrn(&id, *p + n, 40) < 0)
		return 0;
	from_git(out, &id);
	*p += n + 41;
	return 1;
}

/*
 * The time of a "<who> Name <email> 1234567890 +0100" line (who: "author ",
 * "committer "), read as libgit2's signature parser reads it: the number
 * two bytes after the last '>' (blanks skipped, optional sign); 0 when
 * there is none. *p moves past the line when it is one.
 */
static int64_t signature_time(const char **pp, const char *end, const char *who)
{
	const char *p = *pp, *eol = memchr(p, '\n', (size_t)(end - p)), *gt = NULL;
	size_t wlen = strlen(who);
	uint64_t t = 0, limit;
	bool neg = false;

	if (!eol || (size_t)(end - p) < wlen || memcmp(p, who, wlen) != 0)
		return 0;
	*pp = eol + 1;
	for (const char *q = p; q < eol; q++)
		if (*q == '>')
			gt = q;
	if (!gt || gt + 2 >= eol)
		return 0;
	for (p = gt + 2; p < eol && (*p == ' ' || (*p >= '\t' && *p <= '\r')); p++)
		;
	if (p < eol && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	/* A commit's date is whatever its author wrote: saturate rather than
	 * overflow (libgit2 refuses what does not fit in 64 bits anyway). */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; p < eol && *p >= '0' && *p <= '9'; p++)
		t = t > (limit - (uint64_t)(*p - '0')) / 10 ? limit : t * 10 + (uint64_t)(*p - '0');
	if (!neg)
		return (int64_t)t;
	return t == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)t;
}

/* Parses a raw commit; `each` (may be NULL) sees every parent. */
static int parse_head(specsync_commit_head *out, const char *data, size_t len, const char *key,
		      specsync_parent_cb each, void *payload)
{
	const char *p = data, *end = data + len, *msg, *eol;
	specsync_oid parent;
	int error;

	if (!hex_line(&out->tree, &p, end, "tree "))
		return -1;
	out->parent_count = 0;
	while (hex_line(&parent, &p, end, "parent ")) {
		if (out->parent_count < 2)
			out->parents[out->parent_count] = parent;
		out->parent_count++;
		if (each && (error = each(&parent, payload)) < 0)
			return error;
	}
	out->time = signature_time(&p, end, "author ");
	/* libgit2 skips further author lines before the committer's */
	while ((size_t)(end - p) > 7 && !memcmp(p, "author ", 7) &&
	       (eol = memchr(p, '\n', (size_t)(end - p))))
		p = eol + 1;
	out->commit_time = signature_time(&p, end, "committer ");
	msg = specsync_raw_commit_body(p, end);
	out->mentions = key && specsync_mentions_key(msg, (size_t)(end - msg), key);
	return 0;
}

/*
 * A commit's meta from its raw bytes (raw_commit.h), the head's tree and
 * parents, .mailmap applied; libgit2 reads the commits that are not
 * plainly well-formed.
 */
static int meta_of(specsync_commit_meta *meta, const specsync_commit_head *h, specsync_repo *repo,
		   const char *data, size_t len, specsync_error *err)
{
	char *name, *email;
	int done, error;

	memset(meta, 0, sizeof(*meta));
	if ((done = specsync_raw_commit_meta(meta, data, len)) == 0)
		return commit_by_libgit2(meta, repo, &h->id, err);
	if (done < 0)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	meta->id = h->id;
	meta->tree = h->tree;
	meta->parents[0] = h->parents[0];
	meta->parents[1] = h->parents[1];
	meta->parent_count = h->parent_count;
	name = meta->author_name;
	email = meta->author_email;
	error = specsync_git_mailmap(&meta->author_name, &meta->author_email, repo, name, email);
	free(name);
	free(email);
	if (error < 0) {
		meta->author_name = meta->author_email = NULL;
		specsync_commit_meta_dispose(meta);
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	return 0;
}

int specsync_git_head_read(specsync_commit_head *out, specsync_commit_meta *meta,
			   specsync_repo *repo, const specsync_oid *id, const char *key,
			   specsync_parent_cb each, void *payload, specsync_error *err)
{
	git_odb_object *obj;
	char hex[41];
	int error;

	memset(out, 0, sizeof(*out));
	out->id = *id;
	if ((error = specsync_git_read_raw(&obj, repo, id, GIT_OBJECT_COMMIT, err)) < 0)
		return error;
	error = parse_head(out, git_odb_object_data(obj), git_odb_object_size(obj), key, each,
			   payload);
	if (error == -1) {
		specsync_oid_fmt(hex, id);
		error = specsync_fail(err, SPECSYNC_EREPO,
				      "reading the history: commit %s is corrupt", hex);
	} else if (!error && meta) {
		error = meta_of(meta, out, repo, git_odb_object_data(obj), git_odb_object_size(obj),
				err);
	}
	git_odb_object_free(obj);
	return error;
}

/* Read raw and parsed here when plainly well-formed; else (and on any
 * error, whose message is then libgit2's) through libgit2. */
int specsync_git_commit(specsync_commit_meta *out, specsync_repo *repo, const specsync_oid *id,
			specsync_error *err)
{
	specsync_commit_head h;
	git_odb_object *obj;
	int error;

	memset(out, 0, sizeof(*out));
	memset(&h, 0, sizeof(h));
	h.id = *id;
	if (specsync_git_read_raw(&obj, repo, id, GIT_OBJECT_COMMIT, err) < 0)
		return commit_by_libgit2(out, repo, id, err);
	if (parse_head(&h, git_odb_object_data(obj), git_odb_object_size(obj), NULL, NULL, NULL) <
	    0)
		error = commit_by_libgit2(out, repo, id, err);
	else
		error = meta_of(out, &h, repo, git_odb_object_data(obj), git_odb_object_size(obj),
				err);
	git_odb_object_free(obj);
	return error;
}

int specsync_git_commit_head(specsync_commit_head *out, specsync_repo *repo,
			     const specsync_oid *id, const char *key, specsync_error *err)
{
	return specsync_git_head_read(out, NULL, repo, id, key, NULL, NULL, err);
}

/* ---- ancestry ----------------------------------------------------------- */

int specsync_git_contains(specsync_repo *repo, const specsync_oid *commit,
			  const specsync_oid *ancestor, specsync_error *err)
{
	int r;

	if (specsync_oid_equal(commit, ancestor))
		return 1;
	r = git_graph_descendant_of(repo->git, specsync_git_oid(commit),
				    specsync_git_oid(ancestor));
	if (r < 0)
		return specsync_git_error(err, r, "comparing commits");
	return r;
}

int specsync_git_branch_commits(specsync_oid **out, size_t *count, specsync_repo *repo,
				const specsync_oid *tips, size_t tip_count,
				const specsync_oid *hide, specsync_error *err)
{
	git_revwalk *walk = NULL;
	specsync_oid *ids = NULL;
	size_t n = 0, alloc = 0;
	git_oid id;
	int error;

	*out = NULL;
	*count = 0;
	if ((error = git_revwalk_new(&walk, repo->git)) < 0)
		goto git_fail;
	git_revwalk_sorting(walk, GIT_SORT_TIME);
	for (size_t i = 0; i < tip_count; i++)
		if ((error = git_revwalk_push(walk, specsync_git_oid(&tips[i]))) < 0)
			goto git_fail;
	if (hide && (error = git_revwalk_hide(walk, specsync_git_oid(hide))) < 0)
		goto git_fail;
	while ((error = git_revwalk_next(&id, walk)) == 0) {
		if (SPECSYNC_ARRAY_RESERVE(ids, alloc, n + 1) < 0) {
			error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
			goto done;
		}
		from_git(&ids[n++], &id);
	}
	if (error != GIT_ITEROVER)
		goto git_fail;
	*out = ids;
	*count = n;
	ids = NULL;
	error = 0;
	goto done;
git_fail:
	error = specsync_git_error(err, error, "walking a merged branch");
done:
	free(ids);
	git_revwalk_free(walk);
	return error;
}

/* ---- index, merge bases, identities -------------------------------------- */

typedef struct index_walk {
	specsync_descend_cb descend;
	specsync_change_cb file;
	void *payload;
} index_walk;

static bool regular_mode(uint16_t mode)
{
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static int index_delta(const git_diff_delta *d, float progress, void *payload)
{
	index_walk *w = payload;
	specsync_tree_change ch;
	specsync_oid o, n;
	bool had = d->status != GIT_DELTA_ADDED, has = d->status != GIT_DELTA_DELETED;

	(void)progress;
	from_git(&o, &d->old_file.id);
	from_git(&n, &d->new_file.id);
	ch.path = has ? d->new_file.path : d->old_file.path;
	ch.old_id = had ? &o : NULL;
	ch.new_id = has ? &n : NULL;
	ch.old_regular = had && regular_mode(d->old_file.mode);
	ch.new_regular = has && regular_mode(d->new_file.mode);
	return w->file(&ch, w->payload);
}

int specsync_git_diff_index(specsync_repo *repo, const specsync_oid *tree,
			    specsync_descend_cb descend, specsync_change_cb file, void *payload,
			    specsync_error *err)
{
	git_diff_options opts;
	git_tree *t = NULL;
	git_index *index = NULL;
	git_diff *diff = NULL;
	index_walk w = { descend, file, payload };
	int error;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_SKIP_BINARY_CHECK | GIT_DIFF_IGNORE_SUBMODULES;
	if (tree && (error = specsync_git_check_loose(repo, specsync_git_oid(tree), err)) < 0)
		goto done;
	if (tree && (error = git_tree_lookup(&t, repo->git, specsync_git_oid(tree))) < 0)
		goto git_fail;
	if ((error = git_repository_index(&index, repo->git)) < 0)
		goto git_fail;
	if (git_index_has_conflicts(index)) {
		error = specsync_fail(err, SPECSYNC_EREPO,
				      "the index has unresolved conflicts: resolve them first");
		goto done;
	}
	if ((error = git_diff_tree_to_index(&diff, repo->git, t, index, &opts)) < 0)
		goto git_fail;
	/* the deltas one by one: git_diff_foreach would load every blob to
	 * build patches nobody reads */
	for (size_t i = 0, n = git_diff_num_deltas(diff); i < n && error >= 0; i++)
		error = index_delta(git_diff_get_delta(diff, i), 0, &w);
	goto done;
git_fail:
	error = specsync_git_error(err, error, "reading the index");
done:
	git_diff_free(diff);
	git_index_free(index);
	git_tree_free(t);
	return error;
}

int specsync_git_merge_base(specsync_oid *out, specsync_repo *repo, const specsync_oid *a,
			    const specsync_oid *b, specsync_error *err)
{
	git_oid id;
	int error;
	char ha[41], hb[41];

	/* libgit2 1.5 cannot walk a shallow history: it fails with "object not
	 * found" before it gets to a merge base */
	if ((error = specsync_git_check_complete(repo, err)) < 0)
		return error;
	error = git_merge_base(&id, repo->git, specsync_git_oid(a), specsync_git_oid(b));
	if (error == GIT_ENOTFOUND) {
		specsync_oid_fmt(ha, a);
		specsync_oid_fmt(hb, b);
		return specsync_fail(err, SPECSYNC_ENOTFOUND,
				     "%.12s and %.12s have no common history: fetch the whole "
				     "history (git fetch --unshallow; on GitHub Actions "
				     "'fetch-depth: 0', on GitLab 'GIT_DEPTH: 0')",
				     ha, hb);
	}
	if (error < 0)
		return specsync_git_error(err, error, "finding the merge base");
	from_git(out, &id);
	return 0;
}

static int try_ref(specsync_oid *out, char **name, specsync_repo *repo, const char *ref)
{
	git_object *obj = NULL, *c = NULL;

	if (git_revparse_single(&obj, repo->git, ref) < 0)
		return SPECSYNC_ENOTFOUND;
	if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return SPECSYNC_ENOTFOUND;
	}
	from_git(out, git_object_id(c));
	git_object_free(c);
	git_object_free(obj);
	*name = specsync_strdup(ref);
	return 0;
}

int specsync_git_default_branch(specsync_oid *out, char **name, specsync_repo *repo,
				specsync_error *err)
{
	git_reference *ref = NULL;
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	int found = SPECSYNC_ENOTFOUND;

	*name = NULL;
	if (git_reference_lookup(&ref, repo->git, "refs/remotes/origin/HEAD") == 0 &&
	    git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC)
		found = try_ref(out, name, repo, git_reference_symbolic_target(ref));
	git_reference_free(ref);
	if (found < 0 && git_repository_config_snapshot(&cfg, repo->git) == 0 &&
	    git_config_get_string_buf(&buf, cfg, "init.defaultBranch") == 0) {
		char full[512];
		snprintf(full, sizeof(full), "refs/heads/%s", buf.ptr);
		found = try_ref(out, name, repo, full);
	}
	git_buf_dispose(&buf);
	git_config_free(cfg);
	if (found < 0)
		found = try_ref(out, name, repo, "refs/heads/main");
	if (found < 0)
		found = try_ref(out, name, repo, "refs/heads/master");
	if (found < 0)
		return specsync_fail(err, SPECSYNC_ENOTFOUND,
				     "cannot tell the default branch (no origin/HEAD, "
				     "init.defaultBranch, main or master)");
	return 0;
}

void specsync_git_identity(char **name, char **email, specsync_repo *repo)
{
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;

	*name = *email = NULL;
	if (git_repository_config_snapshot(&cfg, repo->git) < 0)
		return;
	if (git_config_get_string_buf(&buf, cfg, "user.name") == 0)
		*name = specsync_strdup(buf.ptr);
	git_buf_dispose(&buf);
	if (git_config_get_string_buf(&buf, cfg, "user.email") == 0)
		*email = specsync_strdup(buf.ptr);
	git_buf_dispose(&buf);
	git_config_free(cfg);
}

bool specsync_git_head_unborn(specsync_repo *repo)
{
	return git_repository_head_unborn(repo->git) == 1;
}

int specsync_git_commit_tree(specsync_oid *out, specsync_repo *repo, const specsync_oid *id,
			     specsync_error *err)
{
	git_commit *c;
	int error;

	if ((error = specsync_git_check_loose(repo, specsync_git_oid(id), err)) < 0)
		return error;
	if ((error = git_commit_lookup(&c, repo->git, specsync_git_oid(id))) < 0)
		return object_error(err, error, "commit", id);
	from_git(out, git_commit_tree_id(c));
	git_commit_free(c);
	return 0;
}

int specsync_git_check_complete(specsync_repo *repo, specsync_error *err)
{
	if (git_repository_is_shallow(repo->git) == 1)
		return specsync_fail(err, SPECSYNC_ESHALLOW,
				     "this is a shallow clone: specsync needs the whole history "
				     "(run 'git fetch --unshallow'; on GitHub Actions set "
				     "'fetch-depth: 0', on GitLab 'GIT_DEPTH: 0')");
	return 0;
}

int specsync_git_hooks_path(char **path, char **raw, specsync_repo *repo, specsync_error *err)
{
	git_config *cfg = NULL;
	git_buf expanded = GIT_BUF_INIT, as_written = GIT_BUF_INIT;
	int error;

	*path = *raw = NULL;
	if ((error = git_repository_config_snapshot(&cfg, repo->git)) < 0)
		return specsync_git_error(err, error, "reading the git configuration");
	error = git_config_get_string_buf(&as_written, cfg, "core.hooksPath");
	if (error == GIT_ENOTFOUND) {
		error = 0;
		goto done;
	}
	if (error < 0 || (error = git_config_get_path(&expanded, cfg, "core.hooksPath")) < 0) {
		error = specsync_git_error(err, error, "reading core.hooksPath");
		goto done;
	}
	*path = specsync_strdup(expanded.ptr);
	*raw = specsync_strdup(as_written.ptr);
	if (!*path || !*raw) {
		free(*path);
		free(*raw);
		*path = *raw = NULL;
		error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
done:
	git_buf_dispose(&expanded);
	git_buf_dispose(&as_written);
	git_config_free(cfg);
	return error;
}

const char *specsync_git_dir(const specsync_repo *repo)
{
	return git_repository_path(repo->git);
}
