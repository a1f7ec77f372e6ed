/*
 * Little-endian encoding. See wire.h.
 */
#include "common.h"
#include "wire.h"

void specsync_le32(unsigned char out[4], uint32_t v)
{
	for (int i = 0; i < 4; i++)
		out[i] = (unsigned char)(v >> (8 * i));
}

void specsync_le64(unsigned char out[8], uint64_t v)
{
	for (int i = 0; i < 8; i++)
		out[i] = (unsigned char)(v >> (8 * i));
}

/* Where `n` more bytes go in `b` (grown when needed; NULL when it cannot
 * grow or is failed). The writers below store straight there: a history
 * is a million fields, and each went through two calls and a memcpy. */
static unsigned char *room(specsync_buf *b, size_t n)
{
	if (b->failed || ((n >= b->asize - b->size || (b->limit && b->size + n > b->limit)) &&
			  specsync_buf_grow(b, n) < 0))
		return NULL;
	return (unsigned char *)b->ptr + b->size;
}

/* Accounts for `n` bytes written at room()'s pointer. */
static void wrote(specsync_buf *b, size_t n)
{
	b->size += n;
	b->ptr[b->size] = '\0';
}

void specsync_put_u32(specsync_buf *b, uint32_t v)
{
	unsigned char *p = room(b, 4);

	if (p) {
		specsync_le32(p, v);
		wrote(b, 4);
	}
}

void specsync_put_u64(specsync_buf *b, uint64_t v)
{
	unsigned char *p = room(b, 8);

	if (p) {
		specsync_le64(p, v);
		wrote(b, 8);
	}
}

void specsync_put_str(specsync_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	unsigned char *p = n <= UINT32_MAX ? room(b, 4 + n) : NULL;

	if (!p) {
		b->failed = true;
		return;
	}
	specsync_le32(p, (uint32_t)n);
	if (n)
		memcpy(p + 4, s, n);
	wrote(b, 4 + n);
}

size_t specsync_get_count(specsync_reader *r, size_t min)
{
	uint64_t n = specsync_get_u64(r);

	if (!r->ok || (min && n > (uint64_t)(r->end - r->p) / min)) {
		r->ok = false;
		return 0;
	}
	return (size_t)n;
}

char *specsync_get_str(specsync_reader *r, specsync_arena *a)
{
	uint32_t n = specsync_get_u32(r);
	char *s;

	if (!r->ok || n > (size_t)(r->end - r->p)) {
		r->ok = false;
		return NULL;
	}
	s = a ? specsync_arena_strndup(a, (const char *)r->p, n) : malloc((size_t)n + 1);
	if (!s) {
		r->ok = false;
		return NULL;
	}
	if (!a) {
		memcpy(s, r->p, n);
		s[n] = '\0';
	}
	r->p += n;
	return s;
}

void specsync_get_bytes(specsync_reader *r, void *out, size_t n)
{
	if ((size_t)(r->end - r->p) < n) {
		r->ok = false;
		return;
	}
	if (out)
		memcpy(out, r->p, n);
	r->p += n;
}
