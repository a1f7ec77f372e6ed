/*
 * A configuration that checks nothing is an error: at the revision examined
 * every side's paths globs must match a file, and the `requirements.id`
 * pattern must match a requirement in the sides' files. The messages say
 * what was looked at and what is near: the closest existing directory or
 * file names for a glob, the ID families `specsync init` finds for a
 * pattern (init_ids.c).
 */
#include "common.h"
#include "config.h"
#include "git.h"
#include "glob.h"
#include "init.h"
#include "parse.h"
#include "regex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMES 5    /* names listed when none is near */
#define MAX_FAMILIES 3 /* ID families listed */

typedef struct side_file {
	char *path;
	specsync_oid blob;
	size_t side;
} side_file;

struct specsync_scope {
	size_t total;
	size_t *side_files;
	specsync_scope_warning *warnings;
	size_t warning_count, warning_alloc;
};

typedef struct scope_ctx {
	specsync_repo *repo;
	const specsync_config *cfg;
	const specsync_scope_options *opts;
	specsync_error *err;
	bool first_commit; /* the index of a repository without commits */
	specsync_scope *res;
	bool collect; /* second walk: every path, for the suggestions */
	char **paths; /* every regular file, sorted */
	size_t path_count, path_alloc;
	side_file *files;
	size_t file_count, file_alloc;
} scope_ctx;

/* ---- listing ------------------------------------------------------------------ */

static int collect_path(scope_ctx *c, const char *path)
{
	char *copy;

	if (SPECSYNC_ARRAY_RESERVE(c->paths, c->path_alloc, c->path_count + 1) < 0 ||
	    !(copy = specsync_strdup(path)))
		return SPECSYNC_ENOMEM;
	c->paths[c->path_count++] = copy;
	return 0;
}

/* The first walk enters only the directories some side's glob can reach. */
static bool descend(const char *dir, void *payload)
{
	const scope_ctx *c = payload;

	if (c->collect)
		return true;
	for (size_t s = 0; s < c->cfg->side_count; s++)
		for (size_t p = 0; p < c->cfg->sides[s].path_count; p++)
			if (specsync_glob_could_match_under(c->cfg->sides[s].paths[p], dir))
				return true;
	return false;
}

