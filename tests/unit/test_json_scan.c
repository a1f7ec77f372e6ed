/*
 * The JSON string scan (src/lib/util/json.c: 16 bytes at a time with SSE2,
 * a machine word at a time elsewhere) against its byte-by-byte definition:
 * every byte value at every position of strings of 0 to 100 bytes, at
 * every alignment; and the escaping of random strings against a reference
 * written from docs/json.md's rules. And the dates of commits
 * (specsync_format_time, its own calendar arithmetic) against gmtime_r's
 * fields printed with snprintf, over the whole clamped range.
 */
#include "testutil.h"
#include "common.h"
#include "json.h"

#include <stdio.h>
#include <time.h>

/* The definition: printable ASCII but the quote and the backslash. */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
}

static size_t span_by_bytes(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len && plain(s[i]))
		i++;
	return i;
}

/* xorshift: the same strings on every run */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* A byte, mostly plain. */
static unsigned char any_byte(uint64_t *x)
{
	uint64_t r = rnd(x);

	return (unsigned char)(r % 4 ? 0x20 + (r >> 8) % 95 : (r >> 8) & 0xff);
}

/* Byte value v at position `at` of an otherwise plain string of `len`
 * bytes, at each of 16 alignments, plus a second random byte after it. */
static void test_every_byte_at_every_position(void **state)
{
	unsigned char buf[160];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	(void)state;

	for (size_t len = 0; len <= 100; len++)
		for (size_t at = 0; at <= len; at++)
			for (unsigned v = 0; v < 256; v++) {
				size_t align = (len + at + v) % 16;
				unsigned char *s = buf + align;
				for (size_t i = 0; i < len; i++)
					s[i] = (unsigned char)(0x20 + rnd(&x) % 95);
				for (size_t i = 0; i < len; i++)
					if (!plain(s[i]))
						s[i] = 'a';
				if (at < len)
					s[at] = (unsigned char)v;
				if (at + 1 < len && v % 3 == 0)
					s[at + 1 + rnd(&x) % (len - at - 1)] = any_byte(&x);
				s[len] = (unsigned char)(rnd(&x) & 0xff); /* past the end: not read */
				assert_int_equal(specsync_json_plain_span((const char *)s, len),
						 span_by_bytes(s, len));
			}
}

