/*
 * git's delta format. See pack_delta.h.
 *
 * After the two sizes come instructions. A byte with its high bit set
 * copies from the base: its low four bits say which of four offset bytes
 * follow, the next three bits which of three size bytes (little-endian,
 * absent bytes are 0; a size of 0 means 0x10000). A byte 1-127 inserts
 * that many literal bytes that follow it. 0 is reserved.
 */
#include "pack_delta.h"

#include <string.h>

static int varint(uint64_t *out, const unsigned char **p, const unsigned char *end)
{
	uint64_t v = 0;
	unsigned shift = 0;
	unsigned char c;

	do {
		if (*p >= end || shift > 63)
			return -1;
		c = *(*p)++;
		if (shift == 63 && (c & 0x7e))
			return -1;
		v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	*out = v;
	return 0;
}

int specsync_delta_sizes(uint64_t *base_size, uint64_t *result_size, size_t *used,
			 const unsigned char *delta, size_t len)
{
	const unsigned char *p = delta, *end = delta + len;

	if (varint(base_size, &p, end) < 0 || varint(result_size, &p, end) < 0)
		return -1;
	*used = (size_t)(p - delta);
	return 0;
}

/* The offset and size of the copy instruction `op`; *p moves past them. */
static int copy_args(size_t *off, size_t *size, unsigned char op, const unsigned char **p,
		     const unsigned char *end)
{
	uint32_t o = 0, s = 0;

	for (unsigned i = 0; i < 4; i++)
		if (op & (1u << i)) {
			if (*p >= end)
				return -1;
			o |= (uint32_t) * (*p)++ << (8 * i);
		}
	for (unsigned i = 0; i < 3; i++)
		if (op & (0x10u << i)) {
			if (*p >= end)
				return -1;
			s |= (uint32_t) * (*p)++ << (8 * i);
		}
	*off = o;
	*size = s ? s : 0x10000;
	return 0;
}

int specsync_delta_apply(unsigned char *out, size_t out_len, const unsigned char *base,
			 size_t base_len, const unsigned char *delta, size_t len)
{
	const unsigned char *p = delta, *end = delta + len;
	uint64_t bsize, rsize;
	size_t used, at = 0, off, size;

	if (specsync_delta_sizes(&bsize, &rsize, &used, delta, len) < 0 || bsize != base_len ||
	    rsize != out_len)
		return -1;
	p += used;
	while (p < end) {
		unsigned char op = *p++;

		if (op & 0x80) {
			if (copy_args(&off, &size, op, &p, end) < 0 || off > base_len ||
			    size > base_len - off || size > out_len - at)
				return -1;
			memcpy(out + at, base + off, size);
		} else if (op) {
			size = op;
			if (size > (size_t)(end - p) || size > out_len - at)
				return -1;
			memcpy(out + at, p, size);
			p += size;
		} else {
			return -1;
		}
		at += size;
	}
	return at == out_len ? 0 : -1;
}
