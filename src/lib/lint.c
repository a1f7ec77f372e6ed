/*
 * `specsync lint`: checks of the configuration's RACI and of the documents
 * at a revision, reported all at once (where the audit stops at the first
 * problem or skips a file silently).
 *
 * Configuration rules, per RACI entry and side:
 *   raci-missing-side  error    the entry names no roles for a side
 *   raci-accountable   error    not exactly one Accountable role
 *   raci-responsible   error    no Responsible role
 *   raci-empty-list    warning  an explicitly empty C or I list
 *   role-no-members    error (R, A) / warning (C, I): a role with no member
 *   same-accountable   lint.same_accountable (default warning): one person
 *                      Accountable on two sides of the same scope
 *   role-unused        warning  a role no RACI entry names
 *   escalate-no-effect warning  policy.escalate for a side names a level
 *                               below its unsynced level, or the side's
 *                               unsynced policy is off
 * Document rules, on the tree of the revision:
 *   path-two-sides     error    a file matched by the paths of two sides
 *   duplicate-id       error    in `defines` mode, two sections defining
 *                               the same ID on one side
 *   uncovered          warning  on the first side, missing on another
 *   orphan             warning  on some side, missing on the first side
 *   raci-no-entry      warning  no RACI scope matches the requirement
 *   binary             warning  a NUL byte in the first 8000 bytes, or a
 *                               UTF-16 byte-order mark: not read
 *   too-large          warning  over max_file_size: not read
 *   unreadable         error    the sections parser gave up (a regex limit)
 */
#include "common.h"
#include "arena.h"
#include "config.h"
#include "git.h"
#include "glob.h"
#include "map.h"
#include "render.h"
#include "result.h"
#include "sections.h"
#include "skipped.h"
#include "trust.h"

#include <stdio.h>

#define BINARY_PROBE 8000

struct specsync_lint_result {
	specsync_arena arena;
	specsync_lint_finding *items;
	size_t count, alloc;
	char head[41];
	specsync_lint_coverage *coverage; /* one per side */
	size_t side_count;
};

/* ---- findings ------------------------------------------------------------- */

static int add(specsync_lint_result *res, const char *rule, specsync_level level, const char *path,
	       unsigned line, unsigned column, const char *req, const char *side, const char *fmt,
	       ...) __attribute__((format(printf, 9, 10)));

static int add(specsync_lint_result *res, const char *rule, specsync_level level, const char *path,
	       unsigned line, unsigned column, const char *req, const char *side, const char *fmt,
	       ...)
{
	specsync_lint_finding *f;
	char message[1024];
	va_list ap;

	if (level == SPECSYNC_LEVEL_OFF)
		return 0;
	if (SPECSYNC_ARRAY_RESERVE(res->items, res->alloc, res->count + 1) < 0)
		return SPECSYNC_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	f = &res->items[res->count++];
	f->rule = rule;
	f->level = level;
	f->message = specsync_arena_strdup(&res->arena, message);
	f->path = specsync_arena_strdup(&res->arena, path);
	f->line = line;
	f->column = column;
	f->requirement = specsync_arena_strdup(&res->arena, req);
	f->side = specsync_arena_strdup(&res->arena, side);
	return res->arena.failed ? SPECSYNC_ENOMEM : 0;
}

/* ---- the configuration ---------------------------------------------------- */

typedef struct lint_ctx {
	specsync_lint_result *res;
	specsync_repo *repo;
	const specsync_config *cfg;
	const char *cfg_path; /* relative to the work tree when inside it */
	specsync_error *err;
	specsync_strmap index; /* requirement id -> item + 1 */
	struct lint_req *reqs;
	size_t req_count, req_alloc;
	specsync_sections sections;
} lint_ctx;

