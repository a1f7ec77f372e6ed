#include "testutil.h"
#include "common.h"

#include <stdio.h>

static void check_diff(const char *old_text, const char *new_text, bool color, const char *expected)
{
	specsync_buf out = SPECSYNC_BUF_INIT;

	assert_int_equal(specsync_word_diff(&out, old_text, new_text, color), 0);
	assert_string_equal(out.ptr ? out.ptr : "", expected);
	specsync_buf_dispose(&out);
}

static void test_identical(void **state)
{
	(void)state;
	check_diff("a b c", "a b c", false, "a b c");
	check_diff("The total is computed per line.", "The total is computed per line.", true,
		   "The total is computed per line.");
	/* White space is normalised: single spaces between words. */
	check_diff("  a\n\tb  c\r\n", "a b\fc", false, "a b c");
}

static void test_empty_sides(void **state)
{
	(void)state;
	check_diff("", "", false, "");
	check_diff(" \n ", "", false, "");
	check_diff("", "a b", false, "{+a b+}");
	check_diff(NULL, "a b", false, "{+a b+}");
	check_diff("a b", "", false, "[-a b-]");
	check_diff("", "a b", true, "\033[32ma b\033[m");
	check_diff("a b", "", true, "\033[31ma b\033[m");
}

static void test_changes(void **state)
{
	(void)state;
	check_diff("a c", "a b c", false, "a {+b+} c");
	check_diff("a b c", "a c", false, "a [-b-] c");
	check_diff("the quick brown fox", "the slow brown dog", false,
		   "the [-quick-] {+slow+} brown [-fox-] {+dog+}");
	check_diff("a b c d e", "x y c", false, "[-a b-] {+x y+} c [-d e-]");
	check_diff("a b", "c d", false, "[-a b-] {+c d+}");
	check_diff("The invoice total is rounded per line.",
		   "The invoice total is rounded once, on the sum.", false,
		   "The invoice total is rounded [-per line.-] {+once, on the sum.+}");
}

static void test_color(void **state)
{
	(void)state;
	check_diff("a b c", "a x c", true, "a \033[31mb\033[m \033[32mx\033[m c");
	check_diff("a c", "a b c", true, "a \033[32mb\033[m c");
}

static void test_deterministic_choice(void **state)
{
	(void)state;
	/* Two shortest scripts exist; the same one is always chosen. */
	check_diff("a b", "b a", false, "[-a-] b {+a+}");
	check_diff("a b a b", "b a b a", false, "[-a-] b a b {+a+}");
}

static void test_appends(void **state)
{
	specsync_buf out = SPECSYNC_BUF_INIT;
	(void)state;

	specsync_buf_puts(&out, "> ");
	assert_int_equal(specsync_word_diff(&out, "a", "b", false), 0);
	assert_string_equal(out.ptr, "> [-a-] {+b+}");
	assert_int_equal(specsync_word_diff(NULL, "a", "b", false), SPECSYNC_EUSAGE);
	out.limit = out.size + 3;
	assert_int_equal(specsync_word_diff(&out, "a", "b", false), SPECSYNC_ENOMEM);
	specsync_buf_dispose(&out);
}

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

/* `count` words drawn from an alphabet of `letters` one-letter words. */
static char *random_text(size_t count, unsigned letters, char **words)
{
	char *text = malloc(2 * count + 1);

	*words = malloc(count + 1);
	for (size_t i = 0; i < count; i++) {
		(*words)[i] = (char)('a' + rnd(letters));
		text[2 * i] = (*words)[i];
		text[2 * i + 1] = ' ';
	}
	text[2 * count] = '\0';
	(*words)[count] = '\0';
	return text;
}

static size_t lcs_length(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	size_t *row = calloc((m + 1) * (n + 1), sizeof(*row)), result;

	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t *c = &row[i * (m + 1) + j];
			if (a[i - 1] == b[j - 1])
				*c = row[(i - 1) * (m + 1) + j - 1] + 1;
			else
				*c = row[(i - 1) * (m + 1) + j] > row[i * (m + 1) + j - 1]
					     ? row[(i - 1) * (m + 1) + j]
					     : row[i * (m + 1) + j - 1];
		}
	}
	result = row[n * (m + 1) + m];
	free(row);
	return result;
}