static int on_file(const specsync_tree_change *ch, void *payload)
{
	scope_ctx *c = payload;

	if (!ch->new_id || !ch->new_regular)
		return 0;
	c->res->total++;
	if (c->collect)
		return collect_path(c, ch->path);
	for (size_t s = 0; s < c->cfg->side_count; s++) {
		side_file *f;
		if (!specsync_config_side_matches(&c->cfg->sides[s], ch->path))
			continue;
		if (SPECSYNC_ARRAY_RESERVE(c->files, c->file_alloc, c->file_count + 1) < 0)
			return SPECSYNC_ENOMEM;
		f = &c->files[c->file_count];
		if (!(f->path = specsync_strdup(ch->path)))
			return SPECSYNC_ENOMEM;
		f->blob = *ch->new_id;
		f->side = s;
		c->file_count++;
		c->res->side_files[s]++;
	}
	return 0;
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks the tree of the revision (or the index): counts the files and
 * keeps the sides' ones; with c->collect, keeps every path, sorted. */
static int walk(scope_ctx *c)
{
	const char *rev = c->opts->rev ? c->opts->rev : "HEAD";
	specsync_oid commit, tree;
	int error;

	if (c->opts->index)
		error = specsync_git_diff_index(c->repo, NULL, descend, on_file, c, c->err);
	else if ((error = specsync_git_resolve(&commit, c->repo, rev, c->err)) >= 0 &&
		 (error = specsync_git_commit_tree(&tree, c->repo, &commit, c->err)) >= 0)
		error = specsync_git_diff_trees(c->repo, NULL, &tree, descend, on_file, c, c->err);
	if (error == SPECSYNC_ENOMEM)
		return specsync_fail(c->err, error, "out of memory listing the files");
	if (error >= 0 && c->collect)
		qsort(c->paths, c->path_count, sizeof(*c->paths), path_cmp);
	return error;
}

/* The walk, and when a side is empty a second one over the whole tree:
 * the files looked at are then all of them, and the suggestions need their
 * paths. */
static int list_files(scope_ctx *c)
{
	int error = walk(c);

	for (size_t s = 0; error >= 0 && s < c->cfg->side_count; s++)
		if (!c->res->side_files[s]) {
			c->collect = true;
			c->res->total = 0;
			return walk(c);
		}
	return error;
}

/* ---- suggestions for a glob ---------------------------------------------------- */

/* True when some file lies under directory dir[0..n). */
static bool is_dir(const scope_ctx *c, const char *dir, size_t n)
{
	for (size_t i = 0; i < c->path_count; i++)
		if (!strncmp(c->paths[i], dir, n) && c->paths[i][n] == '/')
			return true;
	return false;
}

/*
 * The names right under directory dir[0..n) ("" the root), directories
 * with a trailing '/', sorted and unique; *out is malloc'ed, its strings too.
 */
static int children(char ***out, size_t *count, const scope_ctx *c, const char *dir, size_t n)
{
	size_t alloc = 0, skip = n ? n + 1 : 0;

	*out = NULL;
	*count = 0;
	for (size_t i = 0; i < c->path_count; i++) {
		const char *p = c->paths[i], *name, *slash;
		char *copy;

		if (n && (strncmp(p, dir, n) || p[n] != '/'))
			continue;
		name = p + skip;
		slash = strchr(name, '/');
		copy = specsync_strndup(name, slash ? (size_t)(slash - name) + 1 : strlen(name));
		if (!copy)
			return SPECSYNC_ENOMEM;
		if (*count && !strcmp((*out)[*count - 1], copy)) {
			free(copy);
			continue;
		}
		if (SPECSYNC_ARRAY_RESERVE(*out, alloc, *count + 1) < 0) {
			free(copy);
			return SPECSYNC_ENOMEM;
		}
		(*out)[(*count)++] = copy;
	}
	return 0;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* What directory dir[0..n) holds ("" the root), a few names. */
static int list_names(specsync_buf *b, const scope_ctx *c, const char *dir, size_t n)
{
	char **names = NULL;
	size_t count = 0;
	int error;

	if ((error = children(&names, &count, c, dir, n)) < 0)
		return error;
	if (!count)
		specsync_buf_puts(b, "the tree holds no file");
	else {
		specsync_buf_printf(b, "%s%.*s%s holds ", n ? "'" : "", (int)n, dir,
				    n ? "/'" : "the root");
		for (size_t i = 0; i < count && i < MAX_NAMES; i++)
			specsync_buf_printf(b, "%s%s", i ? ", " : "", names[i]);
		if (count > MAX_NAMES)
			specsync_buf_printf(b, " and %zu more", count - MAX_NAMES);
	}
	free_names(names, count);
	return 0;
}

/* The name under dir[0..n) closest to `wanted` (a directory ends with
 * '/'), or NULL; *out is malloc'ed. */
static int nearest_child(char **out, const scope_ctx *c, const char *dir, size_t n,
			 const char *wanted)
{
	char **names = NULL;
	const char *best;
	size_t count = 0;
	int error;

	*out = NULL;
	if ((error = children(&names, &count, c, dir, n)) < 0)
		return error;
	best = specsync_suggest(wanted, (const char *const *)names, count);
	if (best && !(*out = specsync_strdup(best)))
		error = SPECSYNC_ENOMEM;
	free_names(names, count);
	return error;
}

static bool wildcard(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strchr("*?[\\", p[i]))
			return true;
	return false;
}

static size_t count_matches(const scope_ctx *c, const char *glob)
{
	size_t n = 0;

	for (size_t i = 0; i < c->path_count; i++)
		n += specsync_glob_match_path(glob, c->paths[i]);
	return n;
}

/* The hint once the walk stopped at `rest` (a wildcard or nothing near):
 * the corrected glob when it matches files, else what `fixed` holds. */
static int corrected(specsync_buf *b, const scope_ctx *c, const char *fixed, size_t dir,
		     const char *rest, bool changed)
{
	char glob[1024];
	size_t n;

	snprintf(glob, sizeof(glob), "%.*s%s%s", (int)dir, fixed, dir ? "/" : "", rest);
	if (changed && (n = count_matches(c, glob)) > 0)
		return specsync_buf_printf(b, "did you mean '%s'? it matches %zu file%s", glob, n,
					   n == 1 ? "" : "s");
	return list_names(b, c, fixed, dir);
}

/* One step down the glob's literal directories: 1 to go on. */
static int step(specsync_buf *b, const scope_ctx *c, char *fixed, size_t *dir, const char *p,
		size_t n, bool last, bool *changed)
{
	char cand[1024], wanted[300];
	char *best = NULL;
	int error;

	snprintf(cand, sizeof(cand), "%.*s%s%.*s", (int)*dir, fixed, *dir ? "/" : "", (int)n, p);
	if (!last && is_dir(c, cand, strlen(cand))) {
		strcpy(fixed, cand);
		*dir = strlen(cand);
		return 1;
	}
	if (last && is_dir(c, cand, strlen(cand)))
		return specsync_buf_printf(b, "'%s' is a directory: '%s/**' matches the files in it",
					   cand, cand);
	if (last && *changed && count_matches(c, cand))
		return specsync_buf_printf(b, "did you mean '%s'?", cand);
	snprintf(wanted, sizeof(wanted), "%.*s%s", (int)n, p, last ? "" : "/");
	if ((error = nearest_child(&best, c, fixed, *dir, wanted)) < 0)
		return error;
	if (best && !last && best[strlen(best) - 1] == '/') {
		snprintf(cand, sizeof(cand), "%.*s%s%.*s", (int)*dir, fixed, *dir ? "/" : "",
			 (int)strlen(best) - 1, best);
		strcpy(fixed, cand);
		*dir = strlen(cand);
		*changed = true;
		free(best);
		return 1;
	}
	if (best)
		specsync_buf_printf(b, "nearest existing: '%.*s%s%s'", (int)*dir, fixed,
				    *dir ? "/" : "", best);
	else
		error = list_names(b, c, fixed, *dir);
	free(best);
	return error;
}

/*
 * Walks the glob's literal directories down from the root, replacing a
 * missing one by the nearest existing name: suggests the corrected glob,
 * or the nearest names, or what the deepest existing directory holds.
 */
static int glob_hint(specsync_buf *b, const scope_ctx *c, const char *glob)
{
	const char *p = glob + (*glob == '/');
	char fixed[1024] = "";
	size_t dir = 0; /* fixed[0..dir): an existing directory */
	bool changed = false;
	int go;

	if (strlen(p) >= sizeof(fixed) / 2)
		return list_names(b, c, "", 0);
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (wildcard(p, n))
			return corrected(b, c, fixed, dir, p, changed);
		if ((go = step(b, c, fixed, &dir, p, n, !slash, &changed)) <= 0)
			return go;
		p = slash + 1;
	}
}

