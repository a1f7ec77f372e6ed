/*
 * 128-bit (two independent 64-bit halves) non-cryptographic hash used for
 * section fingerprints and caches. Stable across runs and platforms.
 */
#ifndef SPECSYNC_HASH_H
#define SPECSYNC_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct specsync_hash128 {
	uint64_t h1, h2;
} specsync_hash128;

typedef struct specsync_hasher {
	uint64_t a, b;
	uint64_t len;
} specsync_hasher;

void specsync_hasher_init(specsync_hasher *h);
void specsync_hasher_update(specsync_hasher *h, const void *data, size_t len);
specsync_hash128 specsync_hasher_final(const specsync_hasher *h);
specsync_hash128 specsync_hash(const void *data, size_t len);
/*
 * XXH3-128 of data: about half of specsync_hash's instructions on texts of a
 * few hundred bytes, with the same odds of an accidental collision. For
 * keys held in memory (the section memo); specsync_hash stays the one
 * whose values are stored.
 */
specsync_hash128 specsync_hash_fast(const void *data, size_t len);
/* 64-bit string hash for hash tables. */
uint64_t specsync_hash_str(const char *s, size_t len);
/*
 * XXH3-128 (xxHash 0.8, a frozen format) of data, written to out as 32
 * lower-case hex digits in its canonical order (high 64 bits first, as
 * `xxhsum -H2` prints it). For values other systems keep, such as CI
 * fingerprints: unlike specsync_hash(), its definition is not ours to change.
 */
void specsync_hash_xxh3_hex(char out[33], const void *data, size_t len);
/* Bijective 64-bit mixer (avalanche). */
uint64_t specsync_mix64(uint64_t x);

#endif
