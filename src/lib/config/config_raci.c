/*
 * `.specsync.yml` roles (members written as "Name <email>"), the raci
 * table (letters R, A, C, I per side for each requirement pattern) and the
 * handles (e-mail to forge handle), and the queries on roles; read by
 * config.c's loader with the
 * primitives of config_read.c.
 */
#include "config_internal.h"
#include "common.h"
#include "glob.h"
#include "message.h"
#include "yaml_tree.h"

#include <stdio.h>

static const char *const role_keys[] = { "name", "members" };
static const char *const letter_keys[] = { "R", "A", "C", "I" };

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

	error = specsync_cfg_read_list(&role->raw_members, &role->member_count, l, n, where,
				       &members);
	if (error < 0)
		return error;
	if (!(role->members = specsync_calloc(role->member_count, sizeof(*role->members))) ||
	    !(role->member_addresses = specsync_calloc(role->member_count, sizeof(char *))))
		return specsync_cfg_no_memory(l);
	for (size_t i = 0; i < role->member_count; i++) {
		error = parse_member(&role->members[i], &role->member_addresses[i],
				     role->raw_members[i]);
		if (error == SPECSYNC_ENOMEM)
			return specsync_cfg_no_memory(l);
		specsync_cfg_place_index(item, where, i);
		if (error < 0)
			return specsync_cfg_fail(
				l, n->items[i],
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
		return specsync_cfg_fail(l, pair->key,
					 "roles: invalid role key (expected a non-empty name)");
	if (!(role->key = specsync_strdup(pair->key->value)))
		return specsync_cfg_no_memory(l);
	snprintf(where, sizeof(where), "roles.%s", role->key);
	specsync_cfg_place_key(place, where, "members");
	if ((error = specsync_cfg_expect_kind(l, pair->value, SPECSYNC_YAML_MAPPING, where,
					      "a mapping with members (and optionally name)")) <
		    0 ||
	    (error = specsync_cfg_check_keys(l, pair->value, where, role_keys, COUNT(role_keys))) <
		    0 ||
	    (error = specsync_cfg_required(&n, l, pair->value, where, "members",
					   "expected a list of \"Name <email>\" or \"email\"")) <
		    0 ||
	    (error = read_members(role, l, n, place)) < 0)
		return error;
	if ((n = specsync_yaml_get(pair->value, "name")) == NULL)
		return (role->name = specsync_strdup(role->key)) ? 0 : specsync_cfg_no_memory(l);
	specsync_cfg_place_key(place, where, "name");
	if ((error = specsync_cfg_get_string(&role->name, l, n, place, "a display name")) < 0)
		return error;
	return *role->name
		       ? 0
		       : specsync_cfg_fail(l, n, "%s: empty name (expected a display name)", place);
}

int specsync_cfg_read_roles(loader *l, const ynode *root)
{
	specsync_config *cfg = l->cfg;
	const ynode *roles = specsync_yaml_get(root, "roles");
	int error;

	if (roles &&
	    (error = specsync_cfg_expect_kind(l, roles, SPECSYNC_YAML_MAPPING, "roles",
					      "a mapping of role keys to {name, members}")) < 0)
		return error;
	if (!(cfg->roles = specsync_calloc(roles ? roles->count : 0, sizeof(*cfg->roles))) ||
	    !(l->role_names = specsync_calloc(roles ? roles->count : 0, sizeof(*l->role_names))))
		return specsync_cfg_no_memory(l);
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

	if ((error = specsync_cfg_expect_kind(l, n, SPECSYNC_YAML_SCALAR, where, "a role key")) < 0)
		return error;
	if ((i = specsync_config_role_index(l->cfg, n->value)) < 0)
		return specsync_cfg_unknown(l, n, where, "role", n->value, l->role_names,
					    l->cfg->role_count);
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
		return specsync_cfg_expect_kind(l, n, SPECSYNC_YAML_SEQUENCE, where,
						"a role key or a list of role keys");
	if (!(cell->letters[letter] = specsync_calloc(count, sizeof(size_t))))
		return specsync_cfg_no_memory(l);
	cell->counts[letter] = count;
	if (!list)
		return resolve_role(&cell->letters[letter][0], l, n, where);
	for (size_t i = 0; i < count; i++) {
		specsync_cfg_place_index(item, where, i);
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
	if ((error = specsync_cfg_expect_kind(l, pair->value, SPECSYNC_YAML_MAPPING, where,
					      "a mapping of R, A, C, I to roles")) < 0 ||
	    (error = specsync_cfg_check_keys(l, pair->value, where, letter_keys,
					     COUNT(letter_keys))) < 0)
		return error;
	for (size_t i = 0; i < pair->value->count; i++) {
		const specsync_yaml_pair *p = &pair->value->pairs[i];
		int letter = specsync_cfg_find_name(p->key->value, letter_keys, COUNT(letter_keys));

		specsync_cfg_place_key(place, where, p->key->value);
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
		return specsync_cfg_no_memory(l);
	for (size_t i = 0; i < map->count; i++) {
		const specsync_yaml_pair *p = &map->pairs[i];
		int side = specsync_cfg_find_name(p->key->value, l->side_names, cfg->side_count);

		if (strcmp(p->key->value, "scope") == 0)
			continue;
		if (side < 0)
			return specsync_cfg_unknown(l, p->key, where, "side", p->key->value,
						    l->raci_keys, cfg->side_count + 1);
		specsync_cfg_place_key(place, where, p->key->value);
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
	specsync_cfg_place_key(place, where, "scope");
	entry->line = n->line;
	entry->column = n->column;
	if ((error = specsync_cfg_expect_kind(l, n, SPECSYNC_YAML_MAPPING, where,
					      "a mapping with scope and one entry per side")) < 0 ||
	    (error = specsync_cfg_required(&scope, l, n, where, "scope",
					   "expected an ID glob such as \"*\" or \"REQ-PAY-*\"")) <
		    0 ||
	    (error = specsync_cfg_get_string(&entry->scope, l, scope, place, "an ID glob")) < 0)
		return error;
	if ((problem = specsync_glob_check(entry->scope)) != NULL)
		return specsync_cfg_fail(l, scope, "%s: invalid glob \"%.80s\": %s", place,
					 entry->scope, problem);
	return read_cells(entry, l, n, where);
}

int specsync_cfg_read_raci(loader *l, const ynode *root)
{
	specsync_config *cfg = l->cfg;
	const ynode *raci = specsync_yaml_get(root, "raci");
	int error;

	if (!raci)
		return 0;
	if ((error = specsync_cfg_expect_kind(l, raci, SPECSYNC_YAML_SEQUENCE, "raci",
					      "a list of {scope, <side>: {R, A, C, I}} entries")) <
	    0)
		return error;
	if (!(cfg->raci = specsync_calloc(raci->count, sizeof(*cfg->raci))))
		return specsync_cfg_no_memory(l);
	cfg->raci_count = raci->count;
	for (size_t i = 0; i < raci->count; i++)
		if ((error = read_raci_entry(&cfg->raci[i], l, raci->items[i], i)) < 0)
			return error;
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

	specsync_cfg_place_key(place, "handles", p->key->value);
	if (specsync_parse_person(&name, &email, p->key->value) < 0) {
		free(name);
		return specsync_cfg_fail(
			l, p->key,
			"handles: \"%.80s\" names no e-mail (expected an e-mail or \"Name "
			"<email>\", as in roles)",
			p->key->value);
	}
	free(name);
	if ((error = specsync_cfg_get_string(&handle, l, p->value, place,
					     "a platform username such as @alice")) < 0) {
		free(email);
		return error;
	}
	if (!valid_handle(handle)) {
		error = specsync_cfg_fail(
			l, p->value,
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

int specsync_cfg_read_handles(loader *l, const ynode *root)
{
	const ynode *n = specsync_yaml_get(root, "handles");
	specsync_config *cfg = l->cfg;
	int error;

	if (!n)
		return 0;
	if ((error = specsync_cfg_expect_kind(
		     l, n, SPECSYNC_YAML_MAPPING, "handles",
		     "a mapping of people (e-mails) to platform usernames")) < 0)
		return error;
	cfg->handle_emails = specsync_calloc(n->count + 1, sizeof(char *));
	cfg->handles = specsync_calloc(n->count + 1, sizeof(char *));
	if (!cfg->handle_emails || !cfg->handles)
		return specsync_cfg_no_memory(l);
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

/* ---- role queries ------------------------------------------------------------ */

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
		if (m && specsync_email_cmp(m, email) == 0)
			return true;
	}
	return false;
}

const char *specsync_config_address_as_written(const specsync_config *cfg, const char *email)
{
	for (size_t i = 0; email && i < cfg->role_count; i++)
		for (size_t m = 0; m < cfg->roles[i].member_count; m++)
			if (cfg->roles[i].members[m].email &&
			    !specsync_email_cmp(cfg->roles[i].members[m].email, email))
				return cfg->roles[i].member_addresses[m];
	return email;
}
