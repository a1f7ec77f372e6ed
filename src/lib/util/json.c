#include "common.h"
#include "json.h"

#include <stdint.h>
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

/* Bytes copied as they are: printable ASCII but the quote and backslash
 * (1); bytes that may start a UTF-8 sequence (2). */
/* clang-format off */
static const unsigned char byte_class[256] = {
	['\x20'] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20-0x2f, '"' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,            /* 0x30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,            /* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,            /* 0x50, '\\' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,            /* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,            /* 0x70, DEL */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,            /* 0x80 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};
/* clang-format on */

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>

/* Bit i set when byte i of v is not plain: as signed bytes, plain ones
 * are above 0x1f and below 0x7f (0x80 and up are negative), and neither
 * the quote nor the backslash. */
static unsigned special_mask(__m128i v)
{
	__m128i in = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1f)),
				   _mm_cmplt_epi8(v, _mm_set1_epi8(0x7f)));
	__m128i out = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
				   _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));

	return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(out, in)) ^ 0xffffu;
}

static unsigned special16(const unsigned char *p)
{
	return special_mask(_mm_loadu_si128((const __m128i *)(const void *)p));
}

/* From 16 bytes on: 16 at a time, the last 16 overlapping bytes known
 * plain. */
static size_t plain_end_wide(const unsigned char *p, size_t len)
{
	size_t i = 0;
	unsigned m;

	for (; i + 16 <= len; i += 16)
		if ((m = special16(p + i)) != 0)
			return i + (size_t)__builtin_ctz(m);
	if (i < len && (m = special16(p + len - 16)) != 0)
		return len - 16 + (size_t)__builtin_ctz(m);
	return len;
}

/*
 * Below 16 bytes: the first and the last h bytes (h = 8, or 4 under 8
 * bytes; they overlap) side by side in one vector. A special byte among
 * the first h is the first one; else the first among the last h is.
 */
static size_t plain_end_short(const unsigned char *p, size_t n)
{
	unsigned m, h, k;
	uint32_t a, b;

	if (n >= 8) {
		h = 8;
		m = special_mask(_mm_unpacklo_epi64(
			_mm_loadl_epi64((const __m128i *)(const void *)p),
			_mm_loadl_epi64((const __m128i *)(const void *)(p + n - 8))));
	} else if (n >= 4) {
		h = 4;
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		m = special_mask(_mm_unpacklo_epi32(_mm_cvtsi32_si128((int)a),
						    _mm_cvtsi32_si128((int)b))) &
		    0xffu;
	} else {
		size_t i = 0;
		while (i < n && byte_class[p[i]] == 1)
			i++;
		return i;
	}
	if (!m)
		return n;
	k = (unsigned)__builtin_ctz(m);
	return k < h ? k : n - 2 * h + k;
}

/* The index of the first byte of p[i..len) that is not plain (class 1),
 * or len. */
static inline size_t plain_end(const unsigned char *p, size_t i, size_t len)
{
	return i + (len - i >= 16 ? plain_end_wide(p + i, len - i)
				  : plain_end_short(p + i, len - i));
}
#else
/* Whether any of the 8 bytes at p is not plain (class 0 or 2 above):
 * word-at-a-time tests for a zero byte after xor, and for bytes below
 * 0x20 or with the high bit. */
static bool special8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t w, low, quote, bslash, del;

	memcpy(&w, p, 8);
	low = (w - ones * 0x20) & ~w & highs;
	quote = w ^ (ones * '"');
	quote = (quote - ones) & ~quote & highs;
	bslash = w ^ (ones * '\\');
	bslash = (bslash - ones) & ~bslash & highs;
	del = w ^ (ones * 0x7f);
	del = (del - ones) & ~del & highs;
	return (low | quote | bslash | del | (w & highs)) != 0;
}

/* The portable scan: a machine word at a time. */
static inline size_t plain_end(const unsigned char *p, size_t i, size_t len)
{
	while (i + 8 <= len && !special8(p + i))
		i += 8;
	while (i < len && byte_class[p[i]] == 1)
		i++;
	return i;
}
#endif

size_t specsync_json_plain_span(const char *s, size_t len)
{
	return plain_end((const unsigned char *)s, 0, len);
}

