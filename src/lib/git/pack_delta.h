/*
 * git's delta format (the payload of OFS_DELTA and REF_DELTA pack entries),
 * applied with every read bounds-checked. Pure functions of their inputs:
 * no allocation, no I/O.
 */
#ifndef SPECSYNC_PACK_DELTA_H
#define SPECSYNC_PACK_DELTA_H

#include <stddef.h>
#include <stdint.h>

/* The base and result sizes a delta starts with (two little-endian base-128
 * numbers); *used is the number of header bytes. 0, or -1 when the header
 * is cut short or a size does not fit in 64 bits. */
int specsync_delta_sizes(uint64_t *base_size, uint64_t *result_size, size_t *used,
			 const unsigned char *delta, size_t len);

/* Applies `delta` to `base` into `out`, which holds exactly the result size
 * the delta's header names (out_len). 0, or -1 when the delta is malformed:
 * its base size differs from base_len, an instruction is reserved (0) or
 * cut short, a copy leaves the base, the output would overflow or not be
 * filled exactly. `out` is scratch on failure. */
int specsync_delta_apply(unsigned char *out, size_t out_len, const unsigned char *base,
			 size_t base_len, const unsigned char *delta, size_t len);

#endif
