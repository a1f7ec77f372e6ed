/*
 * CODEOWNERS from the RACI: each side's paths owned by its Responsible
 * members, then the files whose requirements fall under RACI scopes with
 * other Responsible members. The platforms apply the last matching rule
 * (within a GitLab section), so the file rules come after the side rules.
 */
#include "codeowners.h"

#include <stdio.h>
#include <string.h>

#include "common.h"
#include "config.h"
#include "result.h"

/* ---- owners --------------------------------------------------------------- */

/* Owners as one string: " owner owner ...", each once, in role order. */
static void add_owner(specsync_buf *out, const specsync_config *cfg, const specsync_person *p)
{
	const char *h = p->email ? specsync_config_handle(cfg, p->email) : NULL;
	const char *o = h ? h : p->email;
	size_t len;
	const char *at;

	if (!o || !*o)
		return; /* a name without an e-mail cannot own a file */
	len = strlen(o);
	for (at = out->ptr; at && (at = strstr(at, o)) != NULL; at += len)
		if (at[-1] == ' ' && (at[len] == ' ' || at[len] == '\0'))
			return;
	specsync_buf_putc(out, ' ');
	specsync_buf_puts(out, o);
}

static void add_cell_owners(specsync_buf *out, const specsync_config *cfg,
			    const specsync_raci_cell *cell)
{
	if (!cell || !cell->present)
		return;
	for (size_t i = 0; i < cell->counts[SPECSYNC_RACI_RESPONSIBLE]; i++) {
		const specsync_config_role *r =
			&cfg->roles[cell->letters[SPECSYNC_RACI_RESPONSIBLE][i]];
		for (size_t m = 0; m < r->member_count; m++)
			add_owner(out, cfg, &r->members[m]);
	}
}

/* The owners of a side's paths: the Responsible of the last entry whose
 * scope is "*" (what applies to any ID), else of every entry. */
static void side_owners(specsync_buf *out, const specsync_config *cfg, size_t side)
{
	for (size_t i = cfg->raci_count; i-- > 0;)
		if (!strcmp(cfg->raci[i].scope, "*")) {
			add_cell_owners(out, cfg, &cfg->raci[i].cells[side]);
			return;
		}
	for (size_t i = 0; i < cfg->raci_count; i++)
		add_cell_owners(out, cfg, &cfg->raci[i].cells[side]);
}

/* ---- the file ------------------------------------------------------------- */

static void pattern(specsync_buf *out, const char *glob)
{
	specsync_buf_putc(out, '/');
	for (const char *s = glob[0] == '/' ? glob + 1 : glob; *s; s++) {
		if (*s == ' ' || *s == '#')
			specsync_buf_putc(out, '\\');
		specsync_buf_putc(out, *s);
	}
}

static void rule(specsync_buf *out, const char *glob, const specsync_buf *owners)
{
	pattern(out, glob);
	if (owners->size)
		specsync_buf_put(out, owners->ptr, owners->size);
	else
		specsync_buf_puts(out, " # no Responsible member with an e-mail or a handle");
	specsync_buf_putc(out, '\n');
}

typedef struct file_owners {
	const char *path;
	specsync_buf owners;
} file_owners;

static int path_cmp(const void *a, const void *b)
{
	return strcmp(((const file_owners *)a)->path, ((const file_owners *)b)->path);
}

/* Every file of `side` holding a requirement at the revision, with the
 * Responsible members of the scopes of its requirements. */
static int collect_files(file_owners **out, size_t *count, const specsync_result *r, size_t side)
{
	const specsync_config *cfg = r->cfg;
	file_owners *files = NULL;
	size_t n = 0, alloc = 0;

	for (size_t q = 0; q < r->requirement_count; q++) {
		const specsync_requirement *req = &r->requirements[q];
		const specsync_raci_entry *e = specsync_config_raci_for(cfg, req->id);
		for (size_t l = 0; l < req->location_counts[side]; l++) {
			const char *path = req->locations[side][l].path;
			size_t f = 0;
			while (f < n && strcmp(files[f].path, path))
				f++;
			if (f == n) {
				if (SPECSYNC_ARRAY_RESERVE(files, alloc, n + 1) < 0)
					goto oom;
				files[n].path = path;
				memset(&files[n].owners, 0, sizeof(files[n].owners));
				n++;
			}
			if (e)
				add_cell_owners(&files[f].owners, cfg, &e->cells[side]);
		}
	}
	if (n)
		qsort(files, n, sizeof(*files), path_cmp);
	*out = files;
	*count = n;
	return 0;
oom:
	for (size_t i = 0; i < n; i++)
		specsync_buf_dispose(&files[i].owners);
	free(files);
	return SPECSYNC_ENOMEM;
}

