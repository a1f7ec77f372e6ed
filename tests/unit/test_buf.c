#include "testutil.h"
#include "common.h"
#include "hash.h"
#include "json.h"

#include <stdio.h>
#include <string.h>

static void test_buf_put_and_limit(void **state)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	(void)state;

	assert_int_equal(specsync_buf_puts(&b, "abc"), 0);
	assert_int_equal(specsync_buf_printf(&b, "-%d-", 42), 0);
	assert_string_equal(b.ptr, "abc-42-");
	assert_int_equal(b.size, 7);
	specsync_buf_clear(&b);
	assert_string_equal(b.ptr, "");
	b.limit = 4;
	assert_int_equal(specsync_buf_puts(&b, "abcd"), 0);
	assert_int_equal(specsync_buf_putc(&b, 'e'), SPECSYNC_ENOMEM);
	assert_true(b.failed);
	assert_string_equal(b.ptr, "abcd");
	specsync_buf_dispose(&b);
}

/* The fast path for simple formats prints what vsnprintf prints. */
static void test_buf_printf_like_snprintf(void **state)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	char want[512];
	(void)state;

#define SAME(...)                                                  \
	do {                                                       \
		specsync_buf_clear(&b);                            \
		assert_int_equal(specsync_buf_printf(&b, __VA_ARGS__), 0); \
		snprintf(want, sizeof(want), __VA_ARGS__);         \
		assert_string_equal(b.ptr, want);                  \
		assert_int_equal(b.size, strlen(want));            \
	} while (0)
	SAME("plain text");
	SAME("%s <%s>", "Alice", "alice@example.org");
	SAME("%s%s", "", "x");
	SAME("100%% of %s", "it");
	SAME("[%c]", 'q');
	SAME("%d %d %d", 0, -1, -2147483647 - 1);
	SAME("%u %u", 0u, 4294967295u);
	SAME("%ld %lu", -9223372036854775807L - 1, 18446744073709551615UL);
	SAME("%lld %llu", -42LL, 42ULL);
	SAME(",\"age_days\":%ld,\"line\":%u,%zu", 12345L, 7u, (size_t)99);
	/* formats beyond the fast path still work */
	SAME("%04d-%02d %.3s %x %5s|%-3d|", 7, 3, "abcdef", 255, "ab", 1);
#undef SAME
	/* all or nothing at the limit */
	specsync_buf_clear(&b);
	b.limit = 8;
	specsync_buf_puts(&b, "abc");
	assert_int_equal(specsync_buf_printf(&b, "%s-%d", "defgh", 12), SPECSYNC_ENOMEM);
	assert_string_equal(b.ptr, "abc");
	assert_int_equal(b.size, 3);
	specsync_buf_dispose(&b);
}

static void test_json_str_escapes(void **state)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	static const char *const cases[][2] = {
		{ "plain", "\"plain\"" },
		{ "", "\"\"" },
		{ "a\"b\\c\n\t\r\x01\x7f", "\"a\\\"b\\\\c\\n\\t\\r\\u0001\\u007f\"" },
		{ "caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"" },
		{ "x\xc3", "\"x\\ufffd\"" },
		{ "\xe2\x82", "\"\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80!", "\"\\ufffd\\ufffd\\ufffd!\"" },
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		specsync_buf_clear(&b);
		specsync_json_str(&b, cases[i][0]);
		assert_string_equal(b.ptr, cases[i][1]);
	}
	specsync_buf_clear(&b);
	specsync_json_str(&b, NULL);
	assert_string_equal(b.ptr, "null");
	specsync_buf_dispose(&b);
}

/* The escaping rules byte by byte, as the fast path must apply them. */
static void reference_escape(specsync_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	specsync_buf_putc(out, '"');
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n;
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
		} else if ((n = specsync_utf8_len(p + i, len - i)) == 0) {
			specsync_buf_puts(out, "\\ufffd");
		} else {
			specsync_buf_put(out, s + i, n);
			i += n;
			continue;
		}
		i++;
	}
	specsync_buf_putc(out, '"');
}

static void test_json_str_long_and_random(void **state)
{
	specsync_buf a = SPECSYNC_BUF_INIT, b = SPECSYNC_BUF_INIT;
	static const unsigned char pool[] = "abcdefgh XYZ0123\"\\\n\t\r\x01\x1f\x7f\xc3\xa9\xe2\x82\xac"
					    "\xf0\x9f\x98\x80\xc0\xed\xa0\x80\xff";
	char text[200];
	uint64_t seed = 42;
	(void)state;

	for (int round = 0; round < 3000; round++) {
		size_t n = (size_t)(round % 97) + 1;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			/* mostly plain text, so that long plain runs occur */
			text[i] = (seed >> 60) < 12 ? (char)('a' + (seed >> 40) % 26)
						    : (char)pool[(seed >> 33) % (sizeof(pool) - 1)];
		}
		text[n] = '\0';
		specsync_buf_clear(&a);
		specsync_buf_clear(&b);
		specsync_json_str(&a, text);
		reference_escape(&b, text);
		assert_string_equal(a.ptr, b.ptr);
	}
	specsync_buf_dispose(&a);
	specsync_buf_dispose(&b);
}

static void test_hash_stable_and_distinct(void **state)
{
	specsync_hash128 a = specsync_hash("hello world", 11);
	specsync_hash128 b = specsync_hash("hello world", 11);
	specsync_hash128 c = specsync_hash("hello worle", 11);
	specsync_hash128 d = specsync_hash("", 0);
	specsync_hash128 e = specsync_hash("\0", 1);
	(void)state;

	assert_true(a.h1 == b.h1 && a.h2 == b.h2);
	assert_true(a.h1 != c.h1 && a.h2 != c.h2);
	assert_true(d.h1 != e.h1);
}

static void test_error_format(void **state)
{
	specsync_error err;
	char out[256];
	(void)state;

	specsync_fail_at(&err, SPECSYNC_ECONFIG, ".specsync.yml", 3, 7, "expected %s", "a list");
	specsync_error_format(out, sizeof(out), &err);
	assert_string_equal(out, ".specsync.yml:3:7: expected a list");
	specsync_fail(&err, SPECSYNC_EREPO, "no repository");
	specsync_error_format(out, sizeof(out), &err);
	assert_string_equal(out, "no repository");
	assert_int_equal(err.code, SPECSYNC_EREPO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_put_and_limit),
		cmocka_unit_test(test_buf_printf_like_snprintf),
		cmocka_unit_test(test_json_str_escapes),
		cmocka_unit_test(test_json_str_long_and_random),
		cmocka_unit_test(test_hash_stable_and_distinct),
		cmocka_unit_test(test_error_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
