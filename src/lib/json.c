#include "common.h"
#include "json.h"

#include <stdio.h>
#include <time.h>

size_t specsync_utf8_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t n;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* Bytes copied as they are: printable ASCII but the quote and backslash. */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void specsync_json_str(specsync_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, run;

	if (!s) {
		specsync_buf_puts(out, "null");
		return;
	}
	len = strlen(s);
	specsync_buf_putc(out, '"');
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n;
		/* runs of plain text (and valid UTF-8) go out in one piece */
		for (run = i; run < len; run += n) {
			if (plain(p[run]))
				n = 1;
			else if (p[run] < 0x80 || (n = specsync_utf8_len(p + run, len - run)) == 0)
				break;
		}
		if (run > i) {
			specsync_buf_put(out, s + i, run - i);
			i = run;
			continue;
		}
		if (c == '"' || c == '\\') {
			specsync_buf_putc(out, '\\');
			specsync_buf_putc(out, (char)c);
		} else if (c == '\n') {
			specsync_buf_puts(out, "\\n");
		} else if (c == '\t') {
			specsync_buf_puts(out, "\\t");
		} else if (c == '\r') {
			specsync_buf_puts(out, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			specsync_buf_printf(out, "\\u%04x", c);
		} else {
			specsync_buf_puts(out, "\\ufffd");
		}
		i++;
	}
	specsync_buf_putc(out, '"');
}

static void broken_down(struct tm *tm, int64_t t, int offset)
{
	time_t local = (time_t)(t + (int64_t)offset * 60);

	gmtime_r(&local, tm);
}

void specsync_format_time(char out[32], int64_t t, int offset)
{
	struct tm tm;
	int a = offset < 0 ? -offset : offset;

	broken_down(&tm, t, offset);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		 (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100, tm.tm_mday % 100,
		 tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100, offset < 0 ? '-' : '+',
		 (a / 60) % 100, a % 60);
}

void specsync_format_date(char out[16], int64_t t, int offset)
{
	struct tm tm;

	broken_down(&tm, t, offset);
	snprintf(out, 16, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
		 tm.tm_mday % 100);
}