/* The length of the valid UTF-8 sequence at s (RFC 3629), or 0. */
static size_t utf8_ref(const unsigned char *s)
{
	unsigned cp, n;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07u;
	else
		return 0;
	for (unsigned i = 1; i < n; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && cp < 0x800) || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* docs/json.md: \" \\ \n \t \r, \u00XX for other controls and DEL,
 * U+FFFD for a byte that starts no valid UTF-8 sequence. */
static void escape_ref(specsync_buf *out, const unsigned char *s)
{
	char u[8];

	while (*s) {
		size_t n = *s >= 0x80 ? utf8_ref(s) : 0;
		if (plain(*s) || n) {
			n = n ? n : 1;
			specsync_buf_put(out, (const char *)s, n);
			s += n;
			continue;
		}
		if (*s == '"' || *s == '\\')
			snprintf(u, sizeof(u), "\\%c", *s);
		else if (*s == '\n' || *s == '\t' || *s == '\r')
			snprintf(u, sizeof(u), "\\%c", *s == '\n' ? 'n' : *s == '\t' ? 't' : 'r');
		else if (*s < 0x80)
			snprintf(u, sizeof(u), "\\u%04x", *s);
		else
			snprintf(u, sizeof(u), "\\ufffd");
		specsync_buf_puts(out, u);
		s++;
	}
}

/* Random strings with UTF-8 sequences (valid and cut), controls and every
 * other byte: specsync_json_escape() and specsync_json_str() (its one-copy
 * path and its other) give the reference's bytes. */
static void test_escape_matches_the_reference(void **state)
{
	static const char *const seqs[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
					    "\xed\xa0\x80", "\xc3", "\xe2\x82", "\xc0\xaf",
					    "\xf4\x90\x80\x80" };
	unsigned char s[256];
	uint64_t x = 42;
	(void)state;

	for (int round = 0; round < 20000; round++) {
		size_t len = 0, want = rnd(&x) % 120;
		specsync_buf ref = SPECSYNC_BUF_INIT, got = SPECSYNC_BUF_INIT,
			     str = SPECSYNC_BUF_INIT;
		while (len < want) {
			const char *q = seqs[rnd(&x) % 8];
			if (rnd(&x) % 8 == 0 && len + strlen(q) < sizeof(s) - 1) {
				memcpy(s + len, q, strlen(q));
				len += strlen(q);
			} else if ((s[len] = any_byte(&x)) != 0) {
				len++;
			}
		}
		s[len] = '\0';
		specsync_buf_putc(&ref, '"');
		escape_ref(&ref, s);
		specsync_buf_putc(&ref, '"');
		specsync_buf_putc(&got, '"');
		specsync_json_escape(&got, (const char *)s);
		specsync_buf_putc(&got, '"');
		if (round % 2)
			specsync_buf_grow(&str, 1024); /* room: the one-copy path */
		specsync_json_str(&str, (const char *)s);
		assert_string_equal(got.ptr, ref.ptr);
		assert_string_equal(str.ptr, ref.ptr);
		specsync_buf_dispose(&ref);
		specsync_buf_dispose(&got);
		specsync_buf_dispose(&str);
	}
}

/* What specsync_format_time printed before it did its own arithmetic. */
static void format_ref(char out[96], int64_t t, int offset)
{
	int64_t minutes = offset < -1440 ? -1440 : offset > 1440 ? 1440 : offset;
	time_t local = (time_t)specsync_clamp_time(specsync_clamp_time(t) + minutes * 60);
	int a = offset < 0 ? -offset : offset;
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	assert_non_null(gmtime_r(&local, &tm));
	snprintf(out, 96, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+',
		 (a / 60) % 100, a % 60);
}

static void check_time(int64_t t, int offset)
{
	char got[32], want[96];

	format_ref(want, t, offset);
	specsync_format_time(got, t, offset);
	if (strcmp(got, want)) {
		fprintf(stderr, "t=%lld offset=%d: %s, want %s\n", (long long)t, offset, got, want);
		fail();
	}
}

static void test_dates_match_gmtime(void **state)
{
	/* the clamp's ends, the epoch, leap days and century years, then
	 * random times over (and beyond) the range, at random offsets */
	static const int64_t edges[] = {
		-62135596800, -62135596801, 253402300799, 253402300800, INT64_MIN, INT64_MAX,
		0,	      -1,	    86399,	  86400,	  951782400, /* 2000-02-29 */
		951868800,    4107542400,   -2203891200, /* 1900-02-28 */
		-2208988800,  1709164800, /* 2024-02-29 */
	};
	static const int offsets[] = { 0, 60, -60, 330, -570, 840, -720, 1440, -1440, 5999, -9999 };
	uint64_t x = 0x2545F4914F6CDD1Dull;

	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		for (size_t k = 0; k < sizeof(offsets) / sizeof(offsets[0]); k++)
			for (int64_t d = -2; d <= 2; d++)
				check_time(edges[i] > INT64_MAX - 2 || edges[i] < INT64_MIN + 2
						   ? edges[i]
						   : edges[i] + d,
					   offsets[k]);
	for (int round = 0; round < 400000; round++) {
		int64_t t = (int64_t)(rnd(&x) % 316000000000ull) - 63000000000;
		int offset = (int)(rnd(&x) % 3000) - 1500;
		check_time(t, offset);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte_at_every_position),
		cmocka_unit_test(test_escape_matches_the_reference),
		cmocka_unit_test(test_dates_match_gmtime),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
