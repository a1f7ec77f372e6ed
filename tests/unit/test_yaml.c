#include "testutil.h"
#include "yaml_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static specsync_yaml_node *parse_ok(const char *text)
{
	specsync_yaml_node *root = NULL;
	specsync_error err;

	if (specsync_yaml_parse(&root, text, strlen(text), "t.yml", &err) < 0)
		fail_msg("unexpected error %u:%u: %s", err.line, err.column, err.message);
	return root;
}

static void expect_error(const char *text, size_t len, unsigned line, unsigned column,
			 const char *needle)
{
	specsync_yaml_node *root = (specsync_yaml_node *)&root; /* must be reset */
	specsync_error err;

	assert_int_equal(specsync_yaml_parse(&root, text, len, "t.yml", &err), SPECSYNC_ECONFIG);
	assert_null(root);
	assert_int_equal(err.code, SPECSYNC_ECONFIG);
	assert_string_equal(err.path, "t.yml");
	if (err.line != line || err.column != column || !strstr(err.message, needle))
		fail_msg("got %u:%u \"%s\", expected %u:%u \"%s\"", err.line, err.column,
			 err.message, line, column, needle);
}

#define EXPECT_ERROR(text, line, column, needle) \
	expect_error((text), strlen(text), (line), (column), (needle))

static void test_tree_positions_and_scalars(void **state)
{
	const char *text = "a: 1\n"
			   "b:\n"
			   "list:\n"
			   "  - plain\n"
			   "  - 'it''s'\n"
			   "  - \"x\\ty\"\n"
			   "flow: {k: ~, n: null, s: \"null\"}\n"
			   "block: |\n"
			   "  text\n";
	specsync_yaml_node *root = parse_ok(text);
	const specsync_yaml_node *n;
	(void)state;

	assert_int_equal(root->kind, SPECSYNC_YAML_MAPPING);
	assert_int_equal(root->count, 5);
	assert_string_equal(root->pairs[2].key->value, "list");
	assert_int_equal(root->pairs[2].key->line, 3);
	assert_int_equal(root->pairs[2].key->column, 1);

	n = specsync_yaml_get(root, "a");
	assert_string_equal(n->value, "1");
	assert_int_equal(n->line, 1);
	assert_int_equal(n->column, 4);
	assert_false(n->quoted);
	assert_false(n->is_null);

	n = specsync_yaml_get(root, "b");
	assert_true(n->is_null);
	assert_string_equal(specsync_yaml_describe(n), "nothing");

	n = specsync_yaml_get(root, "list");
	assert_int_equal(n->kind, SPECSYNC_YAML_SEQUENCE);
	assert_int_equal(n->count, 3);
	assert_int_equal(n->line, 4);
	assert_int_equal(n->column, 3);
	assert_string_equal(n->items[0]->value, "plain");
	assert_int_equal(n->items[0]->column, 5);
	assert_true(n->items[0]->verbatim);
	assert_string_equal(n->items[1]->value, "it's");
	assert_int_equal(n->items[1]->style, SPECSYNC_YAML_SINGLE_QUOTED);
	assert_true(n->items[1]->quoted);
	assert_false(n->items[1]->verbatim);
	assert_string_equal(n->items[2]->value, "x\ty");
	assert_int_equal(n->items[2]->style, SPECSYNC_YAML_DOUBLE_QUOTED);
	assert_false(n->items[2]->verbatim);

	n = specsync_yaml_get(root, "flow");
	assert_int_equal(n->kind, SPECSYNC_YAML_MAPPING);
	assert_int_equal(n->line, 7);
	assert_int_equal(n->column, 7);
	assert_true(specsync_yaml_get(n, "k")->is_null);
	assert_true(specsync_yaml_get(n, "n")->is_null);
	assert_false(specsync_yaml_get(n, "s")->is_null);
	assert_null(specsync_yaml_get(n, "missing"));
	assert_string_equal(specsync_yaml_describe(n), "a mapping");

	n = specsync_yaml_get(root, "block");
	assert_string_equal(n->value, "text\n");
	assert_int_equal(n->style, SPECSYNC_YAML_LITERAL);
	specsync_yaml_free(root);
}

static void test_column_at(void **state)
{
	const char *text = "p: ab(c\n"
			   "q: 'ab(c'\n"
			   "r: \"\xc3\xa9(c\"\n"
			   "s: 'a''(c'\n";
	specsync_yaml_node *root = parse_ok(text);
	(void)state;

	assert_int_equal(specsync_yaml_column_at(specsync_yaml_get(root, "p"), 2), 6);
	assert_int_equal(specsync_yaml_column_at(specsync_yaml_get(root, "q"), 2), 7);
	/* "é" is two bytes, one column */
	assert_int_equal(specsync_yaml_column_at(specsync_yaml_get(root, "r"), 2), 6);
	/* escaped quote: offsets no longer map, the scalar's column is used */
	assert_int_equal(specsync_yaml_column_at(specsync_yaml_get(root, "s"), 2), 4);
	specsync_yaml_free(root);
}

