#include "testutil.h"
#include "common.h"
#include "hash.h"

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
		cmocka_unit_test(test_hash_stable_and_distinct),
		cmocka_unit_test(test_error_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
