/*
 * The loader's primitives for `.specsync.yml` (config.c): the places in the
 * schema named in messages, the SPECSYNC_ECONFIG messages themselves, key
 * checks, scalars (strings, enums, levels, regexes) and lists of strings.
 * It knows no section of the schema; config.c, config_raci.c and
 * config_policy.c read the sections with it.
 */
#include "config_internal.h"
#include "message.h"
#include "common.h"
#include "yaml_tree.h"

#include <stdio.h>

static const char *const level_names[] = { "off", "warning", "error" };

void specsync_cfg_place_key(char *out, const char *where, const char *key)
{
	snprintf(out, WHERE_SIZE, "%.120s.%.120s", where, key);
}

void specsync_cfg_place_index(char *out, const char *where, size_t i)
{
	snprintf(out, WHERE_SIZE, "%.200s[%zu]", where, i);
}

/* ---- messages ------------------------------------------------------------ */

int specsync_cfg_fail(loader *l, const ynode *at, const char *fmt, ...)
{
	char message[sizeof(l->err->message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return specsync_fail_at(l->err, SPECSYNC_ECONFIG, l->cfg->path, at ? at->line : 1,
				at ? at->column : 1, "%s", message);
}

int specsync_cfg_no_memory(loader *l)
{
	return specsync_fail(l->err, SPECSYNC_ENOMEM, "out of memory loading %s", l->cfg->path);
}

/* What a node is, for "expected X, got Y". */
const char *specsync_cfg_got(const ynode *n, char *buf, size_t size)
{
	if (!n || n->kind != SPECSYNC_YAML_SCALAR || n->is_null)
		return specsync_yaml_describe(n);
	snprintf(buf, size, "\"%.40s%s\"", n->value, n->length > 40 ? "..." : "");
	return buf;
}

int specsync_cfg_expect_kind(loader *l, const ynode *n, specsync_yaml_kind kind, const char *where,
			     const char *what)
{
	char buf[64];

	if (n && n->kind == kind && !(kind == SPECSYNC_YAML_SCALAR && n->is_null))
		return 0;
	return specsync_cfg_fail(l, n, "%s: expected %s, got %s", where, what,
				 specsync_cfg_got(n, buf, sizeof(buf)));
}

/* "<where>: unknown <what> "<name>" (did you mean ...? expected one of: ...)" */
int specsync_cfg_unknown(loader *l, const ynode *at, const char *where, const char *what,
			 const char *name, const char *const *known, size_t n)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	const char *best = specsync_suggest(name, known, n);
	int error;

	specsync_buf_printf(&b, "%s%sunknown %s \"%.80s\" (", where, *where ? ": " : "", what,
			    name);
	if (best)
		specsync_buf_printf(&b, "did you mean \"%s\"? ", best);
	if (n == 0)
		specsync_buf_printf(&b, "no %ss are defined)", what);
	else
		specsync_buf_puts(&b, "expected one of: ");
	for (size_t i = 0; i < n; i++)
		specsync_buf_printf(&b, "%s%s", known[i], i + 1 < n ? ", " : ")");
	error = b.failed ? specsync_cfg_no_memory(l) : specsync_cfg_fail(l, at, "%s", b.ptr);
	specsync_buf_dispose(&b);
	return error;
}

int specsync_cfg_find_name(const char *name, const char *const *known, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, known[i]) == 0)
			return (int)i;
	return -1;
}

int specsync_cfg_check_keys(loader *l, const ynode *map, const char *where,
			    const char *const *known, size_t n)
{
	for (size_t i = 0; i < map->count; i++) {
		const ynode *key = map->pairs[i].key;
		if (specsync_cfg_find_name(key->value, known, n) < 0)
			return specsync_cfg_unknown(l, key, where, *where ? "key" : "top-level key",
						    key->value, known, n);
	}
	return 0;
}

/* The value of required key `key`, or an error at the mapping. */
int specsync_cfg_required(const ynode **out, loader *l, const ynode *map, const char *where,
			  const char *key, const char *hint)
{
	if ((*out = specsync_yaml_get(map, key)) != NULL)
		return 0;
	return specsync_cfg_fail(l, map, "%s%smissing required key \"%s\" (%s)", where,
				 *where ? ": " : "", key, hint);
}

/* ---- scalars --------------------------------------------------------------- */