static void test_empty_stream(void **state)
{
	specsync_yaml_node *root = (specsync_yaml_node *)&root;
	specsync_error err;
	(void)state;

	assert_int_equal(specsync_yaml_parse(&root, "# nothing\n", 10, "t.yml", &err), 0);
	assert_null(root);
	assert_int_equal(specsync_yaml_parse(&root, NULL, 0, "t.yml", &err), 0);
	assert_null(root);
}

static void test_byte_order_mark_columns(void **state)
{
	specsync_yaml_node *root = parse_ok("\xef\xbb\xbf" "a: 1\n");
	(void)state;

	assert_int_equal(root->pairs[0].key->column, 1);
	assert_int_equal(root->pairs[0].value->column, 4);
	specsync_yaml_free(root);
	EXPECT_ERROR("\xef\xbb\xbf" "a: \xff\n", 1, 4, "invalid leading UTF-8 octet");
}

static void test_syntax_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("a: [1, 2\nb: 3\n", 2, 2,
		     "did not find expected ',' or ']' (while parsing a flow sequence at "
		     "line 1, column 4)");
	EXPECT_ERROR("key: v\n  bad: indent\n", 2, 6, "mapping values are not allowed");
	EXPECT_ERROR("a: 'open\n", 2, 1, "YAML syntax error: found unexpected end of stream");
	EXPECT_ERROR("a: 1\nb: \xc3\n", 2, 5, "invalid trailing UTF-8 octet (byte 0x0a)");
	EXPECT_ERROR("a: 1\nb: \xc3", 2, 4, "incomplete UTF-8 octet sequence");
}

static void test_anchors_and_aliases_rejected(void **state)
{
	(void)state;
	EXPECT_ERROR("a: &x 1\nb: 2\n", 1, 4,
		     "YAML anchors and aliases are not supported in .specsync.yml");
	EXPECT_ERROR("a: [1]\nb: *x\n", 2, 4,
		     "YAML anchors and aliases are not supported in .specsync.yml");
	EXPECT_ERROR("a: &l [1, 2]\n", 1, 4, "anchors and aliases");
	EXPECT_ERROR("a:\n  - &m {k: v}\n", 2, 5, "anchors and aliases");
	EXPECT_ERROR("a: !!str 1\n", 1, 4, "YAML tags");
}

static void test_billion_laughs_rejected_at_first_anchor(void **state)
{
	const char *text = "a: &a [\"lol\", \"lol\", \"lol\"]\n"
			   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
	(void)state;
	EXPECT_ERROR(text, 1, 4, "anchors and aliases");
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	EXPECT_ERROR("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key \"a\" (already defined at line 1)");
	EXPECT_ERROR("top:\n  x: 1\n  y: 2\n  y: 3\n  x: 4\n", 4, 3,
		     "duplicate key \"y\" (already defined at line 3)");
	EXPECT_ERROR("m: {k: 1, k: 2}\n", 1, 11, "duplicate key \"k\" (already defined at line 1)");
}

static void test_many_keys_are_fast(void **state)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	specsync_yaml_node *root;
	(void)state;

	for (int i = 0; i < 50000; i++)
		specsync_buf_printf(&b, "k%d: %d\n", i, i);
	root = parse_ok(b.ptr);
	assert_int_equal(root->count, 50000);
	specsync_yaml_free(root);
	specsync_buf_printf(&b, "k7: again\n");
	expect_error(b.ptr, b.size, 50001, 1, "duplicate key \"k7\" (already defined at line 8)");
	specsync_buf_dispose(&b);
}

static void test_structure_errors(void **state)
{
	(void)state;
	EXPECT_ERROR("a: 1\n---\nb: 2\n", 2, 1, "a second YAML document starts here");
	EXPECT_ERROR("[a]: 1\n", 1, 1, "a mapping key must be a plain string");
	EXPECT_ERROR("? {a: 1}\n: 2\n", 1, 3, "a mapping key must be a plain string");
}

static void test_size_limit(void **state)
{
	size_t len = SPECSYNC_YAML_MAX_SIZE + 1;
	char *text = malloc(len);
	specsync_yaml_node *root;
	(void)state;

	memset(text, '#', len);
	expect_error(text, len, 0, 0, "over the limit of 1048576 bytes (1 MiB)");
	/* exactly at the limit is fine (a comment) */
	assert_int_equal(specsync_yaml_parse(&root, text, len - 1, "t.yml", NULL), 0);
	assert_null(root);
	free(text);
}

static void test_depth_limit(void **state)
{
	char text[200];
	specsync_yaml_node *root;
	int depth = SPECSYNC_YAML_MAX_DEPTH;
	(void)state;

	memset(text, '[', (size_t)depth);
	memset(text + depth, ']', (size_t)depth);
	text[2 * depth] = '\0';
	root = parse_ok(text);
	specsync_yaml_free(root);

	depth++;
	memset(text, '[', (size_t)depth);
	memset(text + depth, ']', (size_t)depth);
	text[2 * depth] = '\0';
	EXPECT_ERROR(text, 1, 65, "YAML nested more than 64 levels deep");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_positions_and_scalars),
		cmocka_unit_test(test_column_at),
		cmocka_unit_test(test_empty_stream),
		cmocka_unit_test(test_byte_order_mark_columns),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_anchors_and_aliases_rejected),
		cmocka_unit_test(test_billion_laughs_rejected_at_first_anchor),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_many_keys_are_fast),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_depth_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
