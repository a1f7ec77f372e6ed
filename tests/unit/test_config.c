#include "testutil.h"
#include "common.h"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lines 1-3 */
#define HEAD                                                                                       \
	"version: 1\n"                                                                             \
	"requirements:\n"                                                                          \
	"  id: 'REQ-[0-9]+'\n"
/* Lines 4-8 */
#define SIDES                                                                                      \
	"sides:\n"                                                                                 \
	"  functional:\n"                                                                          \
	"    paths: [\"f/**\"]\n"                                                                  \
	"  technical:\n"                                                                           \
	"    paths: [\"t/**\"]\n"
/* Lines 9-11 */
#define ROLES                                                                                      \
	"roles:\n"                                                                                 \
	"  amoa: {members: [\"a@x.org\"]}\n"                                                       \
	"  amoe: {members: [\"e@x.org\"]}\n"

static specsync_config *parse_ok(const char *text)
{
	specsync_config *cfg = NULL;
	specsync_error err;

	if (specsync_config_parse(&cfg, text, strlen(text), "t.yml", &err) < 0)
		fail_msg("unexpected error %u:%u: %s", err.line, err.column, err.message);
	return cfg;
}

static void expect_error_len(const char *text, size_t len, int code, unsigned line, unsigned column,
			     const char *needle)
{
	specsync_config *cfg = (specsync_config *)&cfg; /* must be reset to NULL */
	specsync_error err;

	assert_int_equal(specsync_config_parse(&cfg, text, len, "t.yml", &err), code);
	assert_null(cfg);
	assert_int_equal(err.code, code);
	assert_string_equal(err.path, "t.yml");
	if (err.line != line || err.column != column || !strstr(err.message, needle))
		fail_msg("got %u:%u \"%s\"\nexpected %u:%u \"%s\"", err.line, err.column,
			 err.message, line, column, needle);
}

#define EXPECT_ERROR(text, line, column, needle)                                                   \
	expect_error_len((text), strlen(text), SPECSYNC_ECONFIG, (line), (column), (needle))

/* For messages that embed regex.c's words: our prefix, then PCRE2's text. */
static void expect_regex_error(const char *text, unsigned line, unsigned column, const char *prefix,
			       const char *pcre2_text)
{
	specsync_config *cfg = NULL;
	specsync_error err;

	assert_int_equal(specsync_config_parse(&cfg, text, strlen(text), "t.yml", &err),
			 SPECSYNC_ECONFIG);
	assert_null(cfg);
	if (err.line != line || err.column != column ||
	    strncmp(err.message, prefix, strlen(prefix)) != 0 || !strstr(err.message, pcre2_text))
		fail_msg("got %u:%u \"%s\"\nexpected %u:%u \"%s...%s\"", err.line, err.column,
			 err.message, line, column, prefix, pcre2_text);
}

static char *data_path(const char *rel)
{
	const char *dir = getenv("SPECSYNC_TEST_DATA");
	char *path;

	assert_non_null(dir);
	path = malloc(strlen(dir) + strlen(rel) + 2);
	sprintf(path, "%s/%s", dir, rel);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = malloc(1 << 16);

	assert_non_null(f);
	*len = fread(data, 1, 1 << 16, f);
	fclose(f);
	return data;
}

/* ---- valid configurations ------------------------------------------------- */

static void check_full_sides(const specsync_config *cfg)
{
	const specsync_config_side *f = &cfg->sides[0], *t = &cfg->sides[1];

	assert_int_equal(specsync_config_side_count(cfg), 2);
	assert_string_equal(specsync_config_side_name(cfg, 0), "functional");
	assert_string_equal(specsync_config_side_name(cfg, 1), "technical");
	assert_null(specsync_config_side_name(cfg, 2));
	assert_int_equal(f->path_count, 1);
	assert_string_equal(f->paths[0], "specs/functional/**/*.md");
	assert_int_equal(f->attribution, SPECSYNC_ATTR_MENTIONS);
	assert_string_equal(specsync_regex_pattern(f->section_start), "^\\[REQUIREMENT\\]");
	assert_int_equal(f->unsynced, SPECSYNC_LEVEL_WARNING);
	assert_int_equal(f->line, 21);
	assert_int_equal(f->column, 3);
	assert_int_equal(t->path_count, 2);
	assert_string_equal(t->paths[0], "specs/technical/**/*.md");
	assert_string_equal(t->paths[1], "docs/adr/*.adoc");
	assert_int_equal(t->attribution, SPECSYNC_ATTR_DEFINES);
	assert_null(t->section_start);
	assert_int_equal(t->unsynced, SPECSYNC_LEVEL_ERROR);
	assert_int_equal(t->line, 32);
	assert_int_equal(t->column, 3);
}