static int cell_accountable(lint_ctx *c, const specsync_raci_entry *e, size_t i, size_t s)
{
	const specsync_config *cfg = c->cfg;
	const specsync_raci_cell *cell = &e->cells[s];
	char names[512] = "";
	size_t n = cell->counts[SPECSYNC_RACI_ACCOUNTABLE];

	if (n == 1)
		return 0;
	for (size_t k = 0; k < n; k++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 k ? ", " : "",
			 cfg->roles[cell->letters[SPECSYNC_RACI_ACCOUNTABLE][k]].key);
	if (!n)
		return add(
			c->res, "raci-accountable", SPECSYNC_LEVEL_ERROR, c->cfg_path, cell->line,
			cell->column, NULL, cfg->sides[s].name,
			"raci[%zu].%s (scope \"%s\"): no Accountable role (expected exactly one: "
			"the person who answers for this side)",
			i, cfg->sides[s].name, e->scope);
	return add(c->res, "raci-accountable", SPECSYNC_LEVEL_ERROR, c->cfg_path, cell->line,
		   cell->column, NULL, cfg->sides[s].name,
		   "raci[%zu].%s (scope \"%s\"): %zu Accountable roles (%s); expected exactly one",
		   i, cfg->sides[s].name, e->scope, n, names);
}

static int cell_roles(lint_ctx *c, const specsync_raci_entry *e, size_t i, size_t s)
{
	static const char *const letters[4] = {"R", "A", "C", "I"};
	const specsync_config *cfg = c->cfg;
	const specsync_raci_cell *cell = &e->cells[s];
	int error = 0;

	for (int l = 0; l < 4 && !error; l++) {
		if (l >= SPECSYNC_RACI_CONSULTED && cell->letters[l] && !cell->counts[l])
			error = add(c->res, "raci-empty-list", SPECSYNC_LEVEL_WARNING, c->cfg_path,
				    cell->line, cell->column, NULL, cfg->sides[s].name,
				    "raci[%zu].%s.%s (scope \"%s\"): an empty list (leave the key "
				    "out, or name the roles)",
				    i, cfg->sides[s].name, letters[l], e->scope);
		for (size_t k = 0; k < cell->counts[l] && !error; k++) {
			const specsync_config_role *role = &cfg->roles[cell->letters[l][k]];
			if (role->member_count)
				continue;
			error = add(c->res, "role-no-members",
				    l <= SPECSYNC_RACI_ACCOUNTABLE ? SPECSYNC_LEVEL_ERROR
								   : SPECSYNC_LEVEL_WARNING,
				    c->cfg_path, cell->line, cell->column, NULL, cfg->sides[s].name,
				    "raci[%zu].%s.%s (scope \"%s\"): role %s has no members", i,
				    cfg->sides[s].name, letters[l], e->scope, role->key);
		}
	}
	return error;
}

/* The first member of an Accountable role of side s also Accountable on
 * side t, or NULL. */
static const specsync_person *shared_accountable(const specsync_config *cfg,
						 const specsync_raci_cell *a,
						 const specsync_raci_cell *b)
{
	for (size_t i = 0; i < a->counts[SPECSYNC_RACI_ACCOUNTABLE]; i++) {
		const specsync_config_role *ra =
			&cfg->roles[a->letters[SPECSYNC_RACI_ACCOUNTABLE][i]];
		for (size_t m = 0; m < ra->member_count; m++)
			for (size_t j = 0; j < b->counts[SPECSYNC_RACI_ACCOUNTABLE]; j++)
				if (specsync_config_role_has(
					    cfg, b->letters[SPECSYNC_RACI_ACCOUNTABLE][j],
					    ra->members[m].email))
					return &ra->members[m];
	}
	return NULL;
}

static int same_accountable(lint_ctx *c, const specsync_raci_entry *e, size_t i)
{
	const specsync_config *cfg = c->cfg;
	specsync_buf who = SPECSYNC_BUF_INIT;
	int error = 0;

	for (size_t s = 0; s < cfg->side_count && !error; s++)
		for (size_t t = s + 1; t < cfg->side_count && !error; t++) {
			const specsync_person *p;
			if (!e->cells[s].present || !e->cells[t].present ||
			    !(p = shared_accountable(cfg, &e->cells[s], &e->cells[t])))
				continue;
			specsync_buf_clear(&who);
			specsync_put_person(&who, p);
			error = add(
				c->res, "same-accountable", cfg->lint_same_accountable, c->cfg_path,
				e->line, e->column, NULL, NULL,
				"raci[%zu] (scope \"%s\"): %s is Accountable on both the %s and "
				"the %s side: nobody else answers for checking one against the "
				"other",
				i, e->scope, who.ptr ? who.ptr : "", cfg->sides[s].name,
				cfg->sides[t].name);
		}
	specsync_buf_dispose(&who);
	return error;
}