static const char *config_path(const scope_ctx *c)
{
	return specsync_config_relative_path(c->cfg, specsync_repo_workdir(c->repo));
}

/* SPECSYNC_ECONFIG with the message in `b`, placed in the configuration. */
static int fail_with(const scope_ctx *c, const specsync_buf *b, unsigned line, unsigned column)
{
	if (b->failed)
		return SPECSYNC_ENOMEM;
	return specsync_fail_at(c->err, SPECSYNC_ECONFIG, config_path(c), line, column, "%s",
				b->ptr);
}

/* ---- sides that hold no file ----------------------------------------------------- */

/* "at HEAD", "in the index". */
static void at(char *out, size_t size, const specsync_scope_options *o)
{
	if (o->index)
		snprintf(out, size, "in the index");
	else
		snprintf(out, size, "at %s", o->rev ? o->rev : "HEAD");
}

static int side_message(specsync_buf *b, const scope_ctx *c, size_t s)
{
	const specsync_config_side *side = &c->cfg->sides[s];
	char place[300];
	int error = 0;

	at(place, sizeof(place), c->opts);
	specsync_buf_printf(b, "sides.%s: its paths match no file %s (%zu files looked at): ",
			    side->name, place, c->res->total);
	for (size_t i = 0; i < side->path_count && error >= 0; i++) {
		specsync_buf_printf(b, "%s'%s' (", i ? ", " : "", side->paths[i]);
		error = glob_hint(b, c, side->paths[i]);
		specsync_buf_putc(b, ')');
	}
	return error;
}