static void check_full_roles(const specsync_config *cfg)
{
	const specsync_config_role *r = cfg->roles;

	assert_int_equal(cfg->role_count, 4);
	assert_string_equal(r[0].key, "amoa");
	assert_string_equal(r[0].name, "AMOA - business analysts");
	assert_int_equal(r[0].member_count, 2);
	assert_string_equal(r[0].members[0].name, "Alice Martin");
	assert_string_equal(r[0].members[0].email, "alice@example.org");
	assert_null(r[0].members[1].name);
	assert_string_equal(r[0].members[1].email, "bruno@example.org");
	assert_string_equal(r[0].raw_members[0], "Alice Martin <alice@example.org>");
	assert_string_equal(r[0].raw_members[1], "bruno@example.org");
	assert_int_equal(r[0].line, 40);
	assert_int_equal(r[0].column, 3);
	assert_string_equal(r[1].key, "amoe");
	assert_string_equal(r[1].name, "Engineering");
	assert_string_equal(r[1].members[0].name, "Chlo\xc3\xa9 Dubois");
	assert_string_equal(r[1].members[0].email, "chloe.dubois@example.org");
	assert_string_equal(r[1].raw_members[0], "Chlo\xc3\xa9 Dubois <Chloe.Dubois@Example.ORG>");
	assert_int_equal(r[1].line, 41);
	assert_string_equal(r[2].key, "pm");
	assert_string_equal(r[2].name, "pm"); /* no name: the key */
	assert_string_equal(r[3].key, "sponsor");
	assert_int_equal(r[3].line, 46);

	assert_int_equal(specsync_config_role_index(cfg, "pm"), 2);
	assert_int_equal(specsync_config_role_index(cfg, "PM"), -1);
	assert_true(specsync_config_role_has(cfg, 1, "chloe.dubois@example.org"));
	assert_true(specsync_config_role_has(cfg, 0, "bruno@example.org"));
	assert_false(specsync_config_role_has(cfg, 1, "bruno@example.org"));
	assert_false(specsync_config_role_has(cfg, 9, "bruno@example.org"));
}

static void check_cell(const specsync_raci_cell *c, const size_t *expected, const size_t *counts,
		       unsigned line, unsigned column)
{
	size_t k = 0;

	assert_true(c->present);
	assert_int_equal(c->line, line);
	assert_int_equal(c->column, column);
	for (size_t letter = 0; letter < 4; letter++) {
		assert_int_equal(c->counts[letter], counts[letter]);
		for (size_t i = 0; i < counts[letter]; i++)
			assert_int_equal(c->letters[letter][i], expected[k++]);
	}
}

static void check_full_raci(const specsync_config *cfg)
{
	static const size_t ones[4] = {1, 1, 1, 1};
	static const size_t f0[] = {0, 3, 1, 2}, t0[] = {1, 2, 0, 3};
	static const size_t f1[] = {0, 2}, f1_counts[4] = {2, 0, 0, 0};
	const specsync_raci_entry *e = cfg->raci;

	assert_int_equal(cfg->raci_count, 2);
	assert_string_equal(e[0].scope, "*");
	assert_int_equal(e[0].line, 51);
	assert_int_equal(e[0].column, 5);
	check_cell(&e[0].cells[0], f0, ones, 52, 5);
	check_cell(&e[0].cells[1], t0, ones, 53, 5);
	assert_string_equal(e[1].scope, "REQ-PAY-*");
	assert_int_equal(e[1].line, 54);
	check_cell(&e[1].cells[0], f1, f1_counts, 55, 5);
	assert_false(e[1].cells[1].present);
	assert_ptr_equal(specsync_config_raci_for(cfg, "REQ-PAY-001"), &e[1]);
	assert_ptr_equal(specsync_config_raci_for(cfg, "REQ-AUTH-001"), &e[0]);
}