static int side_rules(specsync_buf *out, const specsync_result *r, size_t side,
		      specsync_codeowners_format format)
{
	const specsync_config *cfg = r->cfg;
	const specsync_config_side *s = &cfg->sides[side];
	specsync_buf owners = SPECSYNC_BUF_INIT;
	file_owners *files = NULL;
	size_t n = 0, shown = 0;
	int error;

	if (format == SPECSYNC_CODEOWNERS_GITLAB)
		specsync_buf_printf(out, "\n[%s]\n", s->name);
	else
		specsync_buf_printf(out, "\n# the %s side: its Responsible members\n", s->name);
	side_owners(&owners, cfg, side);
	for (size_t p = 0; p < s->path_count; p++)
		rule(out, s->paths[p], &owners);
	if ((error = collect_files(&files, &n, r, side)) < 0)
		goto done;
	for (size_t f = 0; f < n; f++) {
		if (files[f].owners.size == owners.size &&
		    (!owners.size || !memcmp(files[f].owners.ptr, owners.ptr, owners.size)))
			continue;
		if (!shown++)
			specsync_buf_printf(out,
					    "# files of the %s side holding requirements of other "
					    "RACI scopes\n",
					    s->name);
		rule(out, files[f].path, &files[f].owners);
	}
done:
	for (size_t f = 0; f < n; f++)
		specsync_buf_dispose(&files[f].owners);
	free(files);
	specsync_buf_dispose(&owners);
	return error;
}

int specsync_codeowners(specsync_buf *out, const specsync_result *r,
			specsync_codeowners_format format)
{
	int error = 0;

	specsync_buf_puts(out,
			  "# CODEOWNERS generated by `specsync codeowners` from the RACI of "
			  ".specsync.yml:\n"
			  "# each side's files are owned by its Responsible members, and files "
			  "holding\n"
			  "# requirements of another RACI scope by that scope's. Regenerate it "
			  "rather\n"
			  "# than edit it: `specsync codeowners --check` fails when they "
			  "disagree.\n");
	for (size_t s = 0; s < r->cfg->side_count && !error; s++)
		error = side_rules(out, r, s, format);
	if (error)
		return error;
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

/* ---- comparing -------------------------------------------------------------- */

/* The next rule of `text` from *pos: blanks collapsed, comments (a '#'
 * not escaped) dropped, blank lines skipped; false at the end. */
static bool next_rule(specsync_buf *line, const char **pos)
{
	const char *s = *pos;

	while (*s) {
		const char *end = s + strcspn(s, "\n");
		bool blank = true;
		specsync_buf_clear(line);
		for (const char *c = s; c < end; c++) {
			if (*c == '#' && (c == s || c[-1] != '\\'))
				break;
			if (*c == ' ' || *c == '\t' || *c == '\r') {
				blank = true;
				continue;
			}
			if (blank && line->size)
				specsync_buf_putc(line, ' ');
			blank = false;
			specsync_buf_putc(line, *c);
		}
		s = *end ? end + 1 : end;
		if (line->size) {
			*pos = s;
			return true;
		}
	}
	*pos = s;
	return false;
}

static size_t count_rules(const char *text)
{
	specsync_buf line = SPECSYNC_BUF_INIT;
	size_t n = 0;

	while (next_rule(&line, &text))
		n++;
	specsync_buf_dispose(&line);
	return n;
}

int specsync_codeowners_diff(specsync_buf *diff, const char *expected, const char *actual)
{
	specsync_buf a = SPECSYNC_BUF_INIT, b = SPECSYNC_BUF_INIT;
	const char *pa = expected, *pb = actual;
	size_t n = 0, ne = count_rules(expected), na = count_rules(actual);
	bool more_a, more_b;

	for (;;) {
		more_a = next_rule(&a, &pa);
		more_b = next_rule(&b, &pb);
		if (!more_a && !more_b)
			break;
		if (more_a && more_b && a.size == b.size && !memcmp(a.ptr, b.ptr, a.size))
			continue;
		n++;
		if (more_a)
			specsync_buf_printf(diff, "-%s\n", a.ptr);
		if (more_b)
			specsync_buf_printf(diff, "+%s\n", b.ptr);
	}
	if (ne != na)
		specsync_buf_printf(diff, "(%zu rules expected, %zu found)\n", ne, na);
	specsync_buf_dispose(&a);
	specsync_buf_dispose(&b);
	return diff->failed ? SPECSYNC_ENOMEM : (int)(n > 0x7fffffff ? 0x7fffffff : n);
}

const char *const *specsync_codeowners_paths(specsync_codeowners_format format, size_t *count)
{
	/* in the order each platform looks for the file */
	static const char *const github[] = {".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"};
	static const char *const gitlab[] = {"CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"};

	*count = 3;
	return format == SPECSYNC_CODEOWNERS_GITLAB ? gitlab : github;
}
