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
 *
 * This file owns the top level: loading and parsing, version, requirements,
 * since, sides, lint and acks, freeing and the queries. Roles, raci and
 * handles are in config_raci.c, policy, ack_trailer and max_file_size in
 * config_policy.c, the primitives in config_read.c.
 */
#include "config_internal.h"
#include "message.h"
#include "common.h"
#include "glob.h"
#include "yaml_tree.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

static const char *const top_keys[] = { "version", "requirements", "since", "sides",
					"roles", "raci", "policy", "ack_trailer", "lint",
					"max_file_size", "handles", "acks" };
static const char *const requirement_keys[] = { "id", "ignore" };
static const char *const side_keys[] = { "paths", "attribution", "section_start", "empty_ok" };
static const char *const bool_names[] = { "false", "true" };
static const char *const lint_keys[] = { "same_accountable" };
static const char *const ack_keys[] = { "require_signature", "allowed_signers" };
static const char *const attribution_names[] = { "mentions", "defines", "path" };

/* ---- version, requirements, since ------------------------------------------- */

static int read_version(loader *l, const ynode *root)
{
	const ynode *n;
	char buf[64];
	int error;

	if ((error = specsync_cfg_required(&n, l, root, "", "version", "expected \"version: 1\"")) <
	    0)
		return error;
	if (n->kind != SPECSYNC_YAML_SCALAR || n->is_null || n->quoted)
		return specsync_cfg_fail(l, n, "version: expected the number 1, got %s",
					 n->quoted ? "a quoted string"
						   : specsync_cfg_got(n, buf, sizeof(buf)));
	if (strcmp(n->value, "1") != 0)
		return specsync_cfg_fail(l, n,
					 "version: unsupported schema version %s (expected 1)",
					 specsync_cfg_got(n, buf, sizeof(buf)));
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

	if ((error = specsync_cfg_required(
		     &req, l, root, "", "requirements",
		     "expected a mapping with the ID pattern, e.g. id: 'REQ-[0-9]+'")) < 0 ||
	    (error = specsync_cfg_expect_kind(l, req, SPECSYNC_YAML_MAPPING, "requirements",
					      "a mapping with keys id and ignore")) < 0 ||
	    (error = specsync_cfg_check_keys(l, req, "requirements", requirement_keys,
					     COUNT(requirement_keys))) < 0 ||
	    (error = specsync_cfg_required(&n, l, req, "requirements", "id",
					   "expected a PCRE2 pattern, e.g. id: 'REQ-[0-9]+'")) <
		    0 ||
	    (error = specsync_cfg_get_regex(&cfg->id, l, n, "requirements.id")) < 0)
		return error;
	cfg->id_line = n->line;
	cfg->id_column = n->column;
	if ((n = specsync_yaml_get(req, "ignore")) == NULL)
		return 0;
	return specsync_cfg_read_list(&cfg->ignore, &cfg->ignore_count, l, n, "requirements.ignore",
				      &ignore);
}