static void test_valid_full(void **state)
{
	char *path = data_path("config/valid-full.yml");
	specsync_config *cfg = NULL;
	specsync_error err;
	specsync_hash128 h;
	size_t len;
	char *bytes = slurp(path, &len);
	(void)state;

	if (specsync_config_load(&cfg, path, &err) < 0)
		fail_msg("%u:%u: %s", err.line, err.column, err.message);
	assert_string_equal(cfg->path, path);
	assert_int_equal(cfg->version, 1);
	assert_string_equal(specsync_regex_pattern(cfg->id), "\\bREQ-[A-Z]+-[0-9]{3}\\b");
	assert_int_equal(specsync_regex_test(cfg->id, "x REQ-AUTH-001 y", 16, &err), 1);
	assert_int_equal(cfg->ignore_count, 2);
	assert_string_equal(cfg->ignore[0], "REQ-XXX-000");
	assert_string_equal(cfg->ignore[1], "REQ-TEST-*");
	assert_true(specsync_config_ignored(cfg, "REQ-XXX-000"));
	assert_true(specsync_config_ignored(cfg, "REQ-TEST-042"));
	assert_false(specsync_config_ignored(cfg, "REQ-AUTH-001"));
	assert_string_equal(specsync_config_since(cfg), "v2.0");
	check_full_sides(cfg);
	check_full_roles(cfg);
	check_full_raci(cfg);
	assert_int_equal(cfg->out_of_role, SPECSYNC_LEVEL_WARNING);
	assert_int_equal(cfg->invalid_ack, SPECSYNC_LEVEL_ERROR);
	assert_string_equal(cfg->ack_trailer, "Spec-Ack");
	assert_int_equal(cfg->lint_same_accountable, SPECSYNC_LEVEL_ERROR);
	h = specsync_hash(bytes, len);
	assert_true(cfg->digest.h1 == h.h1 && cfg->digest.h2 == h.h2);
	specsync_config_free(cfg);
	free(bytes);
	free(path);
}

static void test_defaults(void **state)
{
	specsync_config *cfg = parse_ok(HEAD SIDES);
	specsync_config *named = NULL;
	(void)state;

	assert_string_equal(cfg->path, "t.yml");
	assert_null(cfg->ignore);
	assert_int_equal(cfg->ignore_count, 0);
	assert_null(specsync_config_since(cfg));
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(cfg->sides[i].attribution, SPECSYNC_ATTR_MENTIONS);
		assert_null(cfg->sides[i].section_start);
		assert_int_equal(cfg->sides[i].unsynced, SPECSYNC_LEVEL_ERROR);
	}
	assert_int_equal(cfg->role_count, 0);
	assert_int_equal(cfg->raci_count, 0);
	assert_null(specsync_config_raci_for(cfg, "REQ-1"));
	assert_int_equal(cfg->out_of_role, SPECSYNC_LEVEL_WARNING);
	assert_int_equal(cfg->invalid_ack, SPECSYNC_LEVEL_WARNING);
	assert_string_equal(cfg->ack_trailer, "Sync-Ack");
	assert_int_equal(cfg->max_file_size, 32u * 1024u * 1024u);
	assert_int_equal(cfg->lint_same_accountable, SPECSYNC_LEVEL_WARNING);
	assert_false(specsync_config_ignored(cfg, "REQ-1"));
	assert_int_equal(specsync_config_role_index(cfg, "amoa"), -1);
	specsync_config_free(cfg);

	assert_int_equal(specsync_config_parse(&named, HEAD SIDES, strlen(HEAD SIDES), NULL, NULL),
			 0);
	assert_string_equal(named->path, ".specsync.yml");
	specsync_config_free(named);
	specsync_config_free(NULL);
}

static void test_max_file_size(void **state)
{
	static const struct {
		const char *text;
		uint64_t bytes;
	} ok[] = {
		{"1", 1},          {"1000", 1000},       {"64K", 65536},
		{"10M", 10485760}, {"10 MiB", 10485760}, {"1G", 1073741824},
		{"2kB", 2048},     {"'5m'", 5242880},
	};
	static const char *const bad[] = {
		"0", "0M", "2G", "1T", "-1", "1.5M", "M", "10X", "99999999999999999999", "[1]"};
	char text[512];
	(void)state;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		specsync_config *cfg;
		snprintf(text, sizeof(text), HEAD SIDES "max_file_size: %s\n", ok[i].text);
		cfg = parse_ok(text);
		assert_int_equal(cfg->max_file_size, ok[i].bytes);
		specsync_config_free(cfg);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), HEAD SIDES "max_file_size: %s\n", bad[i]);
		EXPECT_ERROR(text, 9, 16,
			     bad[i][0] == '[' ? "max_file_size: expected a size"
					      : "max_file_size: invalid size");
	}
}

