/*
 * specsync init: the two sides.
 *
 * Only files that hold requirement IDs are given a side. Each leans
 * functional or technical by the words of its path, read from the file
 * name up (the deepest component that says something decides):
 * functional, business, requirements, system, product, user, stakeholder,
 * feature ... against technical, design, architecture, software, adr,
 * implementation, source, low-level ... A Doorstop document leans by its
 * place in the document tree (a root document is functional, a child one
 * technical), an OpenFastTrace file by the artefact types it defines
 * (feat, req against dsn, impl, utest ...). A file whose path says nothing
 * goes to the side it behaves like: mostly defining IDs, functional; mostly
 * mentioning IDs defined elsewhere, technical.
 *
 * Globs: a directory's files of one extension become "dir/(two stars)/
 * (star).ext" at the highest directory (never the root) whose files of that
 * extension are all on this side or hold no requirement, at least half of
 * them holding some; else "dir/(star).ext" under the same rule; else the
 * file's own path. So a glob never takes a whole tree that holds no IDs, and two
 * sides' globs never match one file.
 */
#include "init.h"

#include "common.h"
#include "glob.h"

#include <ctype.h>

/* clang-format off */
static const char *const functional_words[] = {
	"functional", "function", "business", "requirement", "requirements", "req", "reqs",
	"system", "sys", "srs", "syrs", "product", "prd", "stakeholder", "stakeholders",
	"usecase", "usecases", "feature", "features", "feat", "brd", "frd", "mrd", "epic",
	"epics", "stories", "story", "high", "l1", "l2", "hlr", "needs", "scenario",
	"scenarios", "amoa", "moa", "fonctionnel", "fonctionnelle", "metier",
};

static const char *const technical_words[] = {
	"technical", "tech", "design", "designs", "architecture", "arch", "software", "sw",
	"swdd", "swrs", "sdd", "adr", "adrs", "decisions", "impl", "implementation", "src",
	"source", "lib", "code", "engineering", "dev", "developer", "internals", "l3", "l4",
	"llr", "low", "hld", "lld", "detailed", "dsn", "utest", "itest", "test", "tests",
	"amoe", "moe", "technique", "conception", "api", "backend", "frontend", "infra",
	"infrastructure", "platform", "component", "components", "module", "modules",
	"interface", "interfaces",
};
/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

/* Functional minus technical words of one path component. */
static int component_lean(const char *p, size_t n)
{
	char word[64];
	size_t w = 0;
	int lean = 0;

	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? p[i] : '.';
		if (isalnum((unsigned char)c) && w < sizeof(word) - 1) {
			word[w++] = (char)tolower((unsigned char)c);
			continue;
		}
		word[w] = '\0';
		if (w && in_list(word, functional_words, COUNT(functional_words)))
			lean++;
		if (w && in_list(word, technical_words, COUNT(technical_words)))
			lean--;
		w = 0;
	}
	return lean;
}

static int path_lean(const char *path)
{
	const char *end = path + strlen(path);

	while (end > path) {
		const char *start = end;
		int lean;

		while (start > path && start[-1] != '/')
			start--;
		if ((lean = component_lean(start, (size_t)(end - start))) != 0)
			return lean;
		end = start > path ? start - 1 : path;
	}
	return 0;
}

/* OpenFastTrace artefact types of the items a file defines. */
static int type_lean(const init_scan *s, const init_file *f)
{
	int lean = 0;

	for (size_t i = 0; i < f->occ_count; i++) {
		const init_family *fam = &s->families[f->occs[i].family];
		if (!f->occs[i].defines || fam->shape != INIT_SHAPE_TILDE)
			continue;
		lean += component_lean(fam->prefix, strlen(fam->prefix)) > 0 ? 1 : -1;
	}
	return lean;
}

static int doorstop_lean(const init_scan *s, const init_file *f)
{
	const char *slash = strrchr(f->path, '/');
	size_t n = slash ? (size_t)(slash - f->path) : 0;

	for (size_t i = 0; i < s->doorstop_count; i++)
		if (strlen(s->doorstop_dirs[i]) == n &&
		    memcmp(s->doorstop_dirs[i], f->path, n) == 0)
			return s->doorstop_child[i] ? -1 : 1;
	return 0;
}

