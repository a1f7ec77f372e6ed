/*
 * RFC 5322 messages in an mbox. See mail.h.
 */
#include "common.h"
#include "json.h"
#include "mail.h"

#include <stdio.h>
#include <time.h>

#define FOLD_AT 76    /* RFC 2047: lines with encoded words stay within 76 */
#define BODY_LINE 900 /* RFC 5322: at most 998 octets */

static const char replacement[] = "\xef\xbf\xbd";

static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool specsync_mail_addr_ok(const char *addr)
{
	const char *at;

	if (!addr || !(at = strchr(addr, '@')) || at == addr || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *p = addr; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    strchr("()<>[]\\,;:\"", *p))
			return false;
	return strlen(addr) < 256;
}

static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return specsync_strndup(s, n);
}

int specsync_mail_parse_address(char **name, char **addr, const char *text)
{
	const char *lt = strchr(text, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	*name = *addr = NULL;
	if (lt && gt) {
		*addr = trimmed(lt + 1, (size_t)(gt - lt - 1));
		if (lt > text)
			*name = trimmed(text, (size_t)(lt - text));
	} else if (!lt) {
		*addr = trimmed(text, strlen(text));
	}
	if (*name && !**name) {
		free(*name);
		*name = NULL;
	}
	if (!*addr || !specsync_mail_addr_ok(*addr)) {
		free(*name);
		free(*addr);
		*name = *addr = NULL;
		return -1;
	}
	return 0;
}

/* ---- encoded words -------------------------------------------------------- */

/* `s` as valid UTF-8 without control characters (those become spaces). */
static char *clean_text(const char *s)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		size_t n = specsync_utf8_len(p + i, len - i);
		if (p[i] < 0x20 || p[i] == 0x7f) {
			specsync_buf_putc(&b, ' ');
			i++;
		} else if (!n) {
			specsync_buf_puts(&b, replacement);
			i++;
		} else {
			specsync_buf_put(&b, s + i, n);
			i += n;
		}
	}
	return b.failed ? NULL : specsync_buf_detach(&b);
}

static bool plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static void base64(specsync_buf *out, const unsigned char *p, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		specsync_buf_putc(out, tab[(v >> 18) & 63]);
		specsync_buf_putc(out, tab[(v >> 12) & 63]);
		specsync_buf_putc(out, i + 1 < n ? tab[(v >> 6) & 63] : '=');
		specsync_buf_putc(out, i + 2 < n ? tab[v & 63] : '=');
	}
}

/*
 * Encoded words for the (clean) UTF-8 text `s`, split at character
 * boundaries, separated by "\n " (folding white space). The first word
 * has room for `first_room` characters, the others a whole line.
 */
static void encoded_words(specsync_buf *out, const char *s, size_t first_room)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, room = first_room;

	do {
		/* 12 characters of "=?UTF-8?B?" and "?=", 4 per 3 bytes */
		size_t max = room > 12 ? (room - 12) / 4 * 3 : 3, n = 0;
		while (i + n < len) {
			size_t c = specsync_utf8_len(p + i + n, len - i - n);
			if (!c)
				c = 1;
			if (n + c > max && n)
				break;
			n += c;
		}
		if (i)
			specsync_buf_puts(out, "\n ");
		specsync_buf_puts(out, "=?UTF-8?B?");
		base64(out, p + i, n);
		specsync_buf_puts(out, "?=");
		i += n;
		room = FOLD_AT - 1;
	} while (i < len);
}

/* ---- header fields ------------------------------------------------------ */

/* Writes `value` after "Name: " (at column `col`), folding before a space
 * when the line would pass FOLD_AT columns. */
static void fold_ascii(specsync_buf *out, size_t col, const char *value)
{
	const char *p = value;
	size_t n = strcspn(p, " ");

	specsync_buf_put(out, p, n);
	col += n;
	for (p += n; *p; p += n) {
		n = 1 + strcspn(p + 1, " ");
		if (col + n > FOLD_AT && col > 1) {
			specsync_buf_putc(out, '\n');
			col = 0;
		}
		specsync_buf_put(out, p, n);
		col += n;
	}
}

void specsync_mail_header_raw(specsync_buf *out, const char *name, const char *value)
{
	specsync_buf_printf(out, "%s: ", name);
	fold_ascii(out, strlen(name) + 2, value);
	specsync_buf_putc(out, '\n');
}

void specsync_mail_header(specsync_buf *out, const char *name, const char *value)
{
	char *clean = clean_text(value ? value : "");

	if (!clean) {
		out->failed = true;
		return;
	}
	if (plain_ascii(clean)) {
		specsync_mail_header_raw(out, name, clean);
	} else {
		specsync_buf_printf(out, "%s: ", name);
		encoded_words(out, clean, FOLD_AT - strlen(name) - 2);
		specsync_buf_putc(out, '\n');
	}
	free(clean);
}

static bool is_atom_phrase(const char *s)
{
	if (!*s || *s == ' ')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr(" !#$%&'*+-/=?^_`{|}~", *s)))
			return false;
	return s[-1] != ' ';
}

void specsync_mail_mailbox(specsync_buf *out, const char *name, const char *addr)
{
	char *clean = name && *name ? clean_text(name) : NULL;

	if (!clean) {
		specsync_buf_puts(out, addr);
		return;
	}
	if (is_atom_phrase(clean)) {
		specsync_buf_puts(out, clean);
	} else if (plain_ascii(clean)) {
		specsync_buf_putc(out, '"');
		for (const char *p = clean; *p; p++) {
			if (*p == '"' || *p == '\\')
				specsync_buf_putc(out, '\\');
			specsync_buf_putc(out, *p);
		}
		specsync_buf_putc(out, '"');
	} else {
		/* a phrase of encoded words; fold_ascii may break between them */
		specsync_buf tmp = SPECSYNC_BUF_INIT;
		encoded_words(&tmp, clean, FOLD_AT - 1);
		for (size_t i = 0; i < tmp.size; i++)
			if (tmp.ptr[i] != '\n')
				specsync_buf_putc(out, tmp.ptr[i]);
		specsync_buf_dispose(&tmp);
	}
	specsync_buf_printf(out, " <%s>", addr);
	free(clean);
}

void specsync_mail_date(char out[40], int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7],
		 tm.tm_mday % 100, months[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000,
		 tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100);
}

void specsync_mail_separator(specsync_buf *out, const char *addr, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	specsync_buf_printf(out, "From %s %s %s %2d %02d:%02d:%02d %04d\n", addr,
			    days[tm.tm_wday % 7], months[tm.tm_mon % 12], tm.tm_mday % 100,
			    tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100,
			    (tm.tm_year + 1900) % 10000);
}

/* ---- body ------------------------------------------------------------------ */

static bool from_line(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] == '>')
		i++;
	return n - i >= 5 && !memcmp(p + i, "From ", 5);
}

static void body_line(specsync_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0;

	if (from_line(s, n))
		specsync_buf_putc(out, '>');
	for (size_t i = 0; i < n && used < BODY_LINE;) {
		size_t c = specsync_utf8_len(p + i, n - i);
		if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f || !c) {
			specsync_buf_puts(out, replacement);
			used += 3;
			i++;
		} else {
			specsync_buf_put(out, s + i, c);
			used += c;
			i += c;
		}
	}
	specsync_buf_putc(out, '\n');
}

void specsync_mail_body(specsync_buf *out, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - text - i) : len - i;
		body_line(out, text + i, n && text[i + n - 1] == '\r' ? n - 1 : n);
		i += n + 1;
	}
	specsync_buf_putc(out, '\n');
}