static void test_single_level_and_empty_lists(void **state)
{
	specsync_config *cfg = parse_ok(HEAD "  ignore: []\n" SIDES "roles: {}\n"
					     "raci: []\n"
					     "policy:\n"
					     "  unsynced: warning\n"
					     "  out_of_role: off\n");
	(void)state;

	assert_int_equal(cfg->ignore_count, 0);
	assert_int_equal(cfg->sides[0].unsynced, SPECSYNC_LEVEL_WARNING);
	assert_int_equal(cfg->sides[1].unsynced, SPECSYNC_LEVEL_WARNING);
	assert_int_equal(cfg->out_of_role, SPECSYNC_LEVEL_OFF);
	assert_int_equal(cfg->invalid_ack, SPECSYNC_LEVEL_WARNING);
	specsync_config_free(cfg);
}

static void test_side_for_path(void **state)
{
	specsync_config *cfg =
		parse_ok(HEAD "sides:\n"
			      "  functional:\n"
			      "    paths: [\"specs/functional/**/*.md\", \"README.md\"]\n"
			      "  technical:\n"
			      "    paths: [\"specs/**/*.md\"]\n"
			      "  adr:\n"
			      "    paths: [\"docs/adr/*.adoc\"]\n");
	int other = -7;
	(void)state;

	assert_int_equal(specsync_config_side_for_path(cfg, "README.md", &other), 0);
	assert_int_equal(specsync_config_side_for_path(cfg, "specs/technical/a.md", &other), 1);
	assert_int_equal(specsync_config_side_for_path(cfg, "docs/adr/1.adoc", &other), 2);
	assert_int_equal(specsync_config_side_for_path(cfg, "src/main.c", &other), -1);
	assert_int_equal(other, -7);
	assert_int_equal(specsync_config_side_for_path(cfg, "specs/functional/x/a.md", &other), -2);
	assert_int_equal(other, 1);
	assert_int_equal(specsync_config_side_for_path(cfg, "specs/functional/a.md", NULL), -2);
	specsync_config_free(cfg);
}

/* sides.<name>.empty_ok (issue 12): false by default; requirements.id's place. */
static void test_empty_ok(void **state)
{
	specsync_config *cfg = parse_ok(HEAD "sides:\n"
					     "  functional:\n"
					     "    paths: [\"f/**\"]\n"
					     "    empty_ok: false\n"
					     "  technical:\n"
					     "    paths: [\"t/**\"]\n"
					     "    empty_ok: true\n");
	(void)state;

	assert_false(cfg->sides[0].empty_ok);
	assert_true(cfg->sides[1].empty_ok);
	assert_int_equal(cfg->id_line, 3);
	assert_int_equal(cfg->id_column, 7);
	specsync_config_free(cfg);
	cfg = parse_ok(HEAD SIDES);
	assert_false(cfg->sides[0].empty_ok);
	assert_false(cfg->sides[1].empty_ok);
	specsync_config_free(cfg);
}

/* ---- one test per kind of mistake ----------------------------------------- */

static void test_error_yaml_syntax(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD "sides: [a, b\n", 5, 1,
		     "YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
		     "sequence at line 4, column 8)");
}

static void test_error_yaml_restrictions(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD SIDES "requirements: {}\n", 9, 1,
		     "duplicate key \"requirements\" (already defined at line 2)");
	EXPECT_ERROR(HEAD "sides: &s\n  a: {paths: [x]}\n", 4, 8,
		     "YAML anchors and aliases are not supported in .specsync.yml");
	EXPECT_ERROR(HEAD SIDES "---\n" HEAD SIDES, 9, 1, "a second YAML document");
	EXPECT_ERROR(HEAD SIDES "[a]: 1\n", 9, 1, "a mapping key must be a plain string");
}

static void test_error_size_limit(void **state)
{
	size_t len = 1024 * 1024 + 1;
	char *text = malloc(len);
	(void)state;

	memset(text, ' ', len);
	memcpy(text, HEAD SIDES, strlen(HEAD SIDES));
	expect_error_len(text, len, SPECSYNC_ECONFIG, 0, 0, "over the limit of 1048576 bytes");
	free(text);
}

