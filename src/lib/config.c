/*
 * `.specsync.yml`, schema version 1: from the YAML tree (yaml_tree.h) to a
 * validated specsync_config (config.h).
 *
 * Every mistake stops the load with one SPECSYNC_ECONFIG message naming the
 * file, line and column of the offending node, the dotted place in the
 * schema ("sides.functional.paths[0]"), what is wrong and what was expected;
 * an unknown name suggests the closest known one. Nothing invalid falls
 * back to a default: defaults apply only to keys that are absent.
 *
 * Checks run in schema order, not document order: unknown top-level keys,
 * version, requirements, since, sides, roles, raci, policy, lint,
 * ack_trailer, max_file_size.
 * The raci and policy sections refer to sides and roles, which are read
 * first whatever their place in the file.
 *
 * Accepted values: every scalar is a string (YAML 1.1 booleans such as
 * "off" are the word "off"); version must be the plain scalar 1; side names
 * are letters, digits, '_', '-', '.' or non-ASCII, and "scope" is reserved
 * (raci entries use it); a null value ("key:" alone) is never taken for an
 * empty list or mapping.
 */
#include "config.h"
#include "message.h"
#include "common.h"
#include "glob.h"
#include "yaml_tree.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#define WHERE_SIZE 256

typedef specsync_yaml_node ynode;

typedef struct loader {
	specsync_config *cfg;
	specsync_error *err;
	const char **raci_keys;  /* "scope", then the side names */
	const char **side_names; /* raci_keys + 1 */
	const char **role_names;
} loader;

static const char *const top_keys[] = { "version", "requirements", "since", "sides",
					"roles", "raci", "policy", "ack_trailer", "lint",
					"max_file_size", "handles", "acks" };
static const char *const requirement_keys[] = { "id", "ignore" };
static const char *const side_keys[] = { "paths", "attribution", "section_start", "empty_ok" };
static const char *const bool_names[] = { "false", "true" };
static const char *const role_keys[] = { "name", "members" };
static const char *const letter_keys[] = { "R", "A", "C", "I" };
static const char *const policy_keys[] = { "unsynced", "out_of_role", "invalid_ack",
					   "escalate" };