static int lint_entry(lint_ctx *c, const specsync_raci_entry *e, size_t i)
{
	const specsync_config *cfg = c->cfg;
	int error = 0;

	for (size_t s = 0; s < cfg->side_count && !error; s++) {
		if (!e->cells[s].present) {
			error = add(
				c->res, "raci-missing-side", SPECSYNC_LEVEL_ERROR, c->cfg_path,
				e->line, e->column, NULL, cfg->sides[s].name,
				"raci[%zu] (scope \"%s\") names no roles for the %s side: the "
				"requirements it matches have no Responsible nor Accountable "
				"there (the last matching entry applies; entries do not add up)",
				i, e->scope, cfg->sides[s].name);
			continue;
		}
		if ((error = cell_accountable(c, e, i, s)) < 0)
			break;
		if (!e->cells[s].counts[SPECSYNC_RACI_RESPONSIBLE])
			error = add(c->res, "raci-responsible", SPECSYNC_LEVEL_ERROR, c->cfg_path,
				    e->cells[s].line, e->cells[s].column, NULL, cfg->sides[s].name,
				    "raci[%zu].%s (scope \"%s\"): no Responsible role (expected at "
				    "least one: the people who update this side)",
				    i, cfg->sides[s].name, e->scope);
		if (!error)
			error = cell_roles(c, e, i, s);
	}
	return error ? error : same_accountable(c, e, i);
}

static bool role_used(const specsync_config *cfg, size_t role)
{
	for (size_t i = 0; i < cfg->raci_count; i++)
		for (size_t s = 0; s < cfg->side_count; s++)
			for (int l = 0; l < 4; l++)
				for (size_t k = 0; k < cfg->raci[i].cells[s].counts[l]; k++)
					if (cfg->raci[i].cells[s].letters[l][k] == role)
						return true;
	return false;
}

/* The durations themselves are validated by the loader (a bad one is a
 * configuration error, exit 2); this says when a valid one does nothing. */
static int lint_escalate(lint_ctx *c, const specsync_config_side *side)
{
	if (!side->escalate_after)
		return 0;
	if (side->unsynced == SPECSYNC_LEVEL_OFF)
		return add(c->res, "escalate-no-effect", SPECSYNC_LEVEL_WARNING, c->cfg_path,
			   side->escalate_line, side->escalate_column, NULL, side->name,
			   "policy.escalate for the %s side does nothing: policy.unsynced is off "
			   "for it, so no finding is reported to escalate",
			   side->name);
	if (side->escalate_level < side->unsynced)
		return add(c->res, "escalate-no-effect", SPECSYNC_LEVEL_WARNING, c->cfg_path,
			   side->escalate_line, side->escalate_column, NULL, side->name,
			   "policy.escalate for the %s side names level %s, below its "
			   "policy.unsynced level %s: a level is never lowered, only the message "
			   "changes",
			   side->name, specsync_level_name(side->escalate_level),
			   specsync_level_name(side->unsynced));
	return 0;
}

static int lint_config(lint_ctx *c)
{
	const specsync_config *cfg = c->cfg;
	int error = 0;

	for (size_t i = 0; i < cfg->raci_count && !error; i++)
		error = lint_entry(c, &cfg->raci[i], i);
	for (size_t r = 0; r < cfg->role_count && !error; r++)
		if (!role_used(cfg, r))
			error = add(c->res, "role-unused", SPECSYNC_LEVEL_WARNING, c->cfg_path,
				    cfg->roles[r].line, cfg->roles[r].column, NULL, NULL,
				    "role %s is named by no RACI entry", cfg->roles[r].key);
	for (size_t s = 0; s < cfg->side_count && !error; s++)
		error = lint_escalate(c, &cfg->sides[s]);
	if (!error && !cfg->raci_count)
		error = add(c->res, "raci-no-entry", SPECSYNC_LEVEL_WARNING, c->cfg_path, 1, 1,
			    NULL, NULL,
			    "no raci entries: no requirement has a Responsible or "
			    "Accountable, so nobody is asked to act and no edit is out of role");
	return error;
}