static void test_error_unknown_keys(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD "sieds:\n", 4, 1,
		     "unknown top-level key \"sieds\" (did you mean \"sides\"? expected one of: "
		     "version, requirements, since, sides, roles, raci, policy, ack_trailer, lint, "
		     "max_file_size, "
		     "handles, acks)");
	EXPECT_ERROR(HEAD "  idd: x\n" SIDES, 4, 3,
		     "requirements: unknown key \"idd\" (did you mean \"id\"? expected one of: id, "
		     "ignore)");
	EXPECT_ERROR(HEAD SIDES "colour: blue\n", 9, 1,
		     "unknown top-level key \"colour\" (expected one of: version,");
	EXPECT_ERROR(HEAD SIDES "policy:\n  out_of_rol: off\n", 10, 3,
		     "policy: unknown key \"out_of_rol\" (did you mean \"out_of_role\"?");
	EXPECT_ERROR(HEAD "sides:\n  a:\n    path: [x]\n  b: {paths: [b]}\n", 6, 5,
		     "sides.a: unknown key \"path\" (did you mean \"paths\"?");
}

static void test_error_wrong_type(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD "sides:\n  a:\n    paths: \"a/**\"\n  b:\n    paths: [b]\n", 6, 12,
		     "sides.a.paths: expected a list of path globs, got \"a/**\"");
	EXPECT_ERROR(HEAD SIDES "since: [v1]\n", 9, 8,
		     "since: expected a revision (tag, branch or commit), got a list");
	EXPECT_ERROR(HEAD "  ignore:\n" SIDES, 4, 10,
		     "requirements.ignore: expected a list of ID globs, got nothing");
	EXPECT_ERROR(HEAD SIDES "roles:\n", 9, 7,
		     "roles: expected a mapping of role keys to {name, members}, got nothing");
	EXPECT_ERROR(HEAD SIDES "raci: {}\n", 9, 7, "raci: expected a list of");
	EXPECT_ERROR("- 1\n", 1, 1,
		     "configuration: expected a mapping with version, requirements "
		     "and sides, got a list");
	EXPECT_ERROR(HEAD SIDES "raci:\n  - scope: \"*\"\n    functional: {R: {x: 1}}\n", 11, 21,
		     "raci[0].functional.R: expected a role key or a list of role keys, got a "
		     "mapping");
}

static void test_error_missing_required(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD, 1, 1,
		     "missing required key \"sides\" (expected a mapping of at least two sides");
	EXPECT_ERROR("version: 1\nrequirements:\n  ignore: []\n" SIDES, 3, 3,
		     "requirements: missing required key \"id\" (expected a PCRE2 pattern");
	EXPECT_ERROR("requirements:\n  id: x\n" SIDES, 1, 1,
		     "missing required key \"version\" (expected \"version: 1\")");
	EXPECT_ERROR(HEAD "sides:\n  a: {attribution: path}\n  b: {paths: [b]}\n", 5, 6,
		     "sides.a: missing required key \"paths\"");
	EXPECT_ERROR(HEAD SIDES "roles:\n  pm: {name: PM}\n", 10, 7,
		     "roles.pm: missing required key \"members\"");
	EXPECT_ERROR(HEAD SIDES "raci:\n  - functional: {}\n", 10, 5,
		     "raci[0]: missing required key \"scope\" (expected an ID glob");
	EXPECT_ERROR("# nothing here\n", 1, 1, "empty configuration");
}

static void test_error_version(void **state)
{
	(void)state;
	EXPECT_ERROR("version: 2\n", 1, 10,
		     "version: unsupported schema version \"2\" (expected 1)");
	EXPECT_ERROR("version: '1'\n", 1, 10,
		     "version: expected the number 1, got a quoted string");
}