void specsync_json_escape(specsync_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run, len = strlen(s);

	for (;;) {
		unsigned char c;
		size_t n;
		/* runs of plain text (and valid UTF-8) go out in one piece; a
		 * sequence cut by the terminating NUL is not valid */
		for (run = i;;) {
			run = plain_end(p, run, len);
			if (byte_class[p[run]] != 2 || (n = specsync_utf8_len(p + run, 4)) == 0)
				break;
			run += n;
		}
		if (run > i) {
			specsync_buf_append(out, s + i, run - i);
			i = run;
		}
		if (!(c = p[i]))
			break;
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
}

void specsync_json_str(specsync_buf *out, const char *s)
{
	size_t len;

	if (!s) {
		specsync_buf_append(out, "null", 4);
		return;
	}
	/* most strings (ids, paths, dates, plain messages) need no escaping:
	 * quoted in one copy */
	len = strlen(s);
	if (len + 2 < out->asize - out->size && !out->limit && !out->failed &&
	    plain_end((const unsigned char *)s, 0, len) == len) {
		char *w = out->ptr + out->size;
		w[0] = '"';
		memcpy(w + 1, s, len);
		w[len + 1] = '"';
		out->size += len + 2;
		out->ptr[out->size] = '\0';
		return;
	}
	specsync_buf_append(out, "\"", 1);
	specsync_json_escape(out, s);
	specsync_buf_append(out, "\"", 1);
}

int64_t specsync_clamp_time(int64_t t)
{
	/* 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z */
	const int64_t lo = -62135596800, hi = 253402300799;

	return t < lo ? lo : t > hi ? hi : t;
}

/*
 * Commit dates come from whoever wrote the commit: git accepts any 64-bit
 * time and any +HHMM offset. Clamped to years 1..9999 (and the offset to
 * a day), gmtime_r cannot fail and leave `tm` unset, and the arithmetic
 * cannot overflow.
 */
static void broken_down(struct tm *tm, int64_t t, int offset)
{
	int64_t minutes = offset < -1440 ? -1440 : offset > 1440 ? 1440 : offset;
	time_t local = (time_t)specsync_clamp_time(specsync_clamp_time(t) + minutes * 60);

	memset(tm, 0, sizeof(*tm));
	if (!gmtime_r(&local, tm))
		memset(tm, 0, sizeof(*tm));
}

/* `n` decimal digits of v (mod 10^n), zero-padded. */
static char *digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		out[i] = (char)('0' + v % 10);
	return out + n;
}

/*
 * Days since 1970-01-01 to a date of the proleptic Gregorian calendar:
 * 400-year eras of 146,097 days, each year counted from March so that the
 * leap day ends it. For the clamped range (years 1 to 9999), where it is
 * gmtime_r's answer (test_json_scan compares them).
 */
static void civil_date(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468; /* from 0000-03-01 */
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;                                     /* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* 0..365 */
	int64_t mp = (5 * doy + 2) / 153;                                   /* March: 0 */

	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

void specsync_format_time(char out[32], int64_t t, int offset)
{
	int a = offset < 0 ? -offset : offset;
	int64_t minutes = offset < -1440 ? -1440 : offset > 1440 ? 1440 : offset;
	int64_t local = specsync_clamp_time(specsync_clamp_time(t) + minutes * 60);
	int64_t days = (local >= 0 ? local : local - 86399) / 86400;
	int64_t secs = local - days * 86400;
	int year, month, day;
	char *p = out;

	/* as "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d" of gmtime_r's fields,
	 * without either: every commit of every finding is dated */
	civil_date(days, &year, &month, &day);
	p = digits(p, year % 10000, 4);
	*p++ = '-';
	p = digits(p, month, 2);
	*p++ = '-';
	p = digits(p, day, 2);
	*p++ = 'T';
	p = digits(p, (int)(secs / 3600), 2);
	*p++ = ':';
	p = digits(p, (int)(secs / 60 % 60), 2);
	*p++ = ':';
	p = digits(p, (int)(secs % 60), 2);
	*p++ = offset < 0 ? '-' : '+';
	p = digits(p, (a / 60) % 100, 2);
	*p++ = ':';
	p = digits(p, a % 60, 2);
	*p = '\0';
}

void specsync_format_date(char out[16], int64_t t, int offset)
{
	struct tm tm;

	broken_down(&tm, t, offset);
	snprintf(out, 16, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
		 tm.tm_mday % 100);
}