/* acks: the allowed signers file must be at the revision; without one,
 * only OpenPGP signatures can name a signer (from the machine's keyring);
 * a principal that holds no role is likely a typo. */
static int lint_acks(lint_ctx *c, const char *rev)
{
	const specsync_config *cfg = c->cfg;
	char *data = NULL, emails[16][256];
	size_t len = 0;
	unsigned line = 1;
	int error;

	if (cfg->ack_require_signature && !cfg->ack_allowed_signers)
		return add(c->res, "acks-no-signers", SPECSYNC_LEVEL_WARNING, c->cfg_path,
			   cfg->acks_line, cfg->acks_column, NULL, NULL,
			   "acks.require_signature without acks.allowed_signers: SSH signatures "
			   "name nobody, only OpenPGP ones do (from the keyring of the machine "
			   "that checks)");
	if (!cfg->ack_allowed_signers)
		return 0;
	if (specsync_repo_read_file(&data, &len, c->repo, rev, cfg->ack_allowed_signers, NULL) <
	    0)
		return add(c->res, "acks-signers-missing", SPECSYNC_LEVEL_ERROR, c->cfg_path,
			   cfg->acks_line, cfg->acks_column, NULL, NULL,
			   "acks.allowed_signers names %s, which is not a regular file at %.12s: "
			   "no signature can be verified",
			   cfg->ack_allowed_signers, rev);
	error = 0;
	for (const char *p = data; p && *p && !error; line++) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), k;
		k = specsync_trust_line_emails(emails, 16, p, n, false);
		for (size_t i = 0; i < k && !error; i++) {
			bool member = false;
			for (size_t r = 0; r < cfg->role_count && !member; r++)
				member = specsync_config_role_has(cfg, r, emails[i]);
			if (!member)
				error = add(c->res, "acks-signer-no-role", SPECSYNC_LEVEL_WARNING,
					    cfg->ack_allowed_signers, line, 1, NULL, NULL,
					    "the allowed signer %s holds no role: the acknowledgements "
					    "it signs never count",
					    emails[i]);
		}
		p = nl ? nl + 1 : NULL;
	}
	free(data);
	return error;
}

/* ---- the documents -------------------------------------------------------- */

typedef struct occurrence {
	const char *path; /* in the result's arena */
	unsigned line;
	bool own;
} occurrence;

typedef struct occ_list {
	occurrence *items;
	size_t count, alloc;
} occ_list;

typedef struct lint_req {
	const char *id;
	occ_list *sides;
} lint_req;

static int record(lint_ctx *c, const char *id, size_t side, const char *path, unsigned line,
		  bool own)
{
	size_t i = (size_t)(uintptr_t)specsync_strmap_get(&c->index, id);
	occ_list *l;

	if (!i) {
		lint_req *q;
		if (SPECSYNC_ARRAY_RESERVE(c->reqs, c->req_alloc, c->req_count + 1) < 0)
			return SPECSYNC_ENOMEM;
		q = &c->reqs[c->req_count];
		q->id = specsync_arena_strdup(&c->res->arena, id);
		q->sides = specsync_calloc(c->cfg->side_count, sizeof(occ_list));
		if (!q->id || !q->sides ||
		    specsync_strmap_put(&c->index, id, (void *)(uintptr_t)(c->req_count + 1),
					NULL) < 0) {
			free(q->sides);
			return SPECSYNC_ENOMEM;
		}
		i = ++c->req_count;
	}
	l = &c->reqs[i - 1].sides[side];
	if (SPECSYNC_ARRAY_RESERVE(l->items, l->alloc, l->count + 1) < 0)
		return SPECSYNC_ENOMEM;
	l->items[l->count++] = (occurrence){path, line, own};
	return 0;
}

static bool descend(const char *dir, void *payload)
{
	const specsync_config *cfg = ((const lint_ctx *)payload)->cfg;

	for (size_t s = 0; s < cfg->side_count; s++)
		for (size_t p = 0; p < cfg->sides[s].path_count; p++)
			if (specsync_glob_could_match_under(cfg->sides[s].paths[p], dir))
				return true;
	return false;
}