static void test_error_undefined_role_in_raci(void **state)
{
	(void)state;
	EXPECT_ERROR(
		HEAD SIDES ROLES "raci:\n  - scope: \"*\"\n    functional: {R: amoee}\n", 14, 21,
		"raci[0].functional.R: unknown role \"amoee\" (did you mean \"amoe\"? expected "
		"one of: amoa, amoe)");
	EXPECT_ERROR(HEAD SIDES ROLES "raci:\n  - scope: \"*\"\n    technical: {C: [amoa, pm]}\n",
		     14, 27,
		     "raci[0].technical.C[1]: unknown role \"pm\" (expected one of: amoa, amoe)");
	EXPECT_ERROR(HEAD SIDES "raci:\n  - scope: \"*\"\n    technical: {I: pm}\n", 11, 20,
		     "raci[0].technical.I: unknown role \"pm\" (no roles are defined)");
	EXPECT_ERROR(
		HEAD SIDES ROLES "raci:\n  - scope: \"*\"\n    technical: {r: amoa}\n", 14, 17,
		"raci[0].technical: unknown key \"r\" (did you mean \"R\"? expected one of: R, "
		"A, C, I)");
}

static void test_error_undefined_side_in_raci(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD SIDES ROLES "raci:\n  - scope: \"*\"\n    tecnical: {R: amoa}\n", 14, 5,
		     "raci[0]: unknown side \"tecnical\" (did you mean \"technical\"? expected one "
		     "of: scope, functional, technical)");
}

static void test_error_undefined_side_in_policy(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD SIDES "policy:\n  unsynced: { tecnical: error, functional: warning }\n",
		     10, 15,
		     "policy.unsynced: unknown side \"tecnical\" (did you mean \"technical\"? "
		     "expected one of: functional, technical)");
	EXPECT_ERROR(HEAD SIDES "policy:\n  unsynced: {functional: warn}\n", 10, 26,
		     "policy.unsynced.functional: unknown level \"warn\" (did you mean "
		     "\"warning\"? expected one of: off, warning, error)");
}

static void test_error_invalid_regex(void **state)
{
	(void)state;
	/* single-quoted, verbatim: quote at column 7, ')' at offset 1 of "a)b" */
	expect_regex_error("version: 1\nrequirements:\n  id: 'a)b'\n" SIDES, 3, 9,
			   "requirements.id: ", "unmatched closing parenthesis");
	/* plain: 'a' at column 7 */
	expect_regex_error("version: 1\nrequirements:\n  id: a)b\n" SIDES, 3, 8,
			   "requirements.id: ", "unmatched closing parenthesis");
	/* escapes: the scalar's own column */
	expect_regex_error("version: 1\nrequirements:\n  id: \"\\x41)b\"\n" SIDES, 3, 7,
			   "requirements.id: ", "unmatched closing parenthesis");
	/* block scalar: the scalar's own column */
	expect_regex_error("version: 1\nrequirements:\n  id: |-\n    a)b\n" SIDES, 3, 7,
			   "requirements.id: ", "unmatched closing parenthesis");
	/* the error is at the end of "^(x": offset 3, after the quote at 20 */
	expect_regex_error(HEAD "sides:\n  a:\n    paths: [a]\n    section_start: '^(x'\n"
				"  b: {paths: [b]}\n",
			   7, 24, "sides.a.section_start: ", "missing closing parenthesis");
}

static void test_error_pattern_matches_empty(void **state)
{
	(void)state;
	EXPECT_ERROR("version: 1\nrequirements:\n  id: 'REQ-[0-9]*|x?'\n" SIDES, 3, 7,
		     "requirements.id: the pattern can match an empty string (expected a pattern "
		     "that matches only non-empty text)");
	/* \b alone matches no text, only a position */
	EXPECT_ERROR("version: 1\nrequirements:\n  id: '\\b'\n" SIDES, 3, 7,
		     "requirements.id: the pattern can match an empty string");
	EXPECT_ERROR(HEAD
		     "sides:\n  a:\n    paths: [a]\n    section_start: '^'\n  b: {paths: [b]}\n",
		     7, 20, "sides.a.section_start: the pattern can match an empty string");
}

static void test_error_invalid_glob(void **state)
{
	(void)state;
	EXPECT_ERROR(
		HEAD "sides:\n  a:\n    paths: [\"a/**\", \"specs/[a-z.md\"]\n  b: {paths: [b]}\n",
		6, 21,
		"sides.a.paths[1]: invalid glob \"specs/[a-z.md\": unterminated character class");
	EXPECT_ERROR(HEAD "  ignore: [\"REQ-[z-a]\"]\n" SIDES, 4, 12,
		     "requirements.ignore[0]: invalid glob \"REQ-[z-a]\": reversed range");
	EXPECT_ERROR(HEAD SIDES "raci:\n  - scope: \"\"\n", 10, 12,
		     "raci[0].scope: invalid glob \"\": empty glob");
	EXPECT_ERROR(HEAD "sides:\n  a: {paths: []}\n  b: {paths: [b]}\n", 5, 14,
		     "sides.a.paths: empty list (expected a list of path globs with at least one "
		     "item)");
}

