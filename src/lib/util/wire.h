/*
 * Little-endian fixed-width integers and length-prefixed strings, for the
 * files specsync writes for itself (the cache). A reader never reads past
 * its end: the first short read clears `ok` and every later read yields 0
 * or NULL.
 */
#ifndef SPECSYNC_WIRE_H
#define SPECSYNC_WIRE_H

#include "arena.h"
#include "common.h"

/* The little-endian bytes of `v`, and back (for records written or read
 * whole: one bounds check and one copy for many fields). */
void specsync_le32(unsigned char out[4], uint32_t v);
void specsync_le64(unsigned char out[8], uint64_t v);
static inline uint32_t specsync_from_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t specsync_from_le64(const unsigned char *p)
{
	return specsync_from_le32(p) | (uint64_t)specsync_from_le32(p + 4) << 32;
}

void specsync_put_u32(specsync_buf *b, uint32_t v);
void specsync_put_u64(specsync_buf *b, uint64_t v);
/* u32 length, then the bytes (NULL: ""). */
void specsync_put_str(specsync_buf *b, const char *s);

typedef struct specsync_reader {
	const unsigned char *p, *end;
	bool ok;
} specsync_reader;

/* Inline: a history is a million fields. */
static inline uint32_t specsync_get_u32(specsync_reader *r)
{
	uint32_t v;

	if (!r->ok || (size_t)(r->end - r->p) < 4) {
		r->ok = false;
		return 0;
	}
	v = specsync_from_le32(r->p);
	r->p += 4;
	return v;
}

static inline uint64_t specsync_get_u64(specsync_reader *r)
{
	uint64_t v;

	if (!r->ok || (size_t)(r->end - r->p) < 8) {
		r->ok = false;
		return 0;
	}
	v = specsync_from_le64(r->p);
	r->p += 8;
	return v;
}
/* A count of items of at least `min` bytes each that must fit the rest. */
size_t specsync_get_count(specsync_reader *r, size_t min);
/* A string, in `a` (NULL: malloc'ed, free()). */
char *specsync_get_str(specsync_reader *r, specsync_arena *a);
/* n raw bytes into out (NULL: skipped). */
void specsync_get_bytes(specsync_reader *r, void *out, size_t n);

#endif