static int two_sides(lint_ctx *c, const char *path)
{
	const specsync_config *cfg = c->cfg;
	char names[512] = "";
	size_t n = 0;

	for (size_t s = 0; s < cfg->side_count; s++)
		for (size_t p = 0; p < cfg->sides[s].path_count; p++)
			if (specsync_glob_match_path(cfg->sides[s].paths[p], path)) {
				snprintf(names + strlen(names), sizeof(names) - strlen(names),
					 "%s%s", n++ ? " and " : "", cfg->sides[s].name);
				break;
			}
	return add(c->res, "path-two-sides", SPECSYNC_LEVEL_ERROR, path, 0, 0, NULL, NULL,
		   "matches the paths of the %s sides: a file belongs to one side only, and "
		   "the audit stops on it (narrow the sides' paths globs)",
		   names);
}

static int parse_document(lint_ctx *c, const char *path, size_t side, const char *data, size_t len)
{
	const specsync_config_side *cs = &c->cfg->sides[side];
	specsync_sections_options o;
	specsync_error perr;
	const char *stored;
	int error;

	memset(&o, 0, sizeof(o));
	o.format = specsync_sections_format_for(path);
	o.id = c->cfg->id;
	o.ignore = (const char *const *)c->cfg->ignore;
	o.ignore_count = c->cfg->ignore_count;
	o.attribution = cs->attribution;
	o.section_start = cs->section_start;
	o.path = path;
	specsync_sections_dispose(&c->sections);
	specsync_error_clear(&perr);
	if ((error = specsync_sections_parse(&c->sections, data, len, &o, &perr)) < 0) {
		if (error == SPECSYNC_ENOMEM)
			return error;
		return add(c->res, "unreadable", SPECSYNC_LEVEL_ERROR, path, perr.line, 0, NULL,
			   cs->name, "cannot be split into sections: %s", perr.message);
	}
	if (!(stored = specsync_arena_strdup(&c->res->arena, path)))
		return SPECSYNC_ENOMEM;
	for (size_t i = 0; i < c->sections.count; i++) {
		const specsync_section_entry *e = &c->sections.entries[i];
		if ((error = record(c, e->id, side, stored, e->line, !e->inherited)) < 0)
			return error;
	}
	return 0;
}

static int read_document(lint_ctx *c, const specsync_oid *id, const char *path, size_t side)
{
	specsync_blob *blob = NULL;
	const char *data, *nul;
	uint64_t size;
	size_t len;
	int error;

	if ((error = specsync_git_blob_size(&size, c->repo, id, c->err)) < 0)
		return error;
	if (size > c->cfg->max_file_size)
		return add(c->res, "too-large", SPECSYNC_LEVEL_WARNING, path, 0, 0, NULL,
			   c->cfg->sides[side].name,
			   "%llu bytes, over max_file_size (%llu): specsync does not read it",
			   (unsigned long long)size, (unsigned long long)c->cfg->max_file_size);
	if ((error = specsync_git_blob(&blob, &data, &len, c->repo, id, c->err)) < 0)
		return error;
	nul = memchr(data, '\0', len < BINARY_PROBE ? len : BINARY_PROBE);
	if (specsync_skipped_classify(data, len) == SPECSYNC_SKIP_UTF16)
		error = add(c->res, "binary", SPECSYNC_LEVEL_WARNING, path, 0, 0, NULL,
			    c->cfg->sides[side].name,
			    "UTF-16 text (byte-order mark): specsync reads UTF-8 only and does not "
			    "read it; save it as UTF-8");
	else if (nul)
		error = add(c->res, "binary", SPECSYNC_LEVEL_WARNING, path, 0, 0, NULL,
			    c->cfg->sides[side].name,
			    "a binary file (NUL byte at offset %zu): specsync does not read it",
			    (size_t)(nul - data));
	else
		error = parse_document(c, path, side, data, len);
	specsync_git_blob_free(blob);
	return error;
}

static int on_file(const specsync_tree_change *ch, void *payload)
{
	lint_ctx *c = payload;
	int other = -1, side = specsync_config_side_for_path(c->cfg, ch->path, &other);

	if (side == -1 || !ch->new_id || !ch->new_regular)
		return 0;
	if (side == -2)
		return two_sides(c, ch->path);
	return read_document(c, ch->new_id, ch->path, (size_t)side);
}