static int warn(scope_ctx *c, size_t s)
{
	specsync_scope *r = c->res;
	specsync_buf b = SPECSYNC_BUF_INIT;
	int error;

	if ((error = side_message(&b, c, s)) < 0)
		goto done;
	specsync_buf_puts(&b, c->cfg->sides[s].empty_ok
				      ? "; the side says empty_ok: true, nothing is checked on it"
				      : "; the repository has no commit yet");
	if (b.failed || SPECSYNC_ARRAY_RESERVE(r->warnings, r->warning_alloc, r->warning_count + 1) < 0) {
		error = SPECSYNC_ENOMEM;
		goto done;
	}
	r->warnings[r->warning_count++] = (specsync_scope_warning){s, specsync_buf_detach(&b)};
done:
	specsync_buf_dispose(&b);
	return error;
}

/* Every side that holds no file and does not say so is in the message,
 * placed at the first. */
static int empty_side_error(scope_ctx *c, size_t s)
{
	const specsync_config_side *side = &c->cfg->sides[s];
	specsync_buf b = SPECSYNC_BUF_INIT;
	int error = side_message(&b, c, s);

	for (size_t k = s + 1; k < c->cfg->side_count && error >= 0; k++)
		if (!c->res->side_files[k] && !c->cfg->sides[k].empty_ok) {
			specsync_buf_puts(&b, "; ");
			error = side_message(&b, c, k);
		}
	if (error < 0)
		goto done;
	specsync_buf_puts(&b, "; a side empty for now says so with empty_ok: true");
	error = fail_with(c, &b, side->line, side->column);
done:
	specsync_buf_dispose(&b);
	return error;
}

static int check_sides(scope_ctx *c)
{
	int error;

	for (size_t s = 0; s < c->cfg->side_count; s++) {
		if (c->res->side_files[s])
			continue;
		if (c->cfg->sides[s].empty_ok || c->first_commit)
			error = warn(c, s);
		else
			error = empty_side_error(c, s);
		if (error < 0)
			return error;
	}
	return 0;
}

/* ---- an ID pattern that matches nothing ------------------------------------------ */

/* 1 when `data` holds a requirement ID that is not ignored. */
static int holds_id(const scope_ctx *c, const char *data, size_t len)
{
	size_t offset = 0, start, end, next;
	int found;

	while ((found = specsync_regex_next(c->cfg->id, data, len, offset, &start, &end, &next,
					    c->err)) > 0) {
		char id[256];
		snprintf(id, sizeof(id), "%.*s", (int)(end - start), data + start);
		if (!specsync_config_ignored(c->cfg, id))
			return 1;
		offset = next;
	}
	if (found == SPECSYNC_EINPUT) {
		/* a match limit: the audit names the file and line, let it */
		specsync_error_clear(c->err);
		return 1;
	}
	return found;
}

/* Reads a side file's text: 0 with *data NULL when too big or binary, 1
 * when the blob is missing (a partial clone, which the audit reports). */
