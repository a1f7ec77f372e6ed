#include "common.h"

#include <stdio.h>

int specsync_buf_grow(specsync_buf *buf, size_t extra)
{
	size_t need, n;
	char *p;

	if (buf->failed)
		return SPECSYNC_ENOMEM;
	if (extra > SIZE_MAX - buf->size - 1)
		goto fail;
	need = buf->size + extra + 1;
	if (buf->limit && need - 1 > buf->limit)
		goto fail;
	if (need <= buf->asize)
		return 0;
	n = buf->asize ? buf->asize : 64;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	p = realloc(buf->ptr, n);
	if (!p)
		goto fail;
	buf->ptr = p;
	buf->asize = n;
	return 0;
fail:
	buf->failed = true;
	return SPECSYNC_ENOMEM;
}

/* Room for `len` more bytes without growing (and within the limit). */
static bool fits(const specsync_buf *buf, size_t len)
{
	return !buf->failed && len < buf->asize - buf->size &&
	       (!buf->limit || buf->size + len <= buf->limit);
}

int specsync_buf_put(specsync_buf *buf, const char *data, size_t len)
{
	if (!fits(buf, len) && specsync_buf_grow(buf, len) < 0)
		return SPECSYNC_ENOMEM;
	if (len)
		memcpy(buf->ptr + buf->size, data, len);
	buf->size += len;
	buf->ptr[buf->size] = '\0';
	return 0;
}

int specsync_buf_puts(specsync_buf *buf, const char *str)
{
	return specsync_buf_put(buf, str, strlen(str));
}

int specsync_buf_putc(specsync_buf *buf, char c)
{
	if (!fits(buf, 1))
		return specsync_buf_put(buf, &c, 1);
	buf->ptr[buf->size++] = c;
	buf->ptr[buf->size] = '\0';
	return 0;
}

static void put_unsigned(specsync_buf *buf, unsigned long long v, bool negative)
{
	char tmp[24], *p = tmp + sizeof(tmp);

	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	if (negative)
		*--p = '-';
	specsync_buf_put(buf, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void put_signed(specsync_buf *buf, long long v)
{
	put_unsigned(buf, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0);
}

/*
 * What vsnprintf would append, for formats of text, %s, %%, %c and
 * integers (d, u with l, ll or z) without flags, width or precision.
 * Returns false, with nothing appended, at any other conversion.
 */
static bool simple_printf(specsync_buf *buf, const char *fmt, va_list ap)
{
	size_t before = buf->size;
	const char *p = fmt, *pct, *s;

	while ((pct = strchr(p, '%')) != NULL) {
		specsync_buf_put(buf, p, (size_t)(pct - p));
		p = pct + 2;
		switch (pct[1]) {
		case 's':
			s = va_arg(ap, const char *);
			specsync_buf_puts(buf, s ? s : "(null)"); /* as glibc */
			continue;
		case '%':
			specsync_buf_putc(buf, '%');
			continue;
		case 'c':
			specsync_buf_putc(buf, (char)va_arg(ap, int));
			continue;
		case 'd':
			put_signed(buf, va_arg(ap, int));
			continue;
		case 'u':
			put_unsigned(buf, va_arg(ap, unsigned), false);
			continue;
		case 'z':
			if (pct[2] == 'u') {
				put_unsigned(buf, va_arg(ap, size_t), false);
				p++;
				continue;
			}
			break;
		case 'l':
			if (pct[2] == 'd' || pct[2] == 'u') {
				if (pct[2] == 'd')
					put_signed(buf, va_arg(ap, long));
				else
					put_unsigned(buf, va_arg(ap, unsigned long), false);
				p++;
				continue;
			}
			if (pct[2] == 'l' && (pct[3] == 'd' || pct[3] == 'u')) {
				if (pct[3] == 'd')
					put_signed(buf, va_arg(ap, long long));
				else
					put_unsigned(buf, va_arg(ap, unsigned long long), false);
				p += 2;
				continue;
			}
			break;
		default:
			break;
		}
		/* not one of ours: undo */
		if (buf->ptr && before < buf->asize) {
			buf->size = before;
			buf->ptr[before] = '\0';
		}
		return false;
	}
	specsync_buf_puts(buf, p);
	return true;
}

int specsync_buf_printf(specsync_buf *buf, const char *fmt, ...)
{
	va_list ap, again;
	size_t before = buf->size;
	bool done;
	int n;

	/* the renderers' formats are mostly text, %s and integers: no
	 * vsnprintf (a third of a warm audit's time went there) */
	va_start(ap, fmt);
	va_copy(again, ap);
	done = simple_printf(buf, fmt, again);
	va_end(again);
	va_end(ap);
	if (done) {
		if (!buf->failed)
			return 0;
		if (buf->ptr && before < buf->asize) {
			buf->size = before; /* all or nothing, as below */
			buf->ptr[before] = '\0';
		}
		return SPECSYNC_ENOMEM;
	}
	/* else format into the room left first */
	if (!buf->failed && buf->asize - buf->size > 1) {
		va_start(ap, fmt);
		n = vsnprintf(buf->ptr + buf->size, buf->asize - buf->size, fmt, ap);
		va_end(ap);
		if (n >= 0 && fits(buf, (size_t)n)) {
			buf->size += (size_t)n;
			return 0;
		}
		buf->ptr[buf->size] = '\0';
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || specsync_buf_grow(buf, (size_t)n) < 0)
		return SPECSYNC_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(buf->ptr + buf->size, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf->size += (size_t)n;
	return 0;
}

void specsync_buf_clear(specsync_buf *buf)
{
	buf->size = 0;
	buf->failed = false;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

void specsync_buf_dispose(specsync_buf *buf)
{
	free(buf->ptr);
	buf->ptr = NULL;
	buf->size = buf->asize = 0;
	buf->failed = false;
}

char *specsync_buf_detach(specsync_buf *buf)
{
	char *p = buf->ptr;

	if (!p)
		p = specsync_strdup("");
	buf->ptr = NULL;
	buf->size = buf->asize = 0;
	buf->failed = false;
	return p;
}
