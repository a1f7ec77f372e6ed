/*
 * Internal helpers shared by every module of the library.
 */
#ifndef SPECSYNC_COMMON_H
#define SPECSYNC_COMMON_H

#include "specsync.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * Fills `err` (when not NULL) and returns `code`, so that callers can write
 * `return specsync_fail(err, SPECSYNC_ECONFIG, "...")`.
 */
int specsync_fail(specsync_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Same, with the place in an input file (line/column 1-based, 0 unknown). */
int specsync_fail_at(specsync_error *err, int code, const char *path, unsigned line,
		     unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Allocation helpers: return NULL on failure (never abort). */
void *specsync_calloc(size_t n, size_t size);
void *specsync_reallocarray(void *ptr, size_t n, size_t size);
char *specsync_strdup(const char *s);
char *specsync_strndup(const char *s, size_t n);

/*
 * Asks the kernel to back the whole 2 MiB pages inside [p, p + size) with
 * huge pages (MADV_HUGEPAGE): one fault per 2 MiB instead of 512. For a
 * block about to be filled whole; best effort, and without effect where
 * the platform has no transparent huge pages, or SPECSYNC_NO_HUGEPAGES is
 * set in the environment.
 */
void specsync_mem_hint_huge(void *p, size_t size);

/*
 * A zeroed block of at least `size` bytes in a mapping of its own, aligned
 * for huge pages and hinted as above; *mapped gets what to give
 * specsync_mem_map_free. For big blocks that live and die whole: freed, a
 * mapping goes back to the kernel, and small allocations never land in it
 * (a touch there would fault in 2 MiB). NULL on failure.
 */
void *specsync_mem_huge_alloc(size_t size, size_t *mapped);
/* The same on small pages, none brought in before it is touched: for a
 * big table that is mostly left empty. */
void *specsync_mem_zero_alloc(size_t size, size_t *mapped);
void specsync_mem_map_free(void *p, size_t mapped);

/* Grows *items (of *alloc elements of `size` bytes) to hold `need`. */
int specsync_array_reserve(void **items, size_t *alloc, size_t need, size_t size);

#define SPECSYNC_ARRAY_RESERVE(arr, alloc, need) \
	specsync_array_reserve((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

/*
 * True when `key` occurs in text[0..len), up to its first NUL, ignoring
 * ASCII case (as strncasecmp in the C locale). An empty key never occurs.
 */
bool specsync_mentions_key(const char *text, size_t len, const char *key);

/*
 * specsync_buf_put() without a call when the bytes fit (no growth, no
 * limit, not failed): for the renderers' hot paths, which append many
 * small pieces. Same contract.
 */
static inline void specsync_buf_append(specsync_buf *buf, const char *data, size_t len)
{
	if (len < buf->asize - buf->size && !buf->limit && !buf->failed) {
		memcpy(buf->ptr + buf->size, data, len);
		buf->size += len;
		buf->ptr[buf->size] = '\0';
	} else {
		specsync_buf_put(buf, data, len);
	}
}

/* ASCII lower-casing copy; caller frees. */
char *specsync_strdup_lower(const char *s);

/* strcmp of the ASCII lower-cased strings (e-mail addresses compare so:
 * commits keep them as written, roles match them whatever the case). */
int specsync_email_cmp(const char *a, const char *b);

#endif
