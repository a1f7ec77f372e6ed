/*
 * A read-only reader of a repository's pack files (objects/pack/ *.idx
 * version 2 and their .pack), with the packs of its alternates, inflating
 * with libdeflate. It answers what it can read with certainty and says
 * "not mine" for everything else (loose objects, packs it cannot use,
 * corrupt or unusual entries): the caller then asks libgit2, which stays
 * the reference reader (pack_odb.c plugs this reader into libgit2's object
 * database in front of its own backends).
 *
 * Every read of pack and index bytes is bounds-checked against the mapped
 * files. Not thread-safe: one reader per thread, or a lock around it.
 */
#ifndef SPECSYNC_PACK_H
#define SPECSYNC_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct specsync_packs specsync_packs;

/* What a read gives */
enum {
	SPECSYNC_PACK_OK = 0,
	SPECSYNC_PACK_ABSENT = 1, /* in none of the packs read */
	SPECSYNC_PACK_UNREAD = 2, /* in a pack, but unreadable here: ask libgit2 */
	SPECSYNC_PACK_NOMEM = -1
};

/* Object types as the pack format numbers them (and libgit2 too). */
enum {
	SPECSYNC_PACK_COMMIT = 1,
	SPECSYNC_PACK_TREE = 2,
	SPECSYNC_PACK_BLOB = 3,
	SPECSYNC_PACK_TAG = 4
};

/* Where an object read is returned: alloc(len + 1, payload) gives the
 * buffer (the object is followed by a NUL), NULL when out of memory;
 * release(data, payload) frees one on a failure after it was allocated. */
typedef struct {
	void *(*alloc)(size_t len, void *payload);
	void (*release)(void *data, void *payload);
	void *payload;
} specsync_pack_alloc;

/*
 * The packs of `objects_dir` (the objects directory, with or without a
 * trailing '/') and of its alternates (info/alternates, relative paths
 * against the directory that names them, five levels deep as git and
 * libgit2). Packs that cannot be used (no .idx, e.g. one known only to a
 * multi-pack-index, an index of version 1, a pack whose trailer differs
 * from what its index names, a file that cannot be mapped) are left out;
 * a pack marked .promisor is read (what a partial clone lacks is in no
 * index). 0 (possibly with no pack at all), or SPECSYNC_PACK_NOMEM. Free
 * with specsync_packs_free.
 */
int specsync_packs_open(specsync_packs **out, const char *objects_dir);
void specsync_packs_free(specsync_packs *packs);

/* A reader of no pack yet (NULL when out of memory), and one more pack for
 * it: the index and pack in memory (kept by the caller, who frees them
 * after the reader), checked as files are; 0, or -1 when they do not fit
 * or memory is short. For tests. */
specsync_packs *specsync_packs_new(void);
int specsync_packs_add_memory(specsync_packs *packs, const unsigned char *idx, size_t idx_len,
			      const unsigned char *pack, size_t pack_len);

/* Number of packs read (tests). */
size_t specsync_packs_count(const specsync_packs *packs);

/* Whether `id` (20 bytes) is in one of the packs' indexes. */
bool specsync_packs_has(specsync_packs *packs, const unsigned char *id);

/*
 * Reads object `id`: *data from `a` holding its inflated bytes and a NUL
 * (the caller owns it), *len, *type (1-4). SPECSYNC_PACK_OK, _ABSENT,
 * _UNREAD (nothing returned), or _NOMEM.
 */
int specsync_packs_read(void **data, size_t *len, int *type, specsync_packs *packs,
			const unsigned char *id, const specsync_pack_alloc *a);

/* The type and inflated size of `id`, as specsync_packs_read would give
 * them; a delta's object is resolved and kept for the read that usually
 * follows. Same returns. */
int specsync_packs_header(size_t *len, int *type, specsync_packs *packs, const unsigned char *id);

#endif
