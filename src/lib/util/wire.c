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

uint32_t specsync_from_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t specsync_from_le64(const unsigned char *p)
{
	return specsync_from_le32(p) | (uint64_t)specsync_from_le32(p + 4) << 32;
}

void specsync_put_u32(specsync_buf *b, uint32_t v)
{
	unsigned char x[4];

	specsync_le32(x, v);
	specsync_buf_put(b, (const char *)x, 4);
}

void specsync_put_u64(specsync_buf *b, uint64_t v)
{
	unsigned char x[8];

	specsync_le64(x, v);
	specsync_buf_put(b, (const char *)x, 8);
}

void specsync_put_str(specsync_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	specsync_put_u32(b, (uint32_t)n);
	specsync_buf_put(b, s ? s : "", n);
}

/* Whether `n` more bytes are there (else the reader fails). */
static bool have(specsync_reader *r, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		r->ok = false;
	return r->ok;
}

uint32_t specsync_get_u32(specsync_reader *r)
{
	uint32_t v;

	if (!have(r, 4))
		return 0;
	v = specsync_from_le32(r->p);
	r->p += 4;
	return v;
}

uint64_t specsync_get_u64(specsync_reader *r)
{
	uint64_t v;

	if (!have(r, 8))
		return 0;
	v = specsync_from_le64(r->p);
	r->p += 8;
	return v;
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
