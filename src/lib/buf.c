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

int specsync_buf_printf(specsync_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* most writes fit the room left: format once */
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
