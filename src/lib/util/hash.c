/*
 * Two 64-bit lanes fed 8 bytes at a time, each with its own odd multiplier
 * and rotation, finished with a strong avalanche mixer. Not cryptographic:
 * it only has to make accidental collisions between section texts
 * negligible (2^-128).
 */
#include "hash.h"

#include <stdio.h>
#include <string.h>

/* Header-only: no run-time library to install or load. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#define K1 0x9e3779b97f4a7c15ull
#define K2 0xc2b2ae3d27d4eb4full
#define K3 0x165667b19e3779f9ull
#define K4 0xd6e8feb86659fd93ull

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

uint64_t specsync_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

void specsync_hasher_init(specsync_hasher *h)
{
	h->a = K3;
	h->b = K4;
	h->len = 0;
}

static void round8(specsync_hasher *h, uint64_t w)
{
	h->a = rotl(h->a ^ (w * K1), 29) * K2;
	h->b = rotl(h->b + (w * K2), 31) * K1 + K3;
}

/*
 * Bytes are consumed in whole words; a partial tail is kept in the low bits
 * of `len`'s companion: to stay simple, update() must be called with the
 * whole input or with multiples of 8 bytes except for the last call.
 */
void specsync_hasher_update(specsync_hasher *h, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t w;

	h->len += len;
	while (len >= 8) {
		memcpy(&w, p, 8);
		round8(h, w);
		p += 8;
		len -= 8;
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);
		round8(h, w ^ ((uint64_t)len << 56));
	}
}

specsync_hash128 specsync_hasher_final(const specsync_hasher *h)
{
	specsync_hash128 r;

	r.h1 = specsync_mix64(h->a ^ specsync_mix64(h->len + K1));
	r.h2 = specsync_mix64(h->b + specsync_mix64(h->len ^ K2) + r.h1);
	return r;
}

specsync_hash128 specsync_hash(const void *data, size_t len)
{
	specsync_hasher h;

	specsync_hasher_init(&h);
	specsync_hasher_update(&h, data, len);
	return specsync_hasher_final(&h);
}

specsync_hash128 specsync_hash_fast(const void *data, size_t len)
{
	XXH128_hash_t h = XXH3_128bits(data, len);
	specsync_hash128 r = {h.low64, h.high64};

	return r;
}

uint64_t specsync_hash_str(const char *s, size_t len)
{
	return specsync_hash(s, len).h1;
}

void specsync_hash_xxh3_hex(char out[33], const void *data, size_t len)
{
	XXH128_hash_t h = XXH3_128bits(data, len);

	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64,
		 (unsigned long long)h.low64);
}
