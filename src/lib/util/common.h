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
