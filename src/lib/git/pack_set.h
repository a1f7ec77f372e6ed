/*
 * The pack files of an objects directory and of its alternates, mapped
 * read-only, and the lookup of an id in a pack's index (version 2). Used
 * by pack.c; see pack.h for the reader as a whole.
 */
#ifndef SPECSYNC_PACK_SET_H
#define SPECSYNC_PACK_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One pack and its index, both mapped whole. */
typedef struct {
	const unsigned char *idx, *data;
	size_t idx_len, data_len;
	size_t body_end; /* data_len - 20: the checksum follows the entries */
	uint32_t count;  /* objects */
	const unsigned char *ids, *off32, *off64;
	size_t n64;  /* 8-byte offsets the index holds */
	bool mapped; /* by specsync_pack_map (else the caller's buffers) */
	size_t read; /* bytes read since its pages were last given back (atomic) */
} specsync_pack;

typedef struct specsync_pack_set {
	specsync_pack *packs;
	size_t count, cap;
	char **dirs; /* objects directories read (real paths), against loops */
	size_t ndirs;
	/* specsync_pack_set_acquire's registry */
	char *key; /* the objects directory's real path */
	unsigned refs;
	struct specsync_pack_set *next;
} specsync_pack_set;

/*
 * Maps `idx_path` and `pack_path` into *pk after checking that they fit
 * (index version 2 with consistent counts, a pack of version 2 or 3 with
 * the same object count, whose checksum is the one the index names).
 * 0, or -1 (nothing mapped) when either cannot be used.
 */
int specsync_pack_map(specsync_pack *pk, const char *idx_path, const char *pack_path);
void specsync_pack_unmap(specsync_pack *pk);

/*
 * Notes that `n` bytes of `pk` were read. Every page of a mapping that a
 * reader touched stays resident, so a walk over a large pack would keep it
 * all (the whole pack, 179 MB of a 100,000-commit history); after about
 * SPECSYNC_PACK_RESIDENT_STEP bytes read from a mapped pack, its pages are
 * given back (MADV_DONTNEED: a later read faults them in again from the
 * page cache, the bytes are the same). Thread-safe: the mapping is
 * read-only and shared.
 */
#define SPECSYNC_PACK_RESIDENT_STEP ((size_t)16 << 20)
void specsync_pack_note_read(const specsync_pack *pk, size_t n);

/* The same checks on an index and a pack in memory, which stay the
 * caller's (tests: buffers of the exact size, where the sanitizer sees
 * any read past their end, which it cannot on a mapped file). */
int specsync_pack_wrap(specsync_pack *pk, const unsigned char *idx, size_t idx_len,
		       const unsigned char *data, size_t data_len);

/* The offset of `id` (20 bytes) in `pk`: true, or false when the index
 * does not hold it (or names an 8-byte offset it does not have). */
bool specsync_pack_find(uint64_t *off, const specsync_pack *pk, const unsigned char *id);

/* Fills `set` (zeroed by the caller) with the usable packs of `objects_dir`
 * and its alternates: 0, or -1 when out of memory. */
int specsync_pack_set_load(specsync_pack_set *set, const char *objects_dir);
void specsync_pack_set_dispose(specsync_pack_set *set);

/*
 * The packs of `objects_dir` and its alternates, mapped once per process
 * and shared by every reader of the same directory (the walk's and the
 * prefetch worker's repositories: two mappings of one pack would count its
 * pages twice in the resident size). Thread-safe; the set is read-only once
 * returned. Packs written after the first reader loaded them are not seen
 * until every reader released the set (libgit2 reads their objects).
 * 0, or -1 when out of memory. Release with specsync_pack_set_release.
 */
int specsync_pack_set_acquire(specsync_pack_set **out, const char *objects_dir);
void specsync_pack_set_release(specsync_pack_set *set);

/* Appends a pack (mapped or wrapped): 0, or -1 when out of memory. */
int specsync_pack_set_add(specsync_pack_set *set, const specsync_pack *pk);

#endif