static void test_error_fewer_than_two_sides(void **state)
{
	(void)state;
	EXPECT_ERROR(
		HEAD "sides:\n  functional:\n    paths: [\"f/**\"]\n", 5, 3,
		"sides: 1 side defined (expected at least two, e.g. functional and technical)");
	EXPECT_ERROR(HEAD "sides: {}\n", 4, 8, "sides: 0 sides defined");
}

static void test_error_too_many_sides(void **state)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	(void)state;

	specsync_buf_puts(&b, HEAD "sides:\n");
	for (int i = 0; i < SPECSYNC_MAX_SIDES + 1; i++)
		specsync_buf_printf(&b, "  s%d: {paths: [x]}\n", i);
	EXPECT_ERROR(b.ptr, 5 + SPECSYNC_MAX_SIDES, 3,
		     "sides: too many sides (expected at most 32)");
	specsync_buf_dispose(&b);
}

static void test_error_side_names(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD "sides:\n  scope: {paths: [a]}\n  b: {paths: [b]}\n", 5, 3,
		     "sides: a side cannot be named \"scope\"");
	EXPECT_ERROR(HEAD "sides:\n  \"a b\": {paths: [a]}\n  b: {paths: [b]}\n", 5, 3,
		     "sides: invalid side name \"a b\"");
	EXPECT_ERROR(HEAD "sides:\n  a: {paths: [a], attribution: define}\n  b: {paths: [b]}\n", 5,
		     32,
		     "sides.a.attribution: unknown attribution \"define\" (did you mean "
		     "\"defines\"? expected one of: mentions, defines, path)");
}

static void test_error_member_without_email(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD SIDES "roles:\n  amoa: {members: [\"a@x.org\", \"Bruno Durand\"]}\n", 10,
		     31,
		     "roles.amoa.members[1]: no e-mail address in \"Bruno Durand\" (expected "
		     "\"Name <email>\" or \"email\")");
	EXPECT_ERROR(HEAD SIDES "roles:\n  amoa: {members: [\"Bruno <>\"]}\n", 10, 20,
		     "roles.amoa.members[0]: no e-mail address in \"Bruno <>\"");
	EXPECT_ERROR(HEAD SIDES "roles:\n  amoa: {members: [\"Bruno <b@x.org\"]}\n", 10, 20,
		     "no e-mail address in \"Bruno <b@x.org\"");
	EXPECT_ERROR(HEAD SIDES "roles:\n  amoa: {members: [\"B <b@x.org> extra\"]}\n", 10, 20,
		     "no e-mail address in \"B <b@x.org> extra\"");
}

static void test_error_empty_members(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD SIDES "roles:\n  amoa: {name: AMOA, members: []}\n", 10, 31,
		     "roles.amoa.members: empty list (expected a list of members");
}

static void test_error_policy_and_trailer(void **state)
{
	(void)state;
	EXPECT_ERROR(HEAD SIDES "policy:\n  out_of_role: warn\n", 10, 16,
		     "policy.out_of_role: unknown level \"warn\" (did you mean \"warning\"?");
	EXPECT_ERROR(
		HEAD SIDES "policy:\n  unsynced: [error]\n", 10, 13,
		"policy.unsynced: expected a level (error, warning, off) or a mapping of sides "
		"to levels, got a list");
	EXPECT_ERROR(HEAD SIDES "lint: { same_accountable: always }\n", 9, 27,
		     "lint.same_accountable: unknown level \"always\" (expected one of: off, "
		     "warning, error)");
	EXPECT_ERROR(HEAD SIDES "lint: [same_accountable]\n", 9, 7,
		     "lint: expected a mapping with same_accountable, got a list");
	EXPECT_ERROR(HEAD SIDES "ack_trailer: Sync Ack\n", 9, 14,
		     "ack_trailer: invalid trailer key \"Sync Ack\" (expected letters, digits and "
		     "'-', e.g. Sync-Ack)");
	EXPECT_ERROR(HEAD SIDES "since: ''\n", 9, 8, "since: empty revision");
}