/* ---- requirements across sides ------------------------------------------- */

static int duplicates(lint_ctx *c, const lint_req *q, size_t s)
{
	const occ_list *l = &q->sides[s];
	const occurrence *first = NULL;
	int error = 0;

	if (c->cfg->sides[s].attribution != SPECSYNC_ATTR_DEFINES)
		return 0;
	for (size_t i = 0; i < l->count && !error; i++) {
		if (!l->items[i].own)
			continue;
		if (!first) {
			first = &l->items[i];
			continue;
		}
		error = add(c->res, "duplicate-id", SPECSYNC_LEVEL_ERROR, l->items[i].path,
			    l->items[i].line, 0, q->id, c->cfg->sides[s].name,
			    "%s is defined twice on the %s side (first at %s:%u): its sections "
			    "count as one requirement",
			    q->id, c->cfg->sides[s].name, first->path, first->line);
	}
	return error;
}

static const occurrence *first_place(const lint_req *q, size_t sides)
{
	for (size_t s = 0; s < sides; s++)
		if (q->sides[s].count)
			return &q->sides[s].items[0];
	return NULL;
}

static void count_coverage(lint_ctx *c, const lint_req *q)
{
	size_t present = 0;

	for (size_t s = 0; s < c->cfg->side_count; s++)
		present += q->sides[s].count > 0;
	for (size_t s = 0; s < c->cfg->side_count; s++) {
		if (!q->sides[s].count)
			continue;
		c->res->coverage[s].requirements++;
		c->res->coverage[s].one_side += present == 1;
	}
}

static int coverage(lint_ctx *c, const lint_req *q)
{
	const specsync_config *cfg = c->cfg;
	const occurrence *at = first_place(q, cfg->side_count);
	int error = 0;

	count_coverage(c, q);
	if (!q->sides[0].count) {
		size_t s = 1;
		while (!q->sides[s].count)
			s++;
		return add(c->res, "orphan", SPECSYNC_LEVEL_WARNING, at->path, at->line, 0, q->id,
			   cfg->sides[s].name,
			   "%s (%s side) traces to no %s requirement: no %s document mentions it",
			   q->id, cfg->sides[s].name, cfg->sides[0].name, cfg->sides[0].name);
	}
	for (size_t s = 1; s < cfg->side_count && !error; s++)
		if (!q->sides[s].count)
			error = add(c->res, "uncovered", SPECSYNC_LEVEL_WARNING, at->path, at->line,
				    0, q->id, cfg->sides[s].name,
				    "%s (%s side) is not covered on the %s side: no %s document "
				    "mentions it",
				    q->id, cfg->sides[0].name, cfg->sides[s].name,
				    cfg->sides[s].name);
	return error;
}

static int req_cmp(const void *a, const void *b)
{
	return specsync_id_cmp(((const lint_req *)a)->id, ((const lint_req *)b)->id);
}

static int lint_requirements(lint_ctx *c)
{
	int error = 0;

	if (c->req_count > 1)
		qsort(c->reqs, c->req_count, sizeof(*c->reqs), req_cmp);
	for (size_t i = 0; i < c->req_count && !error; i++) {
		const lint_req *q = &c->reqs[i];
		const occurrence *at = first_place(q, c->cfg->side_count);
		for (size_t s = 0; s < c->cfg->side_count && !error; s++)
			error = duplicates(c, q, s);
		if (!error)
			error = coverage(c, q);
		if (!error && c->cfg->raci_count && !specsync_config_raci_for(c->cfg, q->id))
			error = add(c->res, "raci-no-entry", SPECSYNC_LEVEL_WARNING, at->path,
				    at->line, 0, q->id, NULL,
				    "no raci scope matches %s: nobody is Responsible or "
				    "Accountable for it",
				    q->id);
	}
	return error;
}

/* ---- order and entry point ------------------------------------------------ */

typedef struct sort_key {
	specsync_lint_finding f;
	size_t seq;
	bool config;
} sort_key;

/* The configuration's findings first, in the order found; then the
 * documents' by path and line. */
