/* madvise and MADV_HUGEPAGE (beyond POSIX) */
#define _DEFAULT_SOURCE

#include "common.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#ifdef __linux__
# include <sys/mman.h>
#endif

static void set_message(specsync_error *err, const char *fmt, va_list ap)
{
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
}

int specsync_fail(specsync_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	specsync_error_clear(err);
	err->code = code;
	va_start(ap, fmt);
	set_message(err, fmt, ap);
	va_end(ap);
	return code;
}

int specsync_fail_at(specsync_error *err, int code, const char *path, unsigned line,
		     unsigned column, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	specsync_error_clear(err);
	err->code = code;
	if (path)
		snprintf(err->path, sizeof(err->path), "%s", path);
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	set_message(err, fmt, ap);
	va_end(ap);
	return code;
}

void specsync_error_clear(specsync_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->message[0] = '\0';
	err->path[0] = '\0';
	err->line = 0;
	err->column = 0;
}

void specsync_error_format(char *out, size_t size, const specsync_error *err)
{
	int n = 0;

	if (!size)
		return;
	out[0] = '\0';
	if (!err)
		return;
	if (err->path[0] && err->line && err->column)
		n = snprintf(out, size, "%s:%u:%u: ", err->path, err->line, err->column);
	else if (err->path[0] && err->line)
		n = snprintf(out, size, "%s:%u: ", err->path, err->line);
	else if (err->path[0])
		n = snprintf(out, size, "%s: ", err->path);
	if (n < 0 || (size_t)n >= size)
		return;
	snprintf(out + n, size - (size_t)n, "%s", err->message[0] ? err->message : "unknown error");
}

void *specsync_calloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size ? size : 1);
}

void *specsync_reallocarray(void *ptr, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return realloc(ptr, (n && size) ? n * size : 1);
}

#define HUGE_PAGE ((uintptr_t)2 << 20)

void specsync_mem_hint_huge(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	uintptr_t from = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t to = ((uintptr_t)p + size) & ~(HUGE_PAGE - 1);

	/* SPECSYNC_NO_HUGEPAGES: where the kernel compacts memory to find
	 * huge pages (defrag "madvise") and that stalls, or to compare */
	if (to > from && !getenv("SPECSYNC_NO_HUGEPAGES"))
		(void)madvise((void *)from, to - from, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

static void *map_zeroed(size_t size, bool huge, size_t *mapped)
{
#ifdef __linux__
	size_t len, extra = huge ? HUGE_PAGE : 0;
	char *map, *p;
	uintptr_t at;

	if (size > SIZE_MAX - 2 * HUGE_PAGE)
		return NULL;
	len = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	/* a huge page more, to cut an aligned block out of */
	map = mmap(NULL, len + extra, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	p = map;
	if (huge) {
		at = ((uintptr_t)map + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		p = map + (at - (uintptr_t)map);
		if (p > map)
			munmap(map, (size_t)(p - map));
		if (map + len + extra > p + len)
			munmap(p + len, (size_t)(map + len + extra - (p + len)));
		specsync_mem_hint_huge(p, len);
	}
	*mapped = len;
	return p;
#else
	(void)huge;
	*mapped = 0;
	return calloc(1, size ? size : 1);
#endif
}

void *specsync_mem_huge_alloc(size_t size, size_t *mapped)
{
	return map_zeroed(size, true, mapped);
}

void *specsync_mem_zero_alloc(size_t size, size_t *mapped)
{
	return map_zeroed(size, false, mapped);
}

void specsync_mem_map_free(void *p, size_t mapped)
{
	if (!p)
		return;
#ifdef __linux__
	munmap(p, mapped);
#else
	(void)mapped;
	free(p);
#endif
}

char *specsync_strdup(const char *s)
{
	return s ? specsync_strndup(s, strlen(s)) : NULL;
}

char *specsync_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int specsync_email_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && tolower(*x) == tolower(*y)) {
		x++;
		y++;
	}
	return tolower(*x) - tolower(*y);
}

char *specsync_strdup_lower(const char *s)
{
	char *p = specsync_strdup(s);

	for (char *q = p; q && *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

int specsync_array_reserve(void **items, size_t *alloc, size_t need, size_t size)
{
	size_t n;
	void *p;

	if (need <= *alloc)
		return 0;
	n = *alloc ? *alloc : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return SPECSYNC_ENOMEM;
		n *= 2;
	}
	p = specsync_reallocarray(*items, n, size);
	if (!p)
		return SPECSYNC_ENOMEM;
	*items = p;
	*alloc = n;
	return 0;
}

const char *specsync_level_name(specsync_level level)
{
	switch (level) {
	case SPECSYNC_LEVEL_ERROR:
		return "error";
	case SPECSYNC_LEVEL_WARNING:
		return "warning";
	default:
		return "off";
	}
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Whether key k[0..n) matches p[0..n), ASCII case folded. */
static bool key_at(const unsigned char *p, const unsigned char *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fold(p[i]) != fold(k[i]))
			return false;
	return true;
}

/*
 * A key's byte that case folding leaves alone and that is no letter ('-'
 * in "Sync-Ack"): found with memchr, it is rare in commit messages; else
 * the key's first byte, looked for in both cases. Commit messages are
 * scanned for the key on every commit of a walk (5 % of a cold audit of
 * git's history when it was done byte by byte).
 */
bool specsync_mentions_key(const char *text, size_t len, const char *key)
{
	const unsigned char *p = (const unsigned char *)text, *end, *q;
	const unsigned char *k = (const unsigned char *)key;
	size_t n = strlen(key), j = 0;
	unsigned char lo, up;

	if (!n)
		return false;
	if ((end = memchr(p, '\0', len)) == NULL)
		end = p + len;
	while (j < n && ((k[j] | 32) >= 'a' && (k[j] | 32) <= 'z'))
		j++;
	if (j == n)
		j = 0;
	lo = fold(k[j]);
	up = lo >= 'a' && lo <= 'z' ? (unsigned char)(lo - 32) : lo;
	for (q = p + j; q < end; q++) {
		const unsigned char *a = memchr(q, lo, (size_t)(end - q));
		const unsigned char *b =
			up != lo ? memchr(q, up, (size_t)((a ? a : end) - q)) : NULL;

		if (!(q = b ? b : a))
			return false;
		if ((size_t)(end - (q - j)) < n)
			return false;
		if (key_at(q - j, k, n))
			return true;
	}
	return false;
}