static const char *const escalate_keys[] = { "after", "level" };
static const char *const lint_keys[] = { "same_accountable" };
static const char *const ack_keys[] = { "require_signature", "allowed_signers" };
static const char *const level_names[] = { "off", "warning", "error" };
static const char *const attribution_names[] = { "mentions", "defines", "path" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Places in the schema for messages ("sides.functional.paths[0]"), into
 * buffers of WHERE_SIZE; very long names are cut. */
static void place_key(char *out, const char *where, const char *key)
{
	snprintf(out, WHERE_SIZE, "%.120s.%.120s", where, key);
}

static void place_index(char *out, const char *where, size_t i)
{
	snprintf(out, WHERE_SIZE, "%.200s[%zu]", where, i);
}

/* ---- messages ------------------------------------------------------------ */

static int fail(loader *l, const ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(loader *l, const ynode *at, const char *fmt, ...)
{
	char message[sizeof(l->err->message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return specsync_fail_at(l->err, SPECSYNC_ECONFIG, l->cfg->path, at ? at->line : 1,
				at ? at->column : 1, "%s", message);
}

static int no_memory(loader *l)
{
	return specsync_fail(l->err, SPECSYNC_ENOMEM, "out of memory loading %s", l->cfg->path);
}

/* What a node is, for "expected X, got Y". */
static const char *got(const ynode *n, char *buf, size_t size)
{
	if (!n || n->kind != SPECSYNC_YAML_SCALAR || n->is_null)
		return specsync_yaml_describe(n);
	snprintf(buf, size, "\"%.40s%s\"", n->value, n->length > 40 ? "..." : "");
	return buf;
}

static int expect_kind(loader *l, const ynode *n, specsync_yaml_kind kind, const char *where,
		       const char *what)
{
	char buf[64];

	if (n && n->kind == kind && !(kind == SPECSYNC_YAML_SCALAR && n->is_null))
		return 0;
	return fail(l, n, "%s: expected %s, got %s", where, what, got(n, buf, sizeof(buf)));
}

/* "<where>: unknown <what> "<name>" (did you mean ...? expected one of: ...)" */
static int unknown(loader *l, const ynode *at, const char *where, const char *what,
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
	error = b.failed ? no_memory(l) : fail(l, at, "%s", b.ptr);
	specsync_buf_dispose(&b);
	return error;
}

static int find_name(const char *name, const char *const *known, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, known[i]) == 0)
			return (int)i;
	return -1;
}

static int check_keys(loader *l, const ynode *map, const char *where, const char *const *known,
		      size_t n)
{
	for (size_t i = 0; i < map->count; i++) {
		const ynode *key = map->pairs[i].key;
		if (find_name(key->value, known, n) < 0)
			return unknown(l, key, where, *where ? "key" : "top-level key", key->value,
				       known, n);
	}
	return 0;
}

/* The value of required key `key`, or an error at the mapping. */
static int required(const ynode **out, loader *l, const ynode *map, const char *where,
		    const char *key, const char *hint)
{
	if ((*out = specsync_yaml_get(map, key)) != NULL)
		return 0;
	return fail(l, map, "%s%smissing required key \"%s\" (%s)", where, *where ? ": " : "", key,
		    hint);
}

/* ---- scalars --------------------------------------------------------------- */

static int get_string(char **out, loader *l, const ynode *n, const char *where, const char *what)
{
	int error;

	if ((error = expect_kind(l, n, SPECSYNC_YAML_SCALAR, where, what)) < 0)
		return error;
	if (strlen(n->value) != n->length)
		return fail(l, n, "%s: contains a NUL character (expected %s)", where, what);
	if (!(*out = specsync_strdup(n->value)))
		return no_memory(l);
	return 0;
}

/* One of `names` (in enum order). */
static int get_enum(int *out, loader *l, const ynode *n, const char *where, const char *what,
		    const char *const *names, size_t count)
{
	int error, i;

	if ((error = expect_kind(l, n, SPECSYNC_YAML_SCALAR, where, what)) < 0)
		return error;
	if ((i = find_name(n->value, names, count)) < 0)
		return unknown(l, n, where, what, n->value, names, count);
	*out = i;
	return 0;
}

static int get_level(specsync_level *out, loader *l, const ynode *n, const char *where)
{
	int v = 0, error = get_enum(&v, l, n, where, "level", level_names, COUNT(level_names));

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
static int get_regex(specsync_regex **out, loader *l, const ynode *n, const char *where)
{
	specsync_error rerr;
	char *pattern = NULL;
	unsigned column;
	int error;

	if ((error = get_string(&pattern, l, n, where, "a regular expression")) < 0)
		return error;
	specsync_error_clear(&rerr);
	error = compile_strict(out, pattern, &rerr);
	free(pattern);
	if (error == SPECSYNC_ENOMEM)
		return no_memory(l);
	if (error == 1 && rerr.column) /* a \K that leaves every match empty */
		return specsync_fail_at(l->err, SPECSYNC_ECONFIG, l->cfg->path, n->line,
					specsync_yaml_column_at(n, rerr.column - 1),
					"%s: %s (expected a pattern that matches only non-empty "
					"text)",
					where, rerr.message);
	if (error == 1)
		return fail(l, n, "%s: the pattern can match an empty string (expected a pattern "
				  "that matches only non-empty text)",
			    where);
	if (error == 0)
		return 0;
	column = rerr.column ? specsync_yaml_column_at(n, rerr.column - 1) : n->column;
	return specsync_fail_at(l->err, SPECSYNC_ECONFIG, l->cfg->path, n->line, column,
				"%s: %s (expected a PCRE2 pattern)", where, rerr.message);
}

/* ---- lists of strings -------------------------------------------------------- */

typedef struct list_spec {
	const char *what; /* "a list of path globs" */
	const char *item; /* "a path glob" */
	bool non_empty;
	const char *(*check)(const char *); /* NULL, or a glob check */
} list_spec;

static int read_list(char ***out, size_t *count, loader *l, const ynode *n, const char *where,
		     const list_spec *spec)
{
	char item[WHERE_SIZE];
	const char *problem;
	int error;

	if ((error = expect_kind(l, n, SPECSYNC_YAML_SEQUENCE, where, spec->what)) < 0)
		return error;
	if (spec->non_empty && n->count == 0)
		return fail(l, n, "%s: empty list (expected %s with at least one item)", where,
			    spec->what);
	if (!(*out = specsync_calloc(n->count, sizeof(**out))))
		return no_memory(l);
	*count = n->count;
	for (size_t i = 0; i < n->count; i++) {
		place_index(item, where, i);
		if ((error = get_string(&(*out)[i], l, n->items[i], item, spec->item)) < 0)
			return error;
		if (spec->check && (problem = spec->check((*out)[i])) != NULL)
			return fail(l, n->items[i], "%s: invalid glob \"%.80s\": %s", item,
				    (*out)[i], problem);
	}
	return 0;
}

/* ---- version, requirements, since ------------------------------------------- */

static int read_version(loader *l, const ynode *root)
{
	const ynode *n;
	char buf[64];
	int error;

	if ((error = required(&n, l, root, "", "version", "expected \"version: 1\"")) < 0)
		return error;
	if (n->kind != SPECSYNC_YAML_SCALAR || n->is_null || n->quoted)
		return fail(l, n, "version: expected the number 1, got %s",
			    n->quoted ? "a quoted string" : got(n, buf, sizeof(buf)));
	if (strcmp(n->value, "1") != 0)
		return fail(l, n, "version: unsupported schema version %s (expected 1)",
			    got(n, buf, sizeof(buf)));
	l->cfg->version = 1;
	return 0;
}

static int read_requirements(loader *l, const ynode *root)
{
	static const list_spec ignore = { "a list of ID globs", "an ID glob", false,
					  specsync_glob_check };
	specsync_config *cfg = l->cfg;
	const ynode *req, *n;
	int error;

	if ((error = required(&req, l, root, "", "requirements",
			      "expected a mapping with the ID pattern, e.g. id: 'REQ-[0-9]+'")) < 0 ||
	    (error = expect_kind(l, req, SPECSYNC_YAML_MAPPING, "requirements",
				 "a mapping with keys id and ignore")) < 0 ||
	    (error = check_keys(l, req, "requirements", requirement_keys,
				COUNT(requirement_keys))) < 0 ||
	    (error = required(&n, l, req, "requirements", "id",
			      "expected a PCRE2 pattern, e.g. id: 'REQ-[0-9]+'")) < 0 ||
	    (error = get_regex(&cfg->id, l, n, "requirements.id")) < 0)
		return error;
	cfg->id_line = n->line;
	cfg->id_column = n->column;
	if ((n = specsync_yaml_get(req, "ignore")) == NULL)
		return 0;
	return read_list(&cfg->ignore, &cfg->ignore_count, l, n, "requirements.ignore", &ignore);
}

static int read_since(loader *l, const ynode *root)
{
	const ynode *n = specsync_yaml_get(root, "since");
	int error;

	if (!n)
		return 0;
	error = get_string(&l->cfg->since, l, n, "since", "a revision (tag, branch or commit)");
	if (error < 0)
		return error;
	if (!*l->cfg->since)
		return fail(l, n, "since: empty revision (expected a tag, branch or commit)");
	return 0;
}

/* ---- sides ------------------------------------------------------------------- */

static bool valid_side_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static int check_side_name(loader *l, const ynode *key)
{
	if (strlen(key->value) != key->length || !valid_side_name(key->value))
		return fail(l, key,
			    "sides: invalid side name \"%.80s\" (expected letters, digits, '_', "
			    "'-' or '.')",
			    key->value);
	if (strcmp(key->value, "scope") == 0)
		return fail(l, key, "sides: a side cannot be named \"scope\" (the word is reserved "
				    "for raci entries)");
	return 0;
}

static int read_side_options(specsync_config_side *side, loader *l, const ynode *map,
			     const char *where)
{
	char place[WHERE_SIZE];
	const ynode *n;
	int v = 0, error;

	if ((n = specsync_yaml_get(map, "attribution")) != NULL) {
		place_key(place, where, "attribution");
		if ((error = get_enum(&v, l, n, place, "attribution", attribution_names,
				      COUNT(attribution_names))) < 0)
			return error;
		side->attribution = (specsync_attribution)v;
	}
	if ((n = specsync_yaml_get(map, "empty_ok")) != NULL) {
		place_key(place, where, "empty_ok");
		if ((error = get_enum(&v, l, n, place, "empty_ok", bool_names,
				      COUNT(bool_names))) < 0)
			return error;
		side->empty_ok = v == 1;
	}
	if ((n = specsync_yaml_get(map, "section_start")) != NULL) {
		place_key(place, where, "section_start");
		return get_regex(&side->section_start, l, n, place);
	}
	return 0;
}

static int read_side(specsync_config_side *side, loader *l, const specsync_yaml_pair *pair)
{
	static const list_spec paths = { "a list of path globs", "a path glob", true,
					 specsync_glob_check };
	char where[WHERE_SIZE], place[WHERE_SIZE];
	const ynode *n;
	int error;

	side->line = pair->key->line;
	side->column = pair->key->column;
	side->unsynced = SPECSYNC_LEVEL_ERROR;
	side->attribution = SPECSYNC_ATTR_MENTIONS;
	if ((error = check_side_name(l, pair->key)) < 0)
		return error;
	if (!(side->name = specsync_strdup(pair->key->value)))
		return no_memory(l);
	snprintf(where, sizeof(where), "sides.%s", side->name);
	place_key(place, where, "paths");
	if ((error = expect_kind(l, pair->value, SPECSYNC_YAML_MAPPING, where,
				 "a mapping with paths (and optionally attribution, "
				 "section_start and empty_ok)")) < 0 ||
	    (error = check_keys(l, pair->value, where, side_keys, COUNT(side_keys))) < 0 ||
	    (error = required(&n, l, pair->value, where, "paths",
			      "expected a list of path globs, e.g. paths: [\"specs/**\"]")) < 0 ||
	    (error = read_list(&side->paths, &side->path_count, l, n, place, &paths)) < 0)
		return error;
	return read_side_options(side, l, pair->value, where);
}

/* Side names for messages, after "scope" (which raci entries also accept). */
static int index_sides(loader *l)
{
	const specsync_config *cfg = l->cfg;

	if (!(l->raci_keys = specsync_calloc(cfg->side_count + 1, sizeof(*l->raci_keys))))
		return no_memory(l);
	l->raci_keys[0] = "scope";
	for (size_t i = 0; i < cfg->side_count; i++)
		l->raci_keys[i + 1] = cfg->sides[i].name;
	l->side_names = l->raci_keys + 1;
	return 0;
}

static int read_sides(loader *l, const ynode *root)
{
	specsync_config *cfg = l->cfg;
	const ynode *sides;
	int error;

	if ((error = required(&sides, l, root, "", "sides",
			      "expected a mapping of at least two sides, e.g. functional and "
			      "technical, each with paths")) < 0 ||
	    (error = expect_kind(l, sides, SPECSYNC_YAML_MAPPING, "sides",
				 "a mapping of side names to their paths")) < 0)
		return error;
	if (sides->count < 2)
		return fail(l, sides,
			    "sides: %zu side%s defined (expected at least two, e.g. functional and "
			    "technical)",
			    sides->count, sides->count == 1 ? "" : "s");
	if (sides->count > SPECSYNC_MAX_SIDES)
		return fail(l, sides->pairs[SPECSYNC_MAX_SIDES].key,
			    "sides: too many sides (expected at most %d)", SPECSYNC_MAX_SIDES);
	if (!(cfg->sides = specsync_calloc(sides->count, sizeof(*cfg->sides))))
		return no_memory(l);
	cfg->side_count = sides->count;
	for (size_t i = 0; i < sides->count; i++)
		if ((error = read_side(&cfg->sides[i], l, &sides->pairs[i])) < 0)
			return error;
	return index_sides(l);
}

/* ---- roles ------------------------------------------------------------------ */

static bool valid_email(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);

	if (!at || at == s || at == s + len - 1)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || strchr("<>,;\"", s[i]))
			return false;
	return true;
}

/*
 * "Name <email>" or "email". Returns 0, -1 when there is no valid e-mail,
 * or SPECSYNC_ENOMEM. Stricter than commit trailers: a member with an
 * unclosed '<' or text after the '>' is a mistake in the configuration.
 */
/* The address of a member as written: between < and >, else the whole
 * text, without surrounding white space. Caller frees. */
static char *address_as_written(const char *text, const char *lt, const char *gt)
{
	const char *a = lt ? lt + 1 : text, *e = lt ? gt : text + strlen(text);

	while (a < e && (*a == ' ' || *a == '\t'))
		a++;
	while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return specsync_strndup(a, (size_t)(e - a));
}

/* "Dupont, Jean" (an RFC 5322 quoted string, as mail clients write names
 * with commas) becomes Dupont, Jean, in place: the quotes are syntax, not
 * part of the name that reports print and mails quote again. */
static void unquote_name(char *name)
{
	size_t len = name ? strlen(name) : 0, o = 0;

	if (len < 2 || name[0] != '"' || name[len - 1] != '"')
		return;
	for (size_t i = 1; i + 1 < len; i++) {
		if (name[i] == '\\' && i + 2 < len)
			i++;
		name[o++] = name[i];
	}
	name[o] = '\0';
}

static int parse_member(specsync_person *out, char **written_out, const char *text)
{
	const char *lt = strchr(text, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	char *name = NULL, *email = NULL, *written = NULL;

	if (lt && (!gt || gt[1 + strspn(gt + 1, " \t")] != '\0'))
		return -1;
	if (specsync_parse_person(&name, &email, text) < 0)
		return -1;
	if (!valid_email(email, strlen(email)) || !(written = address_as_written(text, lt, gt))) {
		bool nomem = valid_email(email, strlen(email));
		free(name);
		free(email);
		return nomem ? SPECSYNC_ENOMEM : -1;
	}
	unquote_name(name);
	out->name = name;
	out->email = email;
	*written_out = written;
	return 0;
}

static int read_members(specsync_config_role *role, loader *l, const ynode *n, const char *where)
{
	static const list_spec members = { "a list of members (\"Name <email>\" or \"email\")",
					   "a member (\"Name <email>\" or \"email\")", true, NULL };
	char item[WHERE_SIZE];
	int error;

	error = read_list(&role->raw_members, &role->member_count, l, n, where, &members);
	if (error < 0)
		return error;
	if (!(role->members = specsync_calloc(role->member_count, sizeof(*role->members))) ||
	    !(role->member_addresses = specsync_calloc(role->member_count, sizeof(char *))))
		return no_memory(l);
	for (size_t i = 0; i < role->member_count; i++) {
		error = parse_member(&role->members[i], &role->member_addresses[i],
				     role->raw_members[i]);
		if (error == SPECSYNC_ENOMEM)
			return no_memory(l);
		place_index(item, where, i);
		if (error < 0)
			return fail(l, n->items[i],
				    "%s: no e-mail address in \"%.80s\" (expected \"Name <email>\" "
				    "or \"email\")",
				    item, role->raw_members[i]);
	}
	return 0;
}

static int read_role(specsync_config_role *role, loader *l, const specsync_yaml_pair *pair)
{
	char where[WHERE_SIZE], place[WHERE_SIZE];
	const ynode *n;
	int error;

	role->line = pair->key->line;
	role->column = pair->key->column;
	if (!pair->key->length || strlen(pair->key->value) != pair->key->length)
		return fail(l, pair->key, "roles: invalid role key (expected a non-empty name)");
	if (!(role->key = specsync_strdup(pair->key->value)))
		return no_memory(l);
	snprintf(where, sizeof(where), "roles.%s", role->key);
	place_key(place, where, "members");
	if ((error = expect_kind(l, pair->value, SPECSYNC_YAML_MAPPING, where,
				 "a mapping with members (and optionally name)")) < 0 ||
	    (error = check_keys(l, pair->value, where, role_keys, COUNT(role_keys))) < 0 ||
	    (error = required(&n, l, pair->value, where, "members",
			      "expected a list of \"Name <email>\" or \"email\"")) < 0 ||
	    (error = read_members(role, l, n, place)) < 0)
		return error;
	if ((n = specsync_yaml_get(pair->value, "name")) == NULL)
		return (role->name = specsync_strdup(role->key)) ? 0 : no_memory(l);
	place_key(place, where, "name");
	if ((error = get_string(&role->name, l, n, place, "a display name")) < 0)
		return error;
	return *role->name ? 0 : fail(l, n, "%s: empty name (expected a display name)", place);
}

static int read_roles(loader *l, const ynode *root)
{
	specsync_config *cfg = l->cfg;
	const ynode *roles = specsync_yaml_get(root, "roles");
	int error;

	if (roles && (error = expect_kind(l, roles, SPECSYNC_YAML_MAPPING, "roles",
					  "a mapping of role keys to {name, members}")) < 0)
		return error;
	if (!(cfg->roles = specsync_calloc(roles ? roles->count : 0, sizeof(*cfg->roles))) ||
	    !(l->role_names = specsync_calloc(roles ? roles->count : 0, sizeof(*l->role_names))))
		return no_memory(l);
	cfg->role_count = roles ? roles->count : 0;
	for (size_t i = 0; i < cfg->role_count; i++) {
		if ((error = read_role(&cfg->roles[i], l, &roles->pairs[i])) < 0)
			return error;
		l->role_names[i] = cfg->roles[i].key;
	}
	return 0;
}

/* ---- raci ------------------------------------------------------------------- */

static int resolve_role(size_t *out, loader *l, const ynode *n, const char *where)
{
	int i, error;

	if ((error = expect_kind(l, n, SPECSYNC_YAML_SCALAR, where, "a role key")) < 0)
		return error;
	if ((i = specsync_config_role_index(l->cfg, n->value)) < 0)
		return unknown(l, n, where, "role", n->value, l->role_names, l->cfg->role_count);
	*out = (size_t)i;
	return 0;
}

/* A role key, or a list of role keys. */
static int read_letter(specsync_raci_cell *cell, size_t letter, loader *l, const ynode *n,
		       const char *where)
{
	bool list = n->kind == SPECSYNC_YAML_SEQUENCE;
	size_t count = list ? n->count : 1;
	char item[WHERE_SIZE];
	int error;

	if (n->kind == SPECSYNC_YAML_MAPPING || (n->kind == SPECSYNC_YAML_SCALAR && n->is_null))
		return expect_kind(l, n, SPECSYNC_YAML_SEQUENCE, where,
				   "a role key or a list of role keys");
	if (!(cell->letters[letter] = specsync_calloc(count, sizeof(size_t))))
		return no_memory(l);
	cell->counts[letter] = count;
	if (!list)
		return resolve_role(&cell->letters[letter][0], l, n, where);
	for (size_t i = 0; i < count; i++) {
		place_index(item, where, i);
		if ((error = resolve_role(&cell->letters[letter][i], l, n->items[i], item)) < 0)
			return error;
	}
	return 0;
}

static int read_cell(specsync_raci_cell *cell, loader *l, const specsync_yaml_pair *pair,
		     const char *where)
{
	char place[WHERE_SIZE];
	int error;

	cell->present = true;
	cell->line = pair->key->line;
	cell->column = pair->key->column;
	if ((error = expect_kind(l, pair->value, SPECSYNC_YAML_MAPPING, where,
				 "a mapping of R, A, C, I to roles")) < 0 ||
	    (error = check_keys(l, pair->value, where, letter_keys, COUNT(letter_keys))) < 0)
		return error;
	for (size_t i = 0; i < pair->value->count; i++) {
		const specsync_yaml_pair *p = &pair->value->pairs[i];
		int letter = find_name(p->key->value, letter_keys, COUNT(letter_keys));

		place_key(place, where, p->key->value);
		if ((error = read_letter(cell, (size_t)letter, l, p->value, place)) < 0)
			return error;
	}
	return 0;
}

static int read_cells(specsync_raci_entry *entry, loader *l, const ynode *map, const char *where)
{
	const specsync_config *cfg = l->cfg;
	char place[WHERE_SIZE];
	int error;

	if (!(entry->cells = specsync_calloc(cfg->side_count, sizeof(*entry->cells))))
		return no_memory(l);
	for (size_t i = 0; i < map->count; i++) {
		const specsync_yaml_pair *p = &map->pairs[i];
		int side = find_name(p->key->value, l->side_names, cfg->side_count);

		if (strcmp(p->key->value, "scope") == 0)
			continue;
		if (side < 0)
			return unknown(l, p->key, where, "side", p->key->value, l->raci_keys,
				       cfg->side_count + 1);
		place_key(place, where, p->key->value);
		if ((error = read_cell(&entry->cells[side], l, p, place)) < 0)
			return error;
	}
	return 0;
}

static int read_raci_entry(specsync_raci_entry *entry, loader *l, const ynode *n, size_t index)
{
	const char *problem;
	char where[WHERE_SIZE], place[WHERE_SIZE];
	const ynode *scope;
	int error;

	snprintf(where, sizeof(where), "raci[%zu]", index);
	place_key(place, where, "scope");
	entry->line = n->line;
	entry->column = n->column;
	if ((error = expect_kind(l, n, SPECSYNC_YAML_MAPPING, where,
				 "a mapping with scope and one entry per side")) < 0 ||
	    (error = required(&scope, l, n, where, "scope",
			      "expected an ID glob such as \"*\" or \"REQ-PAY-*\"")) < 0 ||
	    (error = get_string(&entry->scope, l, scope, place, "an ID glob")) < 0)
		return error;
	if ((problem = specsync_glob_check(entry->scope)) != NULL)
		return fail(l, scope, "%s: invalid glob \"%.80s\": %s", place, entry->scope,
			    problem);
	return read_cells(entry, l, n, where);
}

static int read_raci(loader *l, const ynode *root)
{
	specsync_config *cfg = l->cfg;
	const ynode *raci = specsync_yaml_get(root, "raci");
	int error;

	if (!raci)
		return 0;
	if ((error = expect_kind(l, raci, SPECSYNC_YAML_SEQUENCE, "raci",
				 "a list of {scope, <side>: {R, A, C, I}} entries")) < 0)
		return error;
	if (!(cfg->raci = specsync_calloc(raci->count, sizeof(*cfg->raci))))
		return no_memory(l);
	cfg->raci_count = raci->count;
	for (size_t i = 0; i < raci->count; i++)
		if ((error = read_raci_entry(&cfg->raci[i], l, raci->items[i], i)) < 0)
			return error;
	return 0;
}

/* ---- policy, ack_trailer ---------------------------------------------------- */

static int read_unsynced(loader *l, const ynode *n)
{
	specsync_config *cfg = l->cfg;
	specsync_level level;
	char place[WHERE_SIZE];
	int error;

	if (n->kind == SPECSYNC_YAML_SCALAR && !n->is_null) {
		if ((error = get_level(&level, l, n, "policy.unsynced")) < 0)
			return error;
		for (size_t i = 0; i < cfg->side_count; i++)
			cfg->sides[i].unsynced = level;
		return 0;
	}
	error = expect_kind(l, n, SPECSYNC_YAML_MAPPING, "policy.unsynced",
			    "a level (error, warning, off) or a mapping of sides to levels");
	if (error < 0)
		return error;
	for (size_t i = 0; i < n->count; i++) {
		const specsync_yaml_pair *p = &n->pairs[i];
		int side = find_name(p->key->value, l->side_names, cfg->side_count);

		if (side < 0)
			return unknown(l, p->key, "policy.unsynced", "side", p->key->value,
				       l->side_names, cfg->side_count);
		place_key(place, "policy.unsynced", p->key->value);
		if ((error = get_level(&cfg->sides[side].unsynced, l, p->value, place)) < 0)
			return error;
	}
	return 0;
}

/*
 * A duration: a whole number followed by h (hours), d (days) or w (weeks),
 * from 1h to 3650d. 0 when `s` is not one.
 */
static int64_t parse_duration(const char *s)
{
	int64_t v = 0, unit;

	if (*s < '0' || *s > '9')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > 100000)
			return 0;
	unit = *s == 'h' ? 3600 : *s == 'd' ? 86400 : *s == 'w' ? 7 * 86400 : 0;
	if (!unit || s[1] || v * unit > 3650 * 86400)
		return 0;
	return v * unit;
}

/* One `{ after: DURATION, level: LEVEL }` for the sides in `mask`. */
static int read_escalation(loader *l, const ynode *n, const char *where, uint64_t mask)
{
	const ynode *after = NULL, *level;
	specsync_level lv = SPECSYNC_LEVEL_ERROR;
	int64_t secs;
	char place[WHERE_SIZE];
	int error;

	if ((error = expect_kind(l, n, SPECSYNC_YAML_MAPPING, where,
				 "a mapping with after (e.g. 14d) and level")) < 0 ||
	    (error = check_keys(l, n, where, escalate_keys, COUNT(escalate_keys))) < 0 ||
	    (error = required(&after, l, n, where, "after", "a duration such as 14d")) < 0)
		return error;
	place_key(place, where, "after");
	if ((error = expect_kind(l, after, SPECSYNC_YAML_SCALAR, place, "a duration such as 14d")) <
	    0)
		return error;
	if (strlen(after->value) != after->length || (secs = parse_duration(after->value)) == 0)
		return fail(l, after,
			    "%s: invalid duration \"%.40s\" (expected a whole number followed by "
			    "h, d or w, from 1h to 3650d, e.g. 14d)",
			    place, after->value);
	place_key(place, where, "level");
	if ((level = specsync_yaml_get(n, "level")) && (error = get_level(&lv, l, level, place)) < 0)
		return error;
	for (size_t i = 0; i < l->cfg->side_count; i++) {
		if (!(mask & (1ull << i)))
			continue;
		l->cfg->sides[i].escalate_after = secs;
		l->cfg->sides[i].escalate_level = lv;
		l->cfg->sides[i].escalate_line = after->line;
		l->cfg->sides[i].escalate_column = after->column;
	}
	return 0;
}

/* policy.escalate: one escalation for every side, or a mapping of sides to
 * escalations. */
static int read_escalate(loader *l, const ynode *n)
{
	specsync_config *cfg = l->cfg;
	char place[WHERE_SIZE];
	int error, side;

	if (n->kind == SPECSYNC_YAML_MAPPING && n->count &&
	    find_name(n->pairs[0].key->value, escalate_keys, COUNT(escalate_keys)) >= 0)
		return read_escalation(l, n, "policy.escalate", ~0ull);
	if ((error = expect_kind(l, n, SPECSYNC_YAML_MAPPING, "policy.escalate",
				 "{ after: 14d, level: error }, or a mapping of sides to those")) < 0)
		return error;
	for (size_t i = 0; i < n->count; i++) {
		const specsync_yaml_pair *p = &n->pairs[i];

		if ((side = find_name(p->key->value, l->side_names, cfg->side_count)) < 0)
			return unknown(l, p->key, "policy.escalate", "side or key", p->key->value,
				       l->side_names, cfg->side_count);
		place_key(place, "policy.escalate", p->key->value);
		if ((error = read_escalation(l, p->value, place, 1ull << side)) < 0)
			return error;
	}
	return 0;
}

static int read_policy(loader *l, const ynode *root)
{
	const ynode *policy = specsync_yaml_get(root, "policy"), *n;
	int error;

	if (!policy)
		return 0;
	if ((error = expect_kind(l, policy, SPECSYNC_YAML_MAPPING, "policy",
				 "a mapping with unsynced, out_of_role and invalid_ack")) < 0 ||
	    (error = check_keys(l, policy, "policy", policy_keys, COUNT(policy_keys))) < 0)
		return error;
	if ((n = specsync_yaml_get(policy, "unsynced")) && (error = read_unsynced(l, n)) < 0)
		return error;
	if ((n = specsync_yaml_get(policy, "out_of_role")) &&
	    (error = get_level(&l->cfg->out_of_role, l, n, "policy.out_of_role")) < 0)
		return error;
	if ((n = specsync_yaml_get(policy, "invalid_ack")) &&
	    (error = get_level(&l->cfg->invalid_ack, l, n, "policy.invalid_ack")) < 0)
		return error;
	if ((n = specsync_yaml_get(policy, "escalate")) && (error = read_escalate(l, n)) < 0)
		return error;
	return 0;
}

static bool valid_trailer_key(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static int read_ack_trailer(loader *l, const ynode *root)
{
	const ynode *n = specsync_yaml_get(root, "ack_trailer");
	char *key = NULL;
	int error;

	if (!n)
		return 0;
	if ((error = get_string(&key, l, n, "ack_trailer", "a trailer key such as Sync-Ack")) < 0)
		return error;
	if (!valid_trailer_key(key)) {
		error = fail(l, n,
			     "ack_trailer: invalid trailer key \"%.80s\" (expected letters, digits "
			     "and '-', e.g. Sync-Ack)",
			     key);
		free(key);
		return error;
	}
	free(l->cfg->ack_trailer);
	l->cfg->ack_trailer = key;
	return 0;
}

/* A size: digits, then optionally K, M or G (powers of 1024, "KiB", "MB"
 * and the like also read so); 0 when malformed. */
static uint64_t parse_size(const char *s)
{
	uint64_t v = 0, unit = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > SPECSYNC_MAX_MAX_FILE_SIZE)
			return 0;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	while (*p == ' ')
		p++;
	if (*p && strchr("KkMmGg", *p)) {
		unit = (*p == 'K' || *p == 'k') ? 1024u : (*p == 'M' || *p == 'm') ? 1024u * 1024u
											: 1024u * 1024u * 1024u;
		p++;
	}
	if (unit > 1 && *p == 'i')
		p++;
	if (*p == 'B')
		p++;
	if (*p || v > SPECSYNC_MAX_MAX_FILE_SIZE / unit)
		return 0;
	return v * unit;
}

static int read_max_file_size(loader *l, const ynode *root)
{
	const ynode *n = specsync_yaml_get(root, "max_file_size");
	uint64_t v;
	int error;

	if (!n)
		return 0;
	if ((error = expect_kind(l, n, SPECSYNC_YAML_SCALAR, "max_file_size",
				 "a size such as 50M")) < 0)
		return error;
	if (strlen(n->value) != n->length || (v = parse_size(n->value)) == 0)
		return fail(l, n,
			    "max_file_size: invalid size \"%.40s\" (expected bytes, or a number "
			    "followed by K, M or G, from 1 to 1G)",
			    n->value);
	l->cfg->max_file_size = v;
	return 0;
}

/* ---- lint ---------------------------------------------------------------------- */

static int read_lint(loader *l, const ynode *root)
{
	const ynode *lint = specsync_yaml_get(root, "lint"), *n;
	int error;

	if (!lint)
		return 0;
	if ((error = expect_kind(l, lint, SPECSYNC_YAML_MAPPING, "lint",
				 "a mapping with same_accountable")) < 0 ||
	    (error = check_keys(l, lint, "lint", lint_keys, COUNT(lint_keys))) < 0)
		return error;
	if ((n = specsync_yaml_get(lint, "same_accountable")) &&
	    (error = get_level(&l->cfg->lint_same_accountable, l, n, "lint.same_accountable")) < 0)
		return error;
	return 0;
}

/* ---- acks ---------------------------------------------------------------------- */

/* A path inside the repository: relative, no "." or ".." component, no
 * empty one (it is read from a revision's tree, never from the machine). */
static bool repository_path(const char *p)
{
	const char *c = p;

	if (!*p || *p == '/')
		return false;
	while (*c) {
		size_t n = strcspn(c, "/");
		if (!n || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
		if (*c == '/' && !*++c)
			return false;
	}
	return true;
}

static int read_acks(loader *l, const ynode *root)
{
	const ynode *acks = specsync_yaml_get(root, "acks"), *n;
	int v = 0, error;

	if (!acks)
		return 0;
	for (size_t i = 0; i < root->count; i++)
		if (!strcmp(root->pairs[i].key->value, "acks")) {
			l->cfg->acks_line = root->pairs[i].key->line;
			l->cfg->acks_column = root->pairs[i].key->column;
		}
	if ((error = expect_kind(l, acks, SPECSYNC_YAML_MAPPING, "acks",
				 "a mapping with require_signature, allowed_signers")) < 0 ||
	    (error = check_keys(l, acks, "acks", ack_keys, COUNT(ack_keys))) < 0)
		return error;
	if ((n = specsync_yaml_get(acks, "require_signature")) &&
	    (error = get_enum(&v, l, n, "acks.require_signature", "value", bool_names,
			      COUNT(bool_names))) < 0)
		return error;
	l->cfg->ack_require_signature = v == 1;
	if (!(n = specsync_yaml_get(acks, "allowed_signers")))
		return 0;
	if ((error = get_string(&l->cfg->ack_allowed_signers, l, n, "acks.allowed_signers",
				"a path in the repository")) < 0)
		return error;
	if (!repository_path(l->cfg->ack_allowed_signers))
		return fail(l, n,
			    "acks.allowed_signers: \"%.80s\" is not a path inside the repository "
			    "(expected a relative path such as .specsync/allowed_signers, without "
			    "\".\" or \"..\")",
			    l->cfg->ack_allowed_signers);
	return 0;
}

/* ---- handles ---------------------------------------------------------------- */

/* "@user", "@org/team" (letters, digits, '-', '_', '.', one '/'), or an
 * e-mail without spaces. */
static bool valid_handle(const char *s)
{
	const char *at = strchr(s, '@');
	int slashes = 0;

	if (!at || strpbrk(s, " \t<>,"))
		return false;
	if (at != s)
		return at[1] && !strchr(at + 1, '@');
	if (!s[1])
		return false;
	for (s++; *s; s++) {
		if (*s == '/' && ++slashes > 1)
			return false;
		if (*s != '/' && *s != '-' && *s != '_' && *s != '.' &&
		    !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return false;
	}
	return true;
}

static int read_handle(loader *l, const specsync_yaml_pair *p, size_t i)
{
	specsync_config *cfg = l->cfg;
	char *name = NULL, *email = NULL, *handle = NULL, place[WHERE_SIZE];
	int error;

	place_key(place, "handles", p->key->value);
	if (specsync_parse_person(&name, &email, p->key->value) < 0) {
		free(name);
		return fail(l, p->key,
			    "handles: \"%.80s\" names no e-mail (expected an e-mail or \"Name "
			    "<email>\", as in roles)",
			    p->key->value);
	}
	free(name);
	if ((error = get_string(&handle, l, p->value, place, "a platform username such as @alice")) <
	    0) {
		free(email);
		return error;
	}
	if (!valid_handle(handle)) {
		error = fail(l, p->value,
			     "%s: invalid handle \"%.80s\" (expected @user, @org/team or an e-mail)",
			     place, handle);
		free(handle);
		free(email);
		return error;
	}
	cfg->handle_emails[i] = email;
	cfg->handles[i] = handle;
	cfg->handle_count = i + 1;
	return 0;
}

static int read_handles(loader *l, const ynode *root)
{
	const ynode *n = specsync_yaml_get(root, "handles");
	specsync_config *cfg = l->cfg;
	int error;

	if (!n)
		return 0;
	if ((error = expect_kind(l, n, SPECSYNC_YAML_MAPPING, "handles",
				 "a mapping of people (e-mails) to platform usernames")) < 0)
		return error;
	cfg->handle_emails = specsync_calloc(n->count + 1, sizeof(char *));
	cfg->handles = specsync_calloc(n->count + 1, sizeof(char *));
	if (!cfg->handle_emails || !cfg->handles)
		return no_memory(l);
	for (size_t i = 0; i < n->count; i++)
		if ((error = read_handle(l, &n->pairs[i], i)) < 0)
			return error;
	return 0;
}

const char *specsync_config_handle(const specsync_config *cfg, const char *email)
{
	for (size_t i = 0; email && i < cfg->handle_count; i++)
		if (!strcmp(cfg->handle_emails[i], email))
			return cfg->handles[i];
	return NULL;
}

/* ---- loading ---------------------------------------------------------------- */

static int read_root(loader *l, const ynode *root)
{
	int error;

	if (!root)
		return fail(l, NULL, "empty configuration (expected a mapping with version, "
				     "requirements and sides)");
	if ((error = expect_kind(l, root, SPECSYNC_YAML_MAPPING, "configuration",
				 "a mapping with version, requirements and sides")) < 0 ||
	    (error = check_keys(l, root, "", top_keys, COUNT(top_keys))) < 0 ||
	    (error = read_version(l, root)) < 0 || (error = read_requirements(l, root)) < 0 ||
	    (error = read_since(l, root)) < 0 || (error = read_sides(l, root)) < 0 ||
	    (error = read_roles(l, root)) < 0 || (error = read_raci(l, root)) < 0 ||
	    (error = read_policy(l, root)) < 0 || (error = read_lint(l, root)) < 0 ||
	    (error = read_ack_trailer(l, root)) < 0 || (error = read_handles(l, root)) < 0 ||
	    (error = read_acks(l, root)) < 0)
		return error;
	return read_max_file_size(l, root);
}

static specsync_config *new_config(const char *name, const char *data, size_t len)
{
	specsync_config *cfg = specsync_calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	cfg->path = specsync_strdup(name ? name : ".specsync.yml");
	cfg->ack_trailer = specsync_strdup("Sync-Ack");
	cfg->out_of_role = SPECSYNC_LEVEL_WARNING;
	cfg->invalid_ack = SPECSYNC_LEVEL_WARNING;
	cfg->max_file_size = SPECSYNC_DEFAULT_MAX_FILE_SIZE;
	cfg->lint_same_accountable = SPECSYNC_LEVEL_WARNING;
	cfg->digest = specsync_hash(data, len);
	if (!cfg->path || !cfg->ack_trailer) {
		specsync_config_free(cfg);
		return NULL;
	}
	return cfg;
}

int specsync_config_parse(specsync_config **out, const char *data, size_t len,
			  const char *name, specsync_error *err)
{
	loader l = { NULL, err, NULL, NULL, NULL };
	specsync_yaml_node *root = NULL;
	int error;

	if (!out || (!data && len))
		return specsync_fail(err, SPECSYNC_EUSAGE, "specsync_config_parse: no data");
	*out = NULL;
	if (!(l.cfg = new_config(name, data ? data : "", len)))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	if ((error = specsync_yaml_parse(&root, data, len, l.cfg->path, err)) < 0 ||
	    (error = read_root(&l, root)) < 0)
		goto done;
	*out = l.cfg;
	l.cfg = NULL;
done:
	free(l.raci_keys);
	free(l.role_names);
	specsync_yaml_free(root);
	specsync_config_free(l.cfg);
	return error;
}

static int too_big(specsync_error *err, const char *path, long long size)
{
	if (size > 0)
		return specsync_fail_at(err, SPECSYNC_ECONFIG, path, 0, 0,
					"file is %lld bytes, over the limit of %u bytes (1 MiB)",
					size, SPECSYNC_YAML_MAX_SIZE);
	return specsync_fail_at(err, SPECSYNC_ECONFIG, path, 0, 0,
				"file is over the limit of %u bytes (1 MiB)",
				SPECSYNC_YAML_MAX_SIZE);
}

/* The size is checked before reading, and again while reading (the file
 * may not be a regular one, or may grow). */
static int read_all(specsync_buf *out, FILE *f, const char *path, specsync_error *err)
{
	char chunk[8192];
	struct stat st;
	size_t n;

	if (fstat(fileno(f), &st) == 0 && st.st_size > (off_t)SPECSYNC_YAML_MAX_SIZE)
		return too_big(err, path, (long long)st.st_size);
	out->limit = SPECSYNC_YAML_MAX_SIZE;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (specsync_buf_put(out, chunk, n) == 0)
			continue;
		if (out->size + n > out->limit)
			return too_big(err, path, 0);
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory reading %s", path);
	}
	if (ferror(f))
		return specsync_fail_at(err, SPECSYNC_EGENERIC, path, 0, 0,
					"cannot read configuration: %s", strerror(errno));
	return 0;
}

static int read_file(specsync_buf *out, const char *path, specsync_error *err)
{
	FILE *f = fopen(path, "rb");
	int error;

	if (!f)
		return specsync_fail_at(err, errno == ENOENT ? SPECSYNC_ENOTFOUND : SPECSYNC_EGENERIC,
					path, 0, 0, "cannot open configuration: %s", strerror(errno));
	error = read_all(out, f, path, err);
	fclose(f);
	return error;
}

int specsync_config_load(specsync_config **out, const char *path, specsync_error *err)
{
	specsync_buf buf = SPECSYNC_BUF_INIT;
	int error;

	if (!out || !path)
		return specsync_fail(err, SPECSYNC_EUSAGE, "specsync_config_load: no path");
	*out = NULL;
	if ((error = read_file(&buf, path, err)) < 0)
		goto done;
	error = specsync_config_parse(out, buf.ptr, buf.size, path, err);
done:
	specsync_buf_dispose(&buf);
	return error;
}

/* ---- freeing ---------------------------------------------------------------- */

static void free_strings(char **items, size_t count)
{
	for (size_t i = 0; items && i < count; i++)
		free(items[i]);
	free(items);
}

static void free_role(specsync_config_role *role)
{
	free(role->key);
	free(role->name);
	for (size_t i = 0; role->members && i < role->member_count; i++) {
		free((char *)role->members[i].name);
		free((char *)role->members[i].email);
		if (role->member_addresses)
			free(role->member_addresses[i]);
	}
	free(role->members);
	free(role->member_addresses);
	free_strings(role->raw_members, role->member_count);
}

static void free_raci_entry(specsync_raci_entry *entry, size_t side_count)
{
	free(entry->scope);
	for (size_t i = 0; entry->cells && i < side_count; i++)
		for (size_t k = 0; k < 4; k++)
			free(entry->cells[i].letters[k]);
	free(entry->cells);
}

void specsync_config_free(specsync_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; cfg->sides && i < cfg->side_count; i++) {
		free(cfg->sides[i].name);
		free_strings(cfg->sides[i].paths, cfg->sides[i].path_count);
		specsync_regex_free(cfg->sides[i].section_start);
	}
	for (size_t i = 0; cfg->roles && i < cfg->role_count; i++)
		free_role(&cfg->roles[i]);
	for (size_t i = 0; cfg->raci && i < cfg->raci_count; i++)
		free_raci_entry(&cfg->raci[i], cfg->side_count);
	free(cfg->sides);
	free(cfg->roles);
	free(cfg->raci);
	specsync_regex_free(cfg->id);
	free_strings(cfg->ignore, cfg->ignore_count);
	free(cfg->since);
	free(cfg->ack_trailer);
	free(cfg->ack_allowed_signers);
	free_strings(cfg->handle_emails, cfg->handle_count);
	free_strings(cfg->handles, cfg->handle_count);
	free(cfg->path);
	free(cfg);
}

/* ---- queries ---------------------------------------------------------------- */

size_t specsync_config_side_count(const specsync_config *cfg)
{
	return cfg ? cfg->side_count : 0;
}

const char *specsync_config_side_name(const specsync_config *cfg, size_t i)
{
	return cfg && i < cfg->side_count ? cfg->sides[i].name : NULL;
}

const char *specsync_config_relative_path(const specsync_config *cfg, const char *workdir)
{
	size_t n = workdir ? strlen(workdir) : 0;

	if (n && !strncmp(cfg->path, workdir, n))
		return cfg->path + n;
	return cfg->path;
}

const char *specsync_config_since(const specsync_config *cfg)
{
	return cfg ? cfg->since : NULL;
}

bool specsync_config_side_matches(const specsync_config_side *side, const char *path)
{
	for (size_t i = 0; i < side->path_count; i++)
		if (specsync_glob_match_path(side->paths[i], path))
			return true;
	return false;
}

int specsync_config_side_for_path(const specsync_config *cfg, const char *path, int *other)
{
	int found = -1;

	for (size_t i = 0; cfg && path && i < cfg->side_count; i++) {
		if (!specsync_config_side_matches(&cfg->sides[i], path))
			continue;
		if (found >= 0) {
			if (other)
				*other = (int)i;
			return -2;
		}
		found = (int)i;
	}
	return found;
}

const specsync_raci_entry *specsync_config_raci_for(const specsync_config *cfg, const char *id)
{
	for (size_t i = cfg ? cfg->raci_count : 0; id && i > 0; i--)
		if (specsync_glob_match_id(cfg->raci[i - 1].scope, id))
			return &cfg->raci[i - 1];
	return NULL;
}

bool specsync_config_ignored(const specsync_config *cfg, const char *id)
{
	for (size_t i = 0; cfg && id && i < cfg->ignore_count; i++)
		if (specsync_glob_match_id(cfg->ignore[i], id))
			return true;
	return false;
}

int specsync_config_role_index(const specsync_config *cfg, const char *key)
{
	for (size_t i = 0; cfg && key && i < cfg->role_count; i++)
		if (cfg->roles[i].key && strcmp(cfg->roles[i].key, key) == 0)
			return (int)i;
	return -1;
}

bool specsync_config_role_has(const specsync_config *cfg, size_t role, const char *email)
{
	if (!cfg || !email || role >= cfg->role_count)
		return false;
	for (size_t i = 0; i < cfg->roles[role].member_count; i++) {
		const char *m = cfg->roles[role].members[i].email;
		if (m && strcmp(m, email) == 0)
			return true;
	}
	return false;
}

const char *specsync_config_address_as_written(const specsync_config *cfg, const char *email)
{
	for (size_t i = 0; email && i < cfg->role_count; i++)
		for (size_t m = 0; m < cfg->roles[i].member_count; m++)
			if (cfg->roles[i].members[m].email &&
			    !strcmp(cfg->roles[i].members[m].email, email))
				return cfg->roles[i].member_addresses[m];
	return email;
}