static int read_text(specsync_blob **blob, const char **data, size_t *len, const scope_ctx *c,
		     const side_file *f)
{
	specsync_parse_outcome outcome;
	uint64_t size;
	int error;

	*data = NULL;
	if ((error = specsync_parse_read(&outcome, &size, blob, data, len, c->repo, &f->blob,
					 c->cfg->max_file_size, c->err)) < 0) {
		if (error != SPECSYNC_ENOTFOUND)
			return error;
		specsync_error_clear(c->err);
		return 1;
	}
	if (outcome != SPECSYNC_PARSE_SECTIONS) {
		specsync_git_blob_free(*blob);
		*blob = NULL;
		*data = NULL;
	}
	return 0;
}

/* 1 when some side file holds a requirement (or, path attribution, is one),
 * or might: its blob is missing. */
static int any_requirement(const scope_ctx *c)
{
	int found = 0;

	for (size_t i = 0; i < c->file_count && !found; i++) {
		const side_file *f = &c->files[i];
		specsync_blob *blob;
		const char *data;
		size_t len;

		if (c->cfg->sides[f->side].attribution == SPECSYNC_ATTR_PATH &&
		    (found = holds_id(c, f->path, strlen(f->path))) != 0)
			break;
		if ((found = read_text(&blob, &data, &len, c, f)) != 0)
			break;
		if (data)
			found = holds_id(c, data, len);
		specsync_git_blob_free(blob);
	}
	return found;
}

/* init's scan of the side files' texts, for the ID families they hold. */
static int scan_ids(init_scan *s, const scope_ctx *c)
{
	int error = 0;

	for (size_t i = 0; i < c->file_count && error >= 0; i++) {
		specsync_blob *blob;
		const char *data;
		size_t len;
		init_file *f;

		if ((error = read_text(&blob, &data, &len, c, &c->files[i])) != 0 || !data) {
			error = error < 0 ? error : 0;
			continue;
		}
		if (SPECSYNC_ARRAY_RESERVE(s->files, s->file_alloc, s->file_count + 1) < 0)
			error = SPECSYNC_ENOMEM;
		else {
			f = &s->files[s->file_count++];
			memset(f, 0, sizeof(*f));
			f->blob = c->files[i].blob;
			f->side = INIT_NO_SIDE;
			f->doc = specsync_init_formats_doc(c->files[i].path, data, len, false);
			if (!(f->path = specsync_strdup(c->files[i].path)))
				error = SPECSYNC_ENOMEM;
			else
				error = specsync_init_ids_scan_file(s, f, data, len);
		}
		specsync_git_blob_free(blob);
	}
	return error;
}

/* The most frequent ID of a family, placeholders last. */
static const char *example_id(const init_family *f)
{
	const init_id *best = NULL;

	for (size_t k = 0; k < f->id_count; k++) {
		const init_id *id = &f->ids[k];
		if (!best || (best->placeholder && !id->placeholder) ||
		    (best->placeholder == id->placeholder && id->count > best->count))
			best = id;
	}
	return best ? best->text : "";
}

/* Appends the families by number of occurrences, and init's pattern. */
static int describe_families(specsync_buf *b, init_scan *s)
{
	bool used[64] = {false};
	size_t listed = 0;
	int error;

	for (; listed < MAX_FAMILIES; listed++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < s->family_count && i < 64; i++)
			if (!used[i] && s->families[i].count &&
			    (best == SIZE_MAX || s->families[i].count > s->families[best].count))
				best = i;
		if (best == SIZE_MAX)
			break;
		used[best] = true;
		specsync_buf_printf(b, "%s%s (%zu ID%s of this shape)", listed ? ", " : "",
				    example_id(&s->families[best]), s->families[best].id_count,
				    s->families[best].id_count == 1 ? "" : "s");
	}
	if (!listed)
		return specsync_buf_puts(b, "no ID-like token (such as REQ-001, FR-12 or "
					    "req~name~1) is in them");
	for (size_t i = 0; i < s->file_count; i++)
		s->files[i].side = 0;
	if ((error = specsync_init_ids_choose(s)) < 0)
		return error;
	for (size_t i = 0; i < s->family_count; i++)
		if (s->families[i].chosen)
			return specsync_buf_printf(b, "; a pattern for them: '%s'", s->pattern);
	return 0;
}