static void test_error_load_files(void **state)
{
	specsync_config *cfg = NULL;
	specsync_error err;
	char *dir = tu_mkdtemp(), path[4096], *big;
	(void)state;

	snprintf(path, sizeof(path), "%s/missing.yml", dir);
	assert_int_equal(specsync_config_load(&cfg, path, &err), SPECSYNC_ENOTFOUND);
	assert_null(cfg);
	assert_string_equal(err.path, path);
	assert_non_null(strstr(err.message, "cannot open configuration"));

	big = malloc(1024 * 1024 + 2);
	memset(big, '#', 1024 * 1024 + 1);
	big[1024 * 1024 + 1] = '\0';
	tu_write(dir, "big.yml", big);
	snprintf(path, sizeof(path), "%s/big.yml", dir);
	assert_int_equal(specsync_config_load(&cfg, path, &err), SPECSYNC_ECONFIG);
	assert_non_null(strstr(err.message, "file is 1048577 bytes, over the limit"));

	tu_write(dir, "bad.yml", HEAD SIDES "since:\n");
	snprintf(path, sizeof(path), "%s/bad.yml", dir);
	assert_int_equal(specsync_config_load(&cfg, path, &err), SPECSYNC_ECONFIG);
	assert_string_equal(err.path, path);
	assert_int_equal(err.line, 9);
	assert_int_equal(err.column, 7);
	free(big);
	tu_rmrf(dir);
	free(dir);
}

/* Any prefix of a valid file, and any single-byte change, either loads or
 * fails with one positioned ECONFIG message; never anything else. */
static void check_robust(const char *text, size_t len)
{
	specsync_config *cfg = NULL;
	specsync_error err;
	int rc = specsync_config_parse(&cfg, text, len, "t.yml", &err);

	if (rc == 0) {
		assert_non_null(cfg);
		assert_true(cfg->side_count >= 2);
		specsync_config_free(cfg);
		return;
	}
	assert_null(cfg);
	if (rc != SPECSYNC_ECONFIG || err.line == 0 || err.column == 0 || !err.message[0])
		fail_msg("len %zu: rc %d at %u:%u \"%s\"", len, rc, err.line, err.column,
			 err.message);
}

static void test_truncated_and_mutated_files(void **state)
{
	static const char replacements[] = {' ', ':',  '-', '[',  '{', '&',  '*',  '\'',
					    '"', '\n', '#', '\t', 'x', '\0', '\\', '|'};
	char *path = data_path("config/valid-full.yml");
	size_t len;
	char *text = slurp(path, &len);
	(void)state;

	for (size_t n = 0; n <= len; n++)
		check_robust(text, n);
	for (size_t i = 0; i < len; i++) {
		char saved = text[i];

		for (size_t r = 0; r < sizeof(replacements); r++) {
			text[i] = replacements[r];
			check_robust(text, len);
		}
		text[i] = saved;
	}
	free(text);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_full),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_single_level_and_empty_lists),
		cmocka_unit_test(test_side_for_path),
		cmocka_unit_test(test_empty_ok),
		cmocka_unit_test(test_error_yaml_syntax),
		cmocka_unit_test(test_error_yaml_restrictions),
		cmocka_unit_test(test_error_size_limit),
		cmocka_unit_test(test_error_unknown_keys),
		cmocka_unit_test(test_error_wrong_type),
		cmocka_unit_test(test_error_missing_required),
		cmocka_unit_test(test_error_version),
		cmocka_unit_test(test_error_undefined_role_in_raci),
		cmocka_unit_test(test_error_undefined_side_in_raci),
		cmocka_unit_test(test_error_undefined_side_in_policy),
		cmocka_unit_test(test_error_invalid_regex),
		cmocka_unit_test(test_error_pattern_matches_empty),
		cmocka_unit_test(test_error_invalid_glob),
		cmocka_unit_test(test_error_fewer_than_two_sides),
		cmocka_unit_test(test_error_too_many_sides),
		cmocka_unit_test(test_error_side_names),
		cmocka_unit_test(test_error_member_without_email),
		cmocka_unit_test(test_error_empty_members),
		cmocka_unit_test(test_error_policy_and_trailer),
		cmocka_unit_test(test_error_load_files),
		cmocka_unit_test(test_truncated_and_mutated_files),
		cmocka_unit_test(test_max_file_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
