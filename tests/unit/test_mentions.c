/*
 * specsync_mentions_key (an anchored search for the acknowledgement key in
 * commit messages) answers as the plain definition does: the key, ASCII
 * case folded, at any position of the text before its first NUL. Random
 * texts over a small alphabet where near misses are frequent, keys with and
 * without a non-letter byte, at the start and the end, cut by a NUL.
 */
#include "testutil.h"
#include "common.h"

#include <string.h>

static bool by_definition(const char *text, size_t len, const char *key)
{
	size_t n = strlen(key), end = 0;

	while (end < len && text[end])
		end++;
	for (size_t i = 0; n && i + n <= end; i++) {
		size_t j = 0;
		while (j < n && (text[i + j] | 32) == (key[j] | 32) &&
		       ((key[j] | 32) >= 'a' && (key[j] | 32) <= 'z' ? 1 : text[i + j] == key[j]))
			j++;
		if (j == n)
			return true;
	}
	return false;
}

static unsigned rng = 7;

static unsigned next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) & 0xffffff;
}

static void random_texts(void **state)
{
	static const char *const keys[] = {"Sync-Ack", "ack",       "A",   "-",
					   "x-y-z",    "Sync-Ack:", "s@k", "Z"};
	static const char alphabet[] = "sSyYnNcC-aAkK: \n@`\0xXzZ\x80";
	char text[64];
	size_t yes = 0, cases = 0;

	(void)state;
	for (int round = 0; round < 200000; round++) {
		size_t len = next_rand() % sizeof(text);
		const char *key = keys[next_rand() % (sizeof(keys) / sizeof(*keys))];

		for (size_t i = 0; i < len; i++)
			text[i] = alphabet[next_rand() % (sizeof(alphabet) - 1)];
		if (len > 8 && next_rand() % 3 == 0) /* the key placed, in mixed case */
			for (size_t i = 0, at = next_rand() % (len - strlen(key) + 1);
			     key[i] && at + i < len; i++)
				text[at + i] =
					next_rand() % 2
						? key[i]
						: (char)(key[i] ^ 32 * ((key[i] | 32) >= 'a' &&
									(key[i] | 32) <= 'z'));
		bool want = by_definition(text, len, key);
		assert_int_equal(specsync_mentions_key(text, len, key), want);
		yes += want;
		cases++;
	}
	assert_int_equal(cases, 200000);
	assert_true(yes > 20000 && yes < 180000); /* both answers well represented */
}

static void fixed_cases(void **state)
{
	(void)state;
	assert_true(specsync_mentions_key("Sync-Ack: REQ-1", 15, "sync-ack"));
	assert_true(specsync_mentions_key("x\nSYNC-ACK", 10, "Sync-Ack"));
	assert_false(specsync_mentions_key("Sync-Ac", 7, "Sync-Ack"));
	assert_false(specsync_mentions_key("Sync\0-Ack", 9, "Sync-Ack"));
	assert_false(specsync_mentions_key("Sync_Ack", 8, "Sync-Ack"));
	assert_true(specsync_mentions_key("--Sync-Ack", 10, "Sync-Ack"));
	assert_false(specsync_mentions_key("anything", 8, ""));
	assert_true(specsync_mentions_key("ab", 2, "B"));
	assert_false(specsync_mentions_key("Sync-Ack", 5, "Sync-Ack")); /* len cuts it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_texts),
		cmocka_unit_test(fixed_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