/*
 * Reads a rendering of one-letter words back: rebuilds both sides and
 * counts the changed words, checking the run syntax on the way.
 */
static size_t read_back(const char *diff, char *old_words, char *new_words)
{
	size_t changed = 0, no = 0, nn = 0;
	int mode = 0; /* 0 unchanged, '-' removed, '+' added */
	int last = 0; /* kind of the previous run */

	for (const char *p = diff; *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (p[0] == '[' && p[1] == '-') {
			assert_int_equal(mode, 0);
			assert_true(last != '-' && last != '+');
			mode = '-';
			p += 2;
			continue;
		}
		if (p[0] == '{' && p[1] == '+') {
			assert_int_equal(mode, 0);
			assert_true(last != '+');
			mode = '+';
			p += 2;
			continue;
		}
		if ((p[0] == '-' && p[1] == ']') || (p[0] == '+' && p[1] == '}')) {
			assert_int_equal(mode, p[0]);
			last = mode;
			mode = 0;
			p += 2;
			continue;
		}
		assert_true(*p >= 'a' && *p <= 'z');
		if (mode != '+')
			old_words[no++] = *p;
		if (mode != '-')
			new_words[nn++] = *p;
		if (mode)
			changed++;
		else
			last = 0;
		p++;
	}
	assert_int_equal(mode, 0);
	old_words[no] = new_words[nn] = '\0';
	return changed;
}

static void check_minimal(size_t n, size_t m, unsigned letters)
{
	char *a_words, *b_words, *a = random_text(n, letters, &a_words);
	char *b = random_text(m, letters, &b_words);
	char *old_back = malloc(n + 1), *new_back = malloc(m + 1);
	specsync_buf out = SPECSYNC_BUF_INIT;
	size_t changed;

	assert_int_equal(specsync_word_diff(&out, a, b, false), 0);
	changed = read_back(out.ptr ? out.ptr : "", old_back, new_back);
	assert_string_equal(old_back, a_words);
	assert_string_equal(new_back, b_words);
	assert_int_equal(changed, n + m - 2 * lcs_length(a_words, b_words));
	specsync_buf_dispose(&out);
	free(a);
	free(b);
	free(a_words);
	free(b_words);
	free(old_back);
	free(new_back);
}

static void test_minimal_against_lcs(void **state)
{
	(void)state;
	rng_state = 42;
	for (int i = 0; i < 3000; i++)
		check_minimal(rnd(14), rnd(14), 1 + rnd(4));
	for (int i = 0; i < 300; i++)
		check_minimal(rnd(120), rnd(120), 2 + rnd(8));
	/* Very unequal lengths reach the edges of the edit graph. */
	for (int i = 0; i < 300; i++) {
		check_minimal(rnd(4), 30 + rnd(60), 1 + rnd(3));
		check_minimal(30 + rnd(60), rnd(4), 1 + rnd(3));
	}
}

/* "<prefix><from> ... <prefix><to - 1>" */
static void put_words(specsync_buf *b, const char *prefix, int from, int to)
{
	for (int i = from; i < to; i++)
		specsync_buf_printf(b, "%s%s%d", i > from ? " " : "", prefix, i);
}

static void test_large_texts(void **state)
{
	specsync_buf old_text = SPECSYNC_BUF_INIT, new_text = SPECSYNC_BUF_INIT;
	specsync_buf expected = SPECSYNC_BUF_INIT, out = SPECSYNC_BUF_INIT;
	(void)state;

	/* 20,000 words to compare: diffed; k5 is kept. */
	put_words(&old_text, "k", 0, 20000);
	specsync_buf_puts(&new_text, "k5 X");
	specsync_buf_puts(&expected, "[-");
	put_words(&expected, "k", 0, 5);
	specsync_buf_puts(&expected, "-] k5 [-");
	put_words(&expected, "k", 6, 20000);
	specsync_buf_puts(&expected, "-] {+X+}");
	assert_int_equal(specsync_word_diff(&out, old_text.ptr, new_text.ptr, false), 0);
	assert_string_equal(out.ptr, expected.ptr);

	/* 20,001: over the bound, all removed and all added. */
	specsync_buf_clear(&old_text);
	specsync_buf_clear(&expected);
	specsync_buf_clear(&out);
	put_words(&old_text, "k", 0, 20001);
	specsync_buf_puts(&expected, "[-");
	put_words(&expected, "k", 0, 20001);
	specsync_buf_puts(&expected, "-] {+k5 X+}");
	assert_int_equal(specsync_word_diff(&out, old_text.ptr, new_text.ptr, false), 0);
	assert_string_equal(out.ptr, expected.ptr);

	/* Common leading and trailing words do not count towards the bound. */
	specsync_buf_clear(&old_text);
	specsync_buf_clear(&new_text);
	specsync_buf_clear(&expected);
	specsync_buf_clear(&out);
	put_words(&old_text, "w", 0, 30000);
	put_words(&new_text, "w", 0, 15000);
	specsync_buf_puts(&new_text, " changed ");
	put_words(&new_text, "w", 15001, 30000);
	put_words(&expected, "w", 0, 15000);
	specsync_buf_puts(&expected, " [-w15000-] {+changed+} ");
	put_words(&expected, "w", 15001, 30000);
	assert_int_equal(specsync_word_diff(&out, old_text.ptr, new_text.ptr, false), 0);
	assert_string_equal(out.ptr, expected.ptr);

	specsync_buf_dispose(&old_text);
	specsync_buf_dispose(&new_text);
	specsync_buf_dispose(&expected);
	specsync_buf_dispose(&out);
}

