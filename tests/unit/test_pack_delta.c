/* git's delta format as pack_delta.c applies it, well-formed and not. */
#include "testutil.h"
#include "pack_delta.h"

#include <stdlib.h>
#include <string.h>

static const unsigned char BASE[] = "0123456789abcdefghij"; /* 20 bytes */

/* Applies `delta` to BASE into a buffer of `out_len`: the return code. */
static int apply(unsigned char *out, size_t out_len, const unsigned char *delta, size_t len)
{
	return specsync_delta_apply(out, out_len, BASE, 20, delta, len);
}

static void test_sizes(void **state)
{
	/* 20, then 300 (0xac 0x02): 2 + 1 bytes */
	const unsigned char d[] = {20, 0xac, 0x02, 0x90};
	uint64_t b, r;
	size_t used;

	(void)state;
	assert_int_equal(specsync_delta_sizes(&b, &r, &used, d, sizeof(d)), 0);
	assert_int_equal(b, 20);
	assert_int_equal(r, 300);
	assert_int_equal(used, 3);
	assert_int_equal(specsync_delta_sizes(&b, &r, &used, d, 2), -1); /* cut short */
}

static void test_sizes_overflow(void **state)
{
	/* ten bytes of continuation carry 70 bits: refused */
	const unsigned char d[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1};
	/* 2^63 exactly: nine 7-bit groups then bit 63 */
	const unsigned char max[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 1};
	uint64_t b, r;
	size_t used;

	(void)state;
	assert_int_equal(specsync_delta_sizes(&b, &r, &used, d, sizeof(d)), -1);
	assert_int_equal(specsync_delta_sizes(&b, &r, &used, max, sizeof(max)), 0);
	assert_true(b == (uint64_t)1 << 63);
	assert_int_equal(r, 1);
}

static void test_copy_and_insert(void **state)
{
	/* copy 4 bytes at 10 ("abcd"), insert "XY", copy 3 at 0 ("012") */
	const unsigned char d[] = {20, 9, 0x91, 10, 4, 2, 'X', 'Y', 0x90, 3};
	unsigned char out[10];

	(void)state;
	assert_int_equal(apply(out, 9, d, sizeof(d)), 0);
	assert_memory_equal(out, "abcdXY012", 9);
}

static void test_copy_size_zero_is_64k(void **state)
{
	/* a base of 0x10000 bytes copied whole by a copy with no size byte */
	size_t n = 0x10000;
	unsigned char *base = malloc(n), *out = malloc(n);
	const unsigned char d[] = {0x80, 0x80, 0x04, 0x80, 0x80, 0x04, 0x80};

	(void)state;
	for (size_t i = 0; i < n; i++)
		base[i] = (unsigned char)(i * 7);
	assert_int_equal(specsync_delta_apply(out, n, base, n, d, sizeof(d)), 0);
	assert_memory_equal(out, base, n);
	free(base);
	free(out);
}

static void test_malformed(void **state)
{
	unsigned char out[64];
	/* each is wrong in one way */
	const unsigned char reserved[] = {20, 1, 0};
	const unsigned char copy_cut[] = {20, 4, 0x91, 10};          /* size byte missing */
	const unsigned char copy_past_base[] = {20, 4, 0x91, 18, 4}; /* 18 + 4 > 20 */
	const unsigned char copy_offset_far[] = {20, 1, 0x99, 0xff, 0xff, 1}; /* offset 0xffff */
	const unsigned char insert_cut[] = {20, 3, 3, 'a', 'b'};
	const unsigned char too_long[] = {20, 2, 3, 'a', 'b', 'c'}; /* 3 into 2 */
	const unsigned char too_short[] = {20, 4, 2, 'a', 'b'};     /* 2 of 4 */
	const unsigned char wrong_base[] = {19, 2, 2, 'a', 'b'};
	const unsigned char wrong_result[] = {20, 3, 2, 'a', 'b'};

	(void)state;
	assert_int_equal(apply(out, 1, reserved, sizeof(reserved)), -1);
	assert_int_equal(apply(out, 4, copy_cut, sizeof(copy_cut)), -1);
	assert_int_equal(apply(out, 4, copy_past_base, sizeof(copy_past_base)), -1);
	assert_int_equal(apply(out, 1, copy_offset_far, sizeof(copy_offset_far)), -1);
	assert_int_equal(apply(out, 3, insert_cut, sizeof(insert_cut)), -1);
	assert_int_equal(apply(out, 2, too_long, sizeof(too_long)), -1);
	assert_int_equal(apply(out, 4, too_short, sizeof(too_short)), -1);
	assert_int_equal(apply(out, 2, wrong_base, sizeof(wrong_base)), -1);
	/* the header names 3 bytes, the caller's buffer holds 2 */
	assert_int_equal(apply(out, 2, wrong_result, sizeof(wrong_result)), -1);
	assert_int_equal(apply(out, 0, (const unsigned char *)"", 0), -1);
}

/* Every prefix of a valid delta is refused (or, for the full one, gives
 * the result), and never reads past its length (checked under ASan). */
static void test_every_prefix(void **state)
{
	const unsigned char d[] = {20, 9, 0x91, 10, 4, 2, 'X', 'Y', 0x90, 3};
	unsigned char out[9];

	(void)state;
	for (size_t n = 0; n < sizeof(d); n++) {
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, d, n);
		assert_int_equal(apply(out, 9, copy, n), -1);
		free(copy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_sizes_overflow),
		cmocka_unit_test(test_copy_and_insert),
		cmocka_unit_test(test_copy_size_zero_is_64k),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_every_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
