/*
 * The pack reader (pack.h) as a libgit2 object database backend, asked
 * before libgit2's own. See pack_odb.h.
 *
 * libgit2's object database asks its backends in order of priority; one
 * that answers GIT_ENOTFOUND or GIT_PASSTHROUGH lets the next one try. So
 * every object this reader cannot read with certainty (loose, in a pack it
 * left out, a corrupt entry) is read by libgit2's pack and loose backends,
 * as before. What libgit2 does around a backend stays the same for ours:
 * its object cache (with the limits repo.c sets) and its hash check (off,
 * see repo.c) apply to what any backend returns.
 */
#include "pack_odb.h"

#include "pack.h"

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Above libgit2's packed (2) and loose (1) backends. */
#define PRIORITY 3

typedef struct {
	git_odb_backend parent;
	specsync_packs *packs;
	/* libgit2 may share an object database between threads; the reader
	 * keeps a cache and one decompressor */
	pthread_mutex_t lock;
} pack_backend;

static void *data_alloc(size_t len, void *payload)
{
	return git_odb_backend_data_alloc(payload, len);
}

static void data_release(void *data, void *payload)
{
	git_odb_backend_data_free(payload, data);
}

/* GIT_ENOTFOUND when absent, GIT_PASSTHROUGH when libgit2 must read it. */
static int git_code(int rc)
{
	return rc == SPECSYNC_PACK_OK       ? 0
	       : rc == SPECSYNC_PACK_ABSENT ? GIT_ENOTFOUND
	       : rc == SPECSYNC_PACK_NOMEM  ? -1
					    : GIT_PASSTHROUGH;
}

static int be_read(void **data, size_t *len, git_object_t *type, git_odb_backend *backend,
		   const git_oid *id)
{
	pack_backend *b = (pack_backend *)backend;
	specsync_pack_alloc a = {data_alloc, data_release, backend};
	int t = 0, rc;

	pthread_mutex_lock(&b->lock);
	rc = specsync_packs_read(data, len, &t, b->packs, id->id, &a);
	pthread_mutex_unlock(&b->lock);
	if (rc == SPECSYNC_PACK_NOMEM)
		git_error_set_oom();
	*type = (git_object_t)t;
	return git_code(rc);
}

static int be_read_header(size_t *len, git_object_t *type, git_odb_backend *backend,
			  const git_oid *id)
{
	pack_backend *b = (pack_backend *)backend;
	int t = 0, rc;

	pthread_mutex_lock(&b->lock);
	rc = specsync_packs_header(len, &t, b->packs, id->id);
	pthread_mutex_unlock(&b->lock);
	if (rc == SPECSYNC_PACK_NOMEM)
		git_error_set_oom();
	*type = (git_object_t)t;
	return git_code(rc);
}

static int be_exists(git_odb_backend *backend, const git_oid *id)
{
	pack_backend *b = (pack_backend *)backend;
	bool has;

	pthread_mutex_lock(&b->lock);
	has = specsync_packs_has(b->packs, id->id);
	pthread_mutex_unlock(&b->lock);
	return has;
}

static void be_free(git_odb_backend *backend)
{
	pack_backend *b = (pack_backend *)backend;

	specsync_packs_free(b->packs);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

bool specsync_pack_reader_enabled(void)
{
	const char *v = getenv("SPECSYNC_PACK_READER");

	return !v || strcmp(v, "libgit2") != 0;
}

int specsync_pack_odb_add(struct git_odb *odb, const char *objects_dir)
{
	pack_backend *b;

	if (!objects_dir || !specsync_pack_reader_enabled())
		return 0;
	if (!(b = calloc(1, sizeof(*b))))
		return -1;
	if (git_odb_init_backend(&b->parent, GIT_ODB_BACKEND_VERSION) < 0 ||
	    pthread_mutex_init(&b->lock, NULL) != 0) {
		free(b);
		return -1;
	}
	if (specsync_packs_open(&b->packs, objects_dir) < 0) {
		be_free(&b->parent);
		return -1;
	}
	if (specsync_packs_count(b->packs) == 0) {
		be_free(&b->parent);
		return 0;
	}
	b->parent.read = be_read;
	b->parent.read_header = be_read_header;
	b->parent.exists = be_exists;
	b->parent.free = be_free;
	if (git_odb_add_backend(odb, &b->parent, PRIORITY) < 0) {
		be_free(&b->parent);
		return -1;
	}
	return 0;
}