/* ---- specsync_word_diff_ex: windows, shortening, wrapping ----------------- */

static void check_ex(const char *old_text, const char *new_text,
		     const specsync_word_diff_options *o, const char *expected)
{
	specsync_buf out = SPECSYNC_BUF_INIT;

	assert_int_equal(specsync_word_diff_ex(&out, old_text, new_text, o), 0);
	assert_string_equal(out.ptr ? out.ptr : "", expected);
	specsync_buf_dispose(&out);
}

static void test_ex_window(void **state)
{
	specsync_word_diff_options o = SPECSYNC_WORD_DIFF_OPTIONS_INIT;

	(void)state;
	/* the defaults are the plain diff */
	check_ex("a b c d e f g", "a b c X e f g", &o, "a b c [-d-] {+X+} e f g");
	o.context = 1;
	check_ex("a b c d e f g", "a b c X e f g", &o, "... c [-d-] {+X+} e ...");
	/* two changes whose windows meet: one window */
	check_ex("a b c d e f g", "a X c Y e f g", &o, "a [-b-] {+X+} c [-d-] {+Y+} e ...");
	o.context = 0;
	check_ex("a b c", "a b c", &o, "(no word changed)");
	check_ex("", "", &o, "(no text)");
	check_ex("a", "", &o, "[-a-]");
}

static void test_ex_shorten(void **state)
{
	specsync_word_diff_options o = SPECSYNC_WORD_DIFF_OPTIONS_INIT;

	(void)state;
	o.max_run = 4; /* shortened past 5 words: 3 first, 1 last */
	check_ex("", "a b c d e", &o, "{+a b c d e+}");
	check_ex("", "a b c d e f g", &o, "{+a b c ...(3 more)... g+}");
	o.max_run = 0;
	o.max_word = 6;
	check_ex("", "abcdefgh \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 ab", &o,
		 "{+abc... \xc3\xa9\xc3\xa9\xc3\xa9... ab+}");
}

static void test_ex_wrap(void **state)
{
	specsync_word_diff_options o = SPECSYNC_WORD_DIFF_OPTIONS_INIT;

	(void)state;
	o.width = 16;
	o.indent = 2;
	/* the first line starts at column 2 too */
	check_ex("aa bb cc dd ee", "aa bb XX dd ee", &o, "aa bb [-cc-]\n  {+XX+} dd ee");
	/* colours do not count as columns, and each word carries its own */
	o.color = true;
	check_ex("aa bb cc dd ee", "aa bb XX dd ee", &o,
		 "aa bb \033[31mcc\033[m \033[32mXX\033[m dd\n  ee");
	/* a word wider than the line stays whole, on its own line */
	o.color = false;
	check_ex("", "a abcdefghijklmnop b", &o, "{+a\n  abcdefghijklmnop\n  b+}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_empty_sides),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_color),
		cmocka_unit_test(test_deterministic_choice),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_minimal_against_lcs),
		cmocka_unit_test(test_large_texts),
		cmocka_unit_test(test_ex_window),
		cmocka_unit_test(test_ex_shorten),
		cmocka_unit_test(test_ex_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