int specsync_cfg_get_string(char **out, loader *l, const ynode *n, const char *where,
			    const char *what)
{
	int error;

	if ((error = specsync_cfg_expect_kind(l, n, SPECSYNC_YAML_SCALAR, where, what)) < 0)
		return error;
	if (strlen(n->value) != n->length)
		return specsync_cfg_fail(l, n, "%s: contains a NUL character (expected %s)", where,
					 what);
	if (!(*out = specsync_strdup(n->value)))
		return specsync_cfg_no_memory(l);
	return 0;
}

/* One of `names` (in enum order). */
int specsync_cfg_get_enum(int *out, loader *l, const ynode *n, const char *where, const char *what,
			  const char *const *names, size_t count)
{
	int error, i;

	if ((error = specsync_cfg_expect_kind(l, n, SPECSYNC_YAML_SCALAR, where, what)) < 0)
		return error;
	if ((i = specsync_cfg_find_name(n->value, names, count)) < 0)
		return specsync_cfg_unknown(l, n, where, what, n->value, names, count);
	*out = i;
	return 0;
}

int specsync_cfg_get_level(specsync_level *out, loader *l, const ynode *n, const char *where)
{
	int v = 0, error = specsync_cfg_get_enum(&v, l, n, where, "level", level_names,
						 COUNT(level_names));

	*out = (specsync_level)v;
	return error;
}

/*
 * Compiles twice (permissive, then rejecting empty matches) so that the
 * message for a pattern that matches the empty string is ours, whatever
 * words regex.c uses.
 */
static int compile_strict(specsync_regex **out, const char *pattern, specsync_error *rerr)
{
	specsync_regex *strict = NULL;
	int error = specsync_regex_compile(out, pattern, false, rerr);

	if (error < 0)
		return error;
	error = specsync_regex_compile(&strict, pattern, true, rerr);
	specsync_regex_free(strict);
	if (error < 0) {
		specsync_regex_free(*out);
		*out = NULL;
	}
	return error == SPECSYNC_ENOMEM ? error : (error < 0 ? 1 : 0);
}

/* A PCRE2 pattern that cannot match the empty string. Syntax errors point
 * into the scalar when its text maps byte for byte onto the file. */
int specsync_cfg_get_regex(specsync_regex **out, loader *l, const ynode *n, const char *where)
{
	specsync_error rerr;
	char *pattern = NULL;
	unsigned column;
	int error;

	if ((error = specsync_cfg_get_string(&pattern, l, n, where, "a regular expression")) < 0)
		return error;
	specsync_error_clear(&rerr);
	error = compile_strict(out, pattern, &rerr);
	free(pattern);
	if (error == SPECSYNC_ENOMEM)
		return specsync_cfg_no_memory(l);
	if (error == 1 && rerr.column) /* a \K that leaves every match empty */
		return specsync_fail_at(l->err, SPECSYNC_ECONFIG, l->cfg->path, n->line,
					specsync_yaml_column_at(n, rerr.column - 1),
					"%s: %s (expected a pattern that matches only non-empty "
					"text)",
					where, rerr.message);
	if (error == 1)
		return specsync_cfg_fail(
			l, n,
			"%s: the pattern can match an empty string (expected a pattern "
			"that matches only non-empty text)",
			where);
	if (error == 0)
		return 0;
	column = rerr.column ? specsync_yaml_column_at(n, rerr.column - 1) : n->column;
	return specsync_fail_at(l->err, SPECSYNC_ECONFIG, l->cfg->path, n->line, column,
				"%s: %s (expected a PCRE2 pattern)", where, rerr.message);
}

/* ---- lists of strings -------------------------------------------------------- */

int specsync_cfg_read_list(char ***out, size_t *count, loader *l, const ynode *n, const char *where,
			   const list_spec *spec)
{
	char item[WHERE_SIZE];
	const char *problem;
	int error;

	if ((error = specsync_cfg_expect_kind(l, n, SPECSYNC_YAML_SEQUENCE, where, spec->what)) < 0)
		return error;
	if (spec->non_empty && n->count == 0)
		return specsync_cfg_fail(l, n,
					 "%s: empty list (expected %s with at least one item)",
					 where, spec->what);
	if (!(*out = specsync_calloc(n->count, sizeof(**out))))
		return specsync_cfg_no_memory(l);
	*count = n->count;
	for (size_t i = 0; i < n->count; i++) {
		specsync_cfg_place_index(item, where, i);
		if ((error = specsync_cfg_get_string(&(*out)[i], l, n->items[i], item,
						     spec->item)) < 0)
			return error;
		if (spec->check && (problem = spec->check((*out)[i])) != NULL)
			return specsync_cfg_fail(l, n->items[i], "%s: invalid glob \"%.80s\": %s",
						 item, (*out)[i], problem);
	}
	return 0;
}