static int suggest_ids(specsync_buf *b, const scope_ctx *c)
{
	init_scan s;
	int error;

	memset(&s, 0, sizeof(s));
	s.repo = c->repo;
	s.err = c->err;
	specsync_buf_puts(b, "; IDs found there: ");
	if ((error = scan_ids(&s, c)) >= 0 && (error = specsync_init_ids_choose(&s)) >= 0)
		error = describe_families(b, &s);
	specsync_init_scan_dispose(&s);
	return error;
}

static int pattern_error(const scope_ctx *c)
{
	const specsync_config *cfg = c->cfg;
	specsync_buf b = SPECSYNC_BUF_INIT;
	char place[300];
	int error;

	at(place, sizeof(place), c->opts);
	specsync_buf_printf(&b,
			    "requirements.id: the pattern '%s' matches no requirement in the %zu "
			    "file%s of the sides %s (",
			    specsync_regex_pattern(cfg->id), c->file_count,
			    c->file_count == 1 ? "" : "s", place);
	for (size_t s = 0; s < cfg->side_count; s++)
		specsync_buf_printf(&b, "%s%s %zu", s ? ", " : "", cfg->sides[s].name,
				    c->res->side_files[s]);
	specsync_buf_putc(&b, ')');
	if ((error = suggest_ids(&b, c)) >= 0)
		error = fail_with(c, &b, cfg->id_line, cfg->id_column);
	specsync_buf_dispose(&b);
	return error;
}

/* ---- public ------------------------------------------------------------------------ */

static int run(scope_ctx *c)
{
	int error, found;

	if ((error = list_files(c)) < 0 || (error = check_sides(c)) < 0)
		return error;
	if (!c->file_count)
		return 0; /* every side is empty, and says so */
	if ((found = any_requirement(c)) < 0)
		return found;
	return found ? 0 : pattern_error(c);
}

int specsync_scope_check(specsync_scope **out, specsync_repo *repo, const specsync_config *cfg,
			 const specsync_scope_options *opts, specsync_error *err)
{
	specsync_scope_options defaults = SPECSYNC_SCOPE_OPTIONS_INIT;
	scope_ctx c = {repo, cfg, opts ? opts : &defaults, err, false, NULL, false,
		       NULL, 0, 0, NULL, 0, 0};
	int error;

	c.first_commit = c.opts->index && specsync_git_head_unborn(repo);
	*out = NULL;
	if (!(c.res = specsync_calloc(1, sizeof(*c.res))) ||
	    !(c.res->side_files = specsync_calloc(cfg->side_count, sizeof(size_t))))
		error = SPECSYNC_ENOMEM;
	else
		error = run(&c);
	if (error == SPECSYNC_ENOMEM)
		specsync_fail(err, error, "out of memory checking the configuration's scope");
	for (size_t i = 0; i < c.path_count; i++)
		free(c.paths[i]);
	free(c.paths);
	for (size_t i = 0; i < c.file_count; i++)
		free(c.files[i].path);
	free(c.files);
	if (error < 0) {
		specsync_scope_free(c.res);
		return error;
	}
	*out = c.res;
	return 0;
}

const specsync_scope_warning *specsync_scope_warnings(const specsync_scope *scope, size_t *count)
{
	*count = scope ? scope->warning_count : 0;
	return scope ? scope->warnings : NULL;
}

size_t specsync_scope_files(const specsync_scope *scope)
{
	return scope ? scope->total : 0;
}

size_t specsync_scope_side_files(const specsync_scope *scope, size_t side)
{
	return scope ? scope->side_files[side] : 0;
}

void specsync_scope_free(specsync_scope *scope)
{
	if (!scope)
		return;
	for (size_t i = 0; i < scope->warning_count; i++)
		free((char *)scope->warnings[i].message);
	free(scope->warnings);
	free(scope->side_files);
	free(scope);
}