static int read_since(loader *l, const ynode *root)
{
	const ynode *n = specsync_yaml_get(root, "since");
	int error;

	if (!n)
		return 0;
	error = specsync_cfg_get_string(&l->cfg->since, l, n, "since",
					"a revision (tag, branch or commit)");
	if (error < 0)
		return error;
	if (!*l->cfg->since)
		return specsync_cfg_fail(
			l, n, "since: empty revision (expected a tag, branch or commit)");
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
		return specsync_cfg_fail(
			l, key,
			"sides: invalid side name \"%.80s\" (expected letters, digits, '_', "
			"'-' or '.')",
			key->value);
	if (strcmp(key->value, "scope") == 0)
		return specsync_cfg_fail(
			l, key,
			"sides: a side cannot be named \"scope\" (the word is reserved "
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
		specsync_cfg_place_key(place, where, "attribution");
		if ((error = specsync_cfg_get_enum(&v, l, n, place, "attribution",
						   attribution_names, COUNT(attribution_names))) <
		    0)
			return error;
		side->attribution = (specsync_attribution)v;
	}
	if ((n = specsync_yaml_get(map, "empty_ok")) != NULL) {
		specsync_cfg_place_key(place, where, "empty_ok");
		if ((error = specsync_cfg_get_enum(&v, l, n, place, "empty_ok", bool_names,
						   COUNT(bool_names))) < 0)
			return error;
		side->empty_ok = v == 1;
	}
	if ((n = specsync_yaml_get(map, "section_start")) != NULL) {
		specsync_cfg_place_key(place, where, "section_start");
		return specsync_cfg_get_regex(&side->section_start, l, n, place);
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
		return specsync_cfg_no_memory(l);
	snprintf(where, sizeof(where), "sides.%s", side->name);
	specsync_cfg_place_key(place, where, "paths");
	if ((error = specsync_cfg_expect_kind(l, pair->value, SPECSYNC_YAML_MAPPING, where,
					      "a mapping with paths (and optionally attribution, "
					      "section_start and empty_ok)")) < 0 ||
	    (error = specsync_cfg_check_keys(l, pair->value, where, side_keys, COUNT(side_keys))) <
		    0 ||
	    (error = specsync_cfg_required(
		     &n, l, pair->value, where, "paths",
		     "expected a list of path globs, e.g. paths: [\"specs/**\"]")) < 0 ||
	    (error = specsync_cfg_read_list(&side->paths, &side->path_count, l, n, place, &paths)) <
		    0)
		return error;
	return read_side_options(side, l, pair->value, where);
}

/* Side names for messages, after "scope" (which raci entries also accept). */
static int index_sides(loader *l)
{
	const specsync_config *cfg = l->cfg;

	if (!(l->raci_keys = specsync_calloc(cfg->side_count + 1, sizeof(*l->raci_keys))))
		return specsync_cfg_no_memory(l);
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

	if ((error = specsync_cfg_required(
		     &sides, l, root, "", "sides",
		     "expected a mapping of at least two sides, e.g. functional and "
		     "technical, each with paths")) < 0 ||
	    (error = specsync_cfg_expect_kind(l, sides, SPECSYNC_YAML_MAPPING, "sides",
					      "a mapping of side names to their paths")) < 0)
		return error;
	if (sides->count < 2)
		return specsync_cfg_fail(
			l, sides,
			"sides: %zu side%s defined (expected at least two, e.g. functional and "
			"technical)",
			sides->count, sides->count == 1 ? "" : "s");
	if (sides->count > SPECSYNC_MAX_SIDES)
		return specsync_cfg_fail(l, sides->pairs[SPECSYNC_MAX_SIDES].key,
					 "sides: too many sides (expected at most %d)",
					 SPECSYNC_MAX_SIDES);
	if (!(cfg->sides = specsync_calloc(sides->count, sizeof(*cfg->sides))))
		return specsync_cfg_no_memory(l);
	cfg->side_count = sides->count;
	for (size_t i = 0; i < sides->count; i++)
		if ((error = read_side(&cfg->sides[i], l, &sides->pairs[i])) < 0)
			return error;
	return index_sides(l);
}

/* ---- lint ---------------------------------------------------------------------- */

static int read_lint(loader *l, const ynode *root)
{
	const ynode *lint = specsync_yaml_get(root, "lint"), *n;
	int error;

	if (!lint)
		return 0;
	if ((error = specsync_cfg_expect_kind(l, lint, SPECSYNC_YAML_MAPPING, "lint",
					      "a mapping with same_accountable")) < 0 ||
	    (error = specsync_cfg_check_keys(l, lint, "lint", lint_keys, COUNT(lint_keys))) < 0)
		return error;
	if ((n = specsync_yaml_get(lint, "same_accountable")) &&
	    (error = specsync_cfg_get_level(&l->cfg->lint_same_accountable, l, n,
					    "lint.same_accountable")) < 0)
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
	if ((error = specsync_cfg_expect_kind(
		     l, acks, SPECSYNC_YAML_MAPPING, "acks",
		     "a mapping with require_signature, allowed_signers")) < 0 ||
	    (error = specsync_cfg_check_keys(l, acks, "acks", ack_keys, COUNT(ack_keys))) < 0)
		return error;
	if ((n = specsync_yaml_get(acks, "require_signature")) &&
	    (error = specsync_cfg_get_enum(&v, l, n, "acks.require_signature", "value", bool_names,
					   COUNT(bool_names))) < 0)
		return error;
	l->cfg->ack_require_signature = v == 1;
	if (!(n = specsync_yaml_get(acks, "allowed_signers")))
		return 0;
	if ((error = specsync_cfg_get_string(&l->cfg->ack_allowed_signers, l, n,
					     "acks.allowed_signers", "a path in the repository")) <
	    0)
		return error;
	if (!repository_path(l->cfg->ack_allowed_signers))
		return specsync_cfg_fail(
			l, n,
			"acks.allowed_signers: \"%.80s\" is not a path inside the repository "
			"(expected a relative path such as .specsync/allowed_signers, without "
			"\".\" or \"..\")",
			l->cfg->ack_allowed_signers);
	return 0;
}

/* ---- loading ---------------------------------------------------------------- */

static int read_root(loader *l, const ynode *root)
{
	int error;

	if (!root)
		return specsync_cfg_fail(l, NULL,
					 "empty configuration (expected a mapping with version, "
					 "requirements and sides)");
	if ((error = specsync_cfg_expect_kind(l, root, SPECSYNC_YAML_MAPPING, "configuration",
					      "a mapping with version, requirements and sides")) <
		    0 ||
	    (error = specsync_cfg_check_keys(l, root, "", top_keys, COUNT(top_keys))) < 0 ||
	    (error = read_version(l, root)) < 0 || (error = read_requirements(l, root)) < 0 ||
	    (error = read_since(l, root)) < 0 || (error = read_sides(l, root)) < 0 ||
	    (error = specsync_cfg_read_roles(l, root)) < 0 ||
	    (error = specsync_cfg_read_raci(l, root)) < 0 ||
	    (error = specsync_cfg_read_policy(l, root)) < 0 || (error = read_lint(l, root)) < 0 ||
	    (error = specsync_cfg_read_ack_trailer(l, root)) < 0 ||
	    (error = specsync_cfg_read_handles(l, root)) < 0 || (error = read_acks(l, root)) < 0)
		return error;
	return specsync_cfg_read_max_file_size(l, root);
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