static int key_cmp(const void *pa, const void *pb)
{
	const sort_key *a = pa, *b = pb;
	int c;

	if (a->config != b->config)
		return a->config ? -1 : 1;
	if (!a->config && (c = strcmp(a->f.path, b->f.path)) != 0)
		return c;
	if (!a->config && a->f.line != b->f.line)
		return a->f.line < b->f.line ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static int sort_findings(specsync_lint_result *res, const char *cfg_path)
{
	sort_key *keys = specsync_calloc(res->count + 1, sizeof(*keys));

	if (!keys)
		return SPECSYNC_ENOMEM;
	for (size_t i = 0; i < res->count; i++)
		keys[i] = (sort_key){res->items[i], i, !strcmp(res->items[i].path, cfg_path)};
	qsort(keys, res->count, sizeof(*keys), key_cmp);
	for (size_t i = 0; i < res->count; i++)
		res->items[i] = keys[i].f;
	free(keys);
	return 0;
}

static void ctx_dispose(lint_ctx *c)
{
	for (size_t i = 0; i < c->req_count; i++) {
		for (size_t s = 0; s < c->cfg->side_count; s++)
			free(c->reqs[i].sides[s].items);
		free(c->reqs[i].sides);
	}
	free(c->reqs);
	specsync_strmap_dispose(&c->index);
	specsync_sections_dispose(&c->sections);
}

static int init_coverage(specsync_lint_result *res, const specsync_config *cfg)
{
	if (!(res->coverage = specsync_calloc(cfg->side_count, sizeof(*res->coverage))))
		return SPECSYNC_ENOMEM;
	res->side_count = cfg->side_count;
	for (size_t s = 0; s < cfg->side_count; s++)
		if (!(res->coverage[s].side = specsync_arena_strdup(&res->arena, cfg->sides[s].name)))
			return SPECSYNC_ENOMEM;
	return 0;
}

int specsync_lint(specsync_lint_result **out, specsync_repo *repo, const specsync_config *cfg,
		  const specsync_lint_options *opts, specsync_error *err)
{
	specsync_lint_result *res = specsync_calloc(1, sizeof(*res));
	const char *rev = opts && opts->rev ? opts->rev : "HEAD";
	specsync_oid commit, tree;
	lint_ctx c;
	int error;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	if (!res)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	c.res = res;
	c.repo = repo;
	c.cfg = cfg;
	c.err = err;
	c.cfg_path = specsync_config_relative_path(cfg, specsync_repo_workdir(repo));
	if ((error = init_coverage(res, cfg)) < 0 ||
	    (error = specsync_git_resolve(&commit, repo, rev, err)) < 0 ||
	    (error = specsync_git_commit_tree(&tree, repo, &commit, err)) < 0)
		goto done;
	specsync_oid_fmt(res->head, &commit);
	if ((error = lint_config(&c)) < 0 || (error = lint_acks(&c, res->head)) < 0 ||
	    (error = specsync_git_diff_trees(repo, NULL, &tree, descend, on_file, &c, err)) < 0 ||
	    (error = lint_requirements(&c)) < 0 || (error = sort_findings(res, c.cfg_path)) < 0)
		goto done;
done:
	if (error == SPECSYNC_ENOMEM)
		specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	ctx_dispose(&c);
	if (error < 0) {
		specsync_lint_result_free(res);
		return error;
	}
	*out = res;
	return 0;
}

void specsync_lint_result_free(specsync_lint_result *res)
{
	if (!res)
		return;
	free(res->items);
	free(res->coverage);
	specsync_arena_dispose(&res->arena);
	free(res);
}

const specsync_lint_coverage *specsync_lint_coverage_of(const specsync_lint_result *res,
							size_t *count)
{
	*count = res->side_count;
	return res->coverage;
}

const specsync_lint_finding *specsync_lint_findings(const specsync_lint_result *res, size_t *count)
{
	*count = res->count;
	return res->items;
}

const char *specsync_lint_head(const specsync_lint_result *res)
{
	return res->head;
}

specsync_level specsync_lint_max_level(const specsync_lint_result *res)
{
	specsync_level max = SPECSYNC_LEVEL_OFF;

	for (size_t i = 0; i < res->count; i++)
		if (res->items[i].level > max)
			max = res->items[i].level;
	return max;
}