static void count_file(const init_scan *s, init_file *f, bool candidates)
{
	f->req_ids = f->req_defs = 0;
	for (size_t k = 0; k < f->occ_count; k++) {
		const init_occ *o = &f->occs[k];
		const init_family *fam = &s->families[o->family];
		bool counts = candidates ? fam->candidate && !fam->ids[o->id].ignored
					 : specsync_init_ids_counts(s, o);
		if (!counts)
			continue;
		f->req_ids++;
		f->req_defs += o->defines;
	}
}

static void classify(init_scan *s, init_file *f)
{
	int lean = 0;

	if (f->doc == INIT_DOC_DOORSTOP)
		lean = doorstop_lean(s, f);
	if (!lean)
		lean = path_lean(f->path);
	f->named = lean != 0;
	if (!lean)
		lean = type_lean(s, f);
	/* code implements: whatever its directories say, it is technical */
	if (f->doc == INIT_DOC_CODE)
		lean = -1;
	f->lean = lean;
	if (lean)
		f->side = lean > 0 ? 0 : 1;
	else
		f->side = f->req_defs * 2 >= f->req_ids ? 0 : 1;
}

/* ---- globs ---------------------------------------------------------------- */

static const char *ext_of(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : NULL;
}

static void put_escaped(specsync_buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr("*?[]\\", p[i]))
			specsync_buf_putc(b, '\\');
		specsync_buf_putc(b, p[i]);
	}
}

/* Files under dir/ (any depth when `deep`, else directly) with extension
 * ext: may a glob of `side` take them all? */
static bool dir_ok(const init_scan *s, const char *dir, size_t dn, const char *ext, int side,
		   bool deep, bool code)
{
	size_t mine = 0, total = 0;

	for (size_t i = 0; i < s->file_count; i++) {
		const init_file *f = &s->files[i];
		const char *fe = ext_of(f->path), *rest;

		if (!fe || strcmp(fe, ext) != 0)
			continue;
		if (dn && (strncmp(f->path, dir, dn) != 0 || f->path[dn] != '/'))
			continue;
		rest = dn ? f->path + dn + 1 : f->path;
		if (!deep && strchr(rest, '/'))
			continue;
		total++;
		if (f->side == side)
			mine++;
		else if (f->side >= 0 || f->req_ids)
			return false;
	}
	/* code: a source tree is one whole, even where few files carry IDs */
	return mine && (code ? mine * 10 >= total : mine * 2 >= total);
}

static int add_glob(init_side_info *si, specsync_buf *b)
{
	if (b->failed ||
	    SPECSYNC_ARRAY_RESERVE(si->globs, si->glob_alloc, si->glob_count + 1) < 0) {
		specsync_buf_dispose(b);
		return SPECSYNC_ENOMEM;
	}
	si->globs[si->glob_count++] = specsync_buf_detach(b);
	return 0;
}

static bool covered(const init_side_info *si, const char *path)
{
	for (size_t i = 0; i < si->glob_count; i++)
		if (specsync_glob_match_path(si->globs[i], path))
			return true;
	return false;
}

static int glob_for(init_scan *s, const init_file *f)
{
	init_side_info *si = &s->sides[f->side];
	const char *ext = ext_of(f->path), *slash = strrchr(f->path, '/');
	size_t dn = slash ? (size_t)(slash - f->path) : 0, best = 0;
	bool code = f->doc == INIT_DOC_CODE;
	specsync_buf b = SPECSYNC_BUF_INIT;

	/* climb while the directory above still qualifies */
	for (size_t n = dn; ext && n > 0;) {
		if (!dir_ok(s, f->path, n, ext, f->side, true, code))
			break;
		best = n;
		while (n > 0 && f->path[n - 1] != '/')
			n--;
		n = n > 0 ? n - 1 : 0;
	}
	if (best) {
		put_escaped(&b, f->path, best);
		specsync_buf_puts(&b, "/**/*.");
		put_escaped(&b, ext, strlen(ext));
	} else if (ext && dn && dir_ok(s, f->path, dn, ext, f->side, false, code)) {
		put_escaped(&b, f->path, dn);
		specsync_buf_putc(&b, '/');
		specsync_buf_puts(&b, "*.");
		put_escaped(&b, ext, strlen(ext));
	} else {
		put_escaped(&b, f->path, strlen(f->path));
	}
	return add_glob(si, &b);
}

/* A deeper glob that a later, higher one covers is dropped. */
static void drop_covered(init_side_info *si)
{
	size_t w = 0;

	for (size_t i = 0; i < si->glob_count; i++) {
		bool dup = false;
		for (size_t k = 0; k < si->glob_count && !dup; k++)
			dup = k != i && si->globs[k] &&
			      strlen(si->globs[k]) < strlen(si->globs[i]) &&
			      strstr(si->globs[k], "/**/") &&
			      specsync_glob_match_path(si->globs[k], si->globs[i]);
		if (dup) {
			free(si->globs[i]);
			si->globs[i] = NULL;
			continue;
		}
		si->globs[w++] = si->globs[i];
	}
	si->glob_count = w;
}

static int make_globs(init_scan *s)
{
	int error;

	for (size_t i = 0; i < s->file_count; i++) {
		const init_file *f = &s->files[i];
		if (f->side < 0 || covered(&s->sides[f->side], f->path))
			continue;
		if ((error = glob_for(s, f)) < 0)
			return error;
	}
	for (int side = 0; side < INIT_SIDES; side++)
		drop_covered(&s->sides[side]);
	return 0;
}

int specsync_init_sides_for_path(const init_scan *s, const char *path)
{
	for (int side = 0; side < INIT_SIDES; side++)
		if (covered(&s->sides[side], path))
			return side;
	return INIT_NO_SIDE;
}

/* ---- the two passes -------------------------------------------------------- */

static int one_sided(init_scan *s, int empty)
{
	const char *sample = NULL;
	size_t n = 0;

	for (size_t i = 0; i < s->file_count; i++)
		if (s->files[i].side >= 0) {
			n++;
			sample = sample ? sample : s->files[i].path;
		}
	return specsync_fail(s->err, SPECSYNC_EINPUT,
			     "every file holding requirement IDs looks like one side: %zu file%s "
			     "(%s%s) and none for the %s side; specsync compares two sides, so "
			     "write `sides:` by hand (see man 5 specsync.yml)",
			     n, n == 1 ? "" : "s", sample ? sample : "", n > 1 ? ", ..." : "",
			     s->sides[empty].name);
}

/* When one side got nothing, files that only mention IDs go technical. */
static void rebalance(init_scan *s)
{
	size_t count[INIT_SIDES] = {0, 0};

	for (size_t i = 0; i < s->file_count; i++)
		if (s->files[i].side >= 0)
			count[s->files[i].side]++;
	if (count[1] || !count[0])
		return;
	for (size_t i = 0; i < s->file_count; i++) {
		init_file *f = &s->files[i];
		if (f->side == 0 && !f->req_defs)
			f->side = 1;
	}
}

/*
 * First call (candidates known, nothing chosen): gives every file holding
 * a candidate ID a side. Second call (families chosen): drops the files
 * that hold no chosen ID and checks that both sides have some.
 */
int specsync_init_sides_choose(init_scan *s)
{
	bool chosen = s->pattern != NULL;
	size_t count[INIT_SIDES] = {0, 0};

	for (size_t i = 0; i < s->file_count; i++) {
		init_file *f = &s->files[i];
		count_file(s, f, !chosen);
		if (f->excluded || !f->req_ids) {
			f->side = INIT_NO_SIDE;
			continue;
		}
		if (!chosen)
			classify(s, f);
	}
	rebalance(s);
	if (!chosen)
		return 0;
	for (size_t i = 0; i < s->file_count; i++)
		if (s->files[i].side >= 0)
			count[s->files[i].side]++;
	for (int side = 0; side < INIT_SIDES; side++)
		if (!count[side])
			return one_sided(s, side);
	return 0;
}

int specsync_init_sides_drop(init_scan *s, const char *path)
{
	size_t left = 0;

	for (size_t i = 0; i < s->file_count; i++)
		if (s->files[i].side == 0 && strcmp(s->files[i].path, path) == 0)
			s->files[i].side = INIT_NO_SIDE;
	for (size_t i = 0; i < s->file_count; i++)
		left += s->files[i].side == 0;
	return left ? 0 : one_sided(s, 0);
}

int specsync_init_sides_globs(init_scan *s)
{
	for (int side = 0; side < INIT_SIDES; side++) {
		init_side_info *si = &s->sides[side];
		for (size_t i = 0; i < si->glob_count; i++)
			free(si->globs[i]);
		si->glob_count = 0;
	}
	return make_globs(s);
}
