/*
 * specsync init: the public API and the driver of the stages (see init.h).
 *
 * Files read: the regular files tracked at the revision, up to 4 MiB each,
 * that have no NUL byte in their first 8000 bytes. `.specsync.yml` itself is
 * not read. Not given a side, though read: files under hidden directories
 * (.github, ...), vendored trees (node_modules, vendor, third_party, ...),
 * changelogs and release notes, files under test directories (tests,
 * test, testdata, fixtures, testutil: test data and test code, whose IDs are
 * mostly fixtures rather than traces; a project tracing tests adds them by
 * hand), test code by its file name (FooTest.java, test_foo.py,
 * foo_test.go, foo.test.ts, foo.spec.js) and logs (*.log).
 */
#include "init.h"

#include "common.h"
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

#define MAX_TEXT_FILE (4u * 1024u * 1024u)
#define BINARY_PROBE 8000
#define DEFAULT_MAX_COMMITS 20000

struct specsync_init_result {
	init_scan scan;
	char *yaml;
	size_t yaml_len;
	specsync_init_side sides[INIT_SIDES];
	specsync_init_person *people[INIT_SIDES];
};

int specsync_init_review(init_scan *s, const char *fmt, ...)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	va_list ap;
	char tmp[1024];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	specsync_buf_puts(&b, tmp);
	if (b.failed ||
	    SPECSYNC_ARRAY_RESERVE(s->review, s->review_alloc, s->review_count + 1) < 0) {
		specsync_buf_dispose(&b);
		return SPECSYNC_ENOMEM;
	}
	s->review[s->review_count++] = specsync_buf_detach(&b);
	return 0;
}

/* ---- which files ---------------------------------------------------------------- */

static const char *const vendor_dirs[] = {"node_modules", "vendor",   "third_party",  "thirdparty",
					  "3rdparty",     "external", "site-packages"};
static const char *const test_dirs[] = {"test",     "tests",     "testdata",  "test-data",
					"fixtures", "__tests__", "testing",   "testutil",
					"testutils", "test-utils", "test_utils"};
/* Test code by its file name: FooTest.java, foo_test.go, test_foo.py,
 * foo.test.ts, foo.spec.js. */
static const char *const test_suffixes[] = {"Test", "Tests", "_test", "_tests", "-test"};
static const char *const changelog_names[] = {"changelog",    "changes",       "news",
					      "history",      "release-notes", "release_notes",
					      "releasenotes", "releases"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool component_in(const char *p, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && strncasecmp(p, list[i], n) == 0)
			return true;
	return false;
}

static bool test_file(const char *name, size_t n)
{
	const char *dot = memchr(name, '.', n);
	size_t stem = dot && dot != name ? (size_t)(dot - name) : n;

	if (n >= 4 && !strcmp(name + n - 4, ".log"))
		return true; /* a test run's output */
	if (!dot || (n >= 3 && !strcmp(name + n - 3, ".md")))
		return false; /* documents keep their names */
	if (!strncmp(name, "test_", 5) || strstr(name, ".test.") || strstr(name, ".spec."))
		return true;
	for (size_t i = 0; i < COUNT(test_suffixes); i++) {
		size_t k = strlen(test_suffixes[i]);
		if (stem > k && !strncmp(name + stem - k, test_suffixes[i], k))
			return true;
	}
	return false;
}

/* Hidden, vendored, test directories and test code files; changelogs (by
 * name without extension, or a directory so named). */
static bool excluded(const char *path)
{
	const char *p = path;

	while (*p) {
		const char *slash = strchr(p, '/'), *end = slash ? slash : p + strlen(p);
		size_t n = (size_t)(end - p), stem = n;
		const char *dot = memchr(p, '.', n);

		if (dot && dot != p)
			stem = (size_t)(dot - p);
		if ((*p == '.' && slash) || component_in(p, n, vendor_dirs, COUNT(vendor_dirs)) ||
		    component_in(p, stem, changelog_names, COUNT(changelog_names)))
			return true;
		if (slash && component_in(p, n, test_dirs, COUNT(test_dirs)))
			return true;
		if (!slash)
			return test_file(p, n);
		p = slash + 1;
	}
	return false;
}

typedef struct lister {
	init_scan *s;
} lister;

static int add_doorstop(init_scan *s, const char *path, const specsync_oid *id)
{
	const char *slash = strrchr(path, '/');
	specsync_blob *blob = NULL;
	const char *data;
	size_t len;
	int error;

	if (SPECSYNC_ARRAY_RESERVE(s->doorstop_dirs, s->doorstop_alloc, s->doorstop_count + 1) <
		    0 ||
	    !(s->doorstop_child =
		      specsync_reallocarray(s->doorstop_child, s->doorstop_alloc, sizeof(bool))))
		return specsync_fail(s->err, SPECSYNC_ENOMEM, "out of memory");
	if (!(s->doorstop_dirs[s->doorstop_count] =
		      specsync_strndup(path, slash ? (size_t)(slash - path) : 0)))
		return specsync_fail(s->err, SPECSYNC_ENOMEM, "out of memory");
	s->doorstop_child[s->doorstop_count] = false;
	if ((error = specsync_git_blob(&blob, &data, &len, s->repo, id, s->err)) < 0)
		return error;
	/* "  parent: REQ" under settings: a child document */
	for (const char *p = data; p && p < data + len;) {
		const char *nl = memchr(p, '\n', (size_t)(data + len - p));
		const char *t = p;
		while (t < data + len && *t == ' ')
			t++;
		if ((size_t)(data + len - t) > 7 && memcmp(t, "parent:", 7) == 0) {
			const char *v = t + 7;
			while (v < data + len && *v == ' ')
				v++;
			s->doorstop_child[s->doorstop_count] =
				v < data + len && *v != '\n' && *v != '\r' && *v != '#';
		}
		p = nl ? nl + 1 : NULL;
	}
	specsync_git_blob_free(blob);
	s->doorstop_count++;
	return 0;
}

static int list_file(const specsync_tree_change *c, void *payload)
{
	lister *l = payload;
	init_scan *s = l->s;
	const char *base = strrchr(c->path, '/');
	init_file *f;

	base = base ? base + 1 : c->path;
	if (!c->new_id)
		return 0;
	if (!c->new_regular) {
		s->skipped++;
		return 0;
	}
	if (strcmp(base, ".doorstop.yml") == 0)
		return add_doorstop(s, c->path, c->new_id);
	if (strcmp(c->path, ".specsync.yml") == 0)
		return 0;
	if (SPECSYNC_ARRAY_RESERVE(s->files, s->file_alloc, s->file_count + 1) < 0)
		return specsync_fail(s->err, SPECSYNC_ENOMEM, "out of memory");
	f = &s->files[s->file_count];
	memset(f, 0, sizeof(*f));
	f->side = INIT_NO_SIDE;
	f->blob = *c->new_id;
	if (!(f->path = specsync_strdup(c->path)))
		return specsync_fail(s->err, SPECSYNC_ENOMEM, "out of memory");
	s->file_count++;
	return 0;
}

static bool in_doorstop_dir(const init_scan *s, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	for (size_t i = 0; i < s->doorstop_count; i++)
		if (strlen(s->doorstop_dirs[i]) == n && strncmp(s->doorstop_dirs[i], path, n) == 0)
			return true;
	return false;
}

static int read_file(init_scan *s, init_file *f)
{
	specsync_blob *blob = NULL;
	const char *data;
	uint64_t size;
	size_t len;
	int error;

	if ((error = specsync_git_blob_size(&size, s->repo, &f->blob, s->err)) < 0) {
		if (error != SPECSYNC_ENOTFOUND)
			return error;
		/* a partial clone, or a mirror without its largest files */
		specsync_error_clear(s->err);
		s->missing++;
		f->excluded = true;
		return 0;
	}
	if (size > MAX_TEXT_FILE) {
		s->skipped++;
		f->excluded = true;
		return 0;
	}
	if ((error = specsync_git_blob(&blob, &data, &len, s->repo, &f->blob, s->err)) < 0)
		return error;
	if (memchr(data, '\0', len < BINARY_PROBE ? len : BINARY_PROBE)) {
		s->skipped++;
		f->excluded = true;
		goto done;
	}
	s->text_files++;
	f->doc = specsync_init_formats_doc(f->path, data, len, in_doorstop_dir(s, f->path));
	f->excluded = excluded(f->path);
	if ((error = specsync_init_ids_scan_file(s, f, data, len)) < 0 ||
	    (error = specsync_init_formats_scan_file(s, f, data, len)) < 0)
		error = specsync_fail(s->err, SPECSYNC_ENOMEM, "out of memory reading %s", f->path);
done:
	specsync_git_blob_free(blob);
	return error;
}

static int list_files(init_scan *s)
{
	specsync_oid tree;
	lister l = {s};
	int error;

	if ((error = specsync_git_commit_tree(&tree, s->repo, &s->head, s->err)) < 0 ||
	    (error = specsync_git_diff_trees(s->repo, NULL, &tree, NULL, list_file, &l, s->err)) <
		    0)
		return error;
	for (size_t i = 0; i < s->file_count; i++)
		if ((error = read_file(s, &s->files[i])) < 0)
			return error;
	return 0;
}

/* ---- stages ------------------------------------------------------------------ */

static int no_ids(init_scan *s)
{
	return specsync_fail(s->err, SPECSYNC_EINPUT,
			     "no requirement IDs found in the %zu tracked text files at %.12s "
			     "(looked for IDs such as REQ-INV-001, REQ_12, REQ001, req~name~1 or "
			     "wf__name, defined in headings, ID fields or lines of their own); "
			     "write .specsync.yml by hand (see man 5 specsync.yml)",
			     s->text_files, s->head_hex);
}

static void side_stats(init_scan *s)
{
	for (int side = 0; side < INIT_SIDES; side++) {
		init_side_info *si = &s->sides[side];
		si->files = si->ids = si->defs = si->distinct = 0;
	}
	for (size_t fi = 0; fi < s->family_count; fi++)
		for (size_t k = 0; k < s->families[fi].id_count; k++)
			s->families[fi].ids[k].side_seen = s->families[fi].ids[k].side_defs = 0;
	for (size_t i = 0; i < s->file_count; i++) {
		const init_file *f = &s->files[i];
		if (f->side < 0)
			continue;
		s->sides[f->side].files++;
		s->sides[f->side].ids += f->req_ids;
		for (size_t o = 0; o < f->occ_count; o++) {
			init_id *id = &s->families[f->occs[o].family].ids[f->occs[o].id];
			id->side_seen |= (unsigned char)(1u << f->side);
			if (f->occs[o].defines)
				id->side_defs |= (unsigned char)(1u << f->side);
		}
	}
	for (size_t fi = 0; fi < s->family_count; fi++) {
		const init_family *fam = &s->families[fi];
		for (size_t k = 0; fam->chosen && k < fam->id_count; k++) {
			const init_id *id = &fam->ids[k];
			for (int side = 0; !id->ignored && side < INIT_SIDES; side++) {
				s->sides[side].distinct += (id->side_seen >> side) & 1u;
				s->sides[side].defs += (id->side_defs >> side) & 1u;
			}
		}
	}
}

static int reviews(init_scan *s)
{
	const init_side_info *fs = &s->sides[0], *ts = &s->sides[1];
	int error = 0;

	if (s->missing)
		error = specsync_init_review(
			s,
			"%zu tracked file%s could not be read (missing from the "
			"object database: a partial clone?)",
			s->missing, s->missing == 1 ? "" : "s");
	for (int side = 0; side < INIT_SIDES && !error; side++)
		if (s->sides[side].mixed)
			error = specsync_init_review(s, "%s", s->sides[side].mixed);
	if (!error && fs->person_count && ts->person_count)
		error = specsync_init_review(s,
					     "the Accountable of each side (roles %s-owner and "
					     "%s-owner): guessed as its "
					     "most active author%s, %s <%s> and %s <%s>",
					     fs->name, ts->name,
					     ts->owner ? " (another person on each side)" : "",
					     fs->people[0].name, fs->people[0].email,
					     ts->people[ts->owner].name, ts->people[ts->owner].email);
	if (!error)
		error = specsync_init_review(
			s, "the Responsible roles (*-authors): the authors of most of each side's "
			   "commits; anyone else editing a side is reported as out of role");
	if (!error)
		error = specsync_init_review(
			s,
			"the sides' paths and the ID pattern; then run `specsync lint` (coverage, "
			"duplicate IDs) and `specsync audit`; on a long history, consider "
			"`since:` (commented in the file)");
	return error < 0 ? specsync_fail(s->err, SPECSYNC_ENOMEM, "out of memory") : 0;
}

/* No tracked file may fall on two sides. */
static int self_check(init_scan *s, const specsync_config *cfg)
{
	int other = 0;

	for (size_t i = 0; i < s->file_count; i++)
		if (specsync_config_side_for_path(cfg, s->files[i].path, &other) == -2)
			return specsync_fail(s->err, SPECSYNC_EGENERIC,
					     "internal error: the proposed sides both match %s",
					     s->files[i].path);
	return 0;
}

/* Does `f` define `id` (in a heading, an ID field, a line of its own)? */
static bool defines_id(const init_scan *s, const init_file *f, const char *id)
{
	for (size_t k = 0; id && k < f->occ_count; k++) {
		const init_occ *o = &f->occs[k];
		if (o->defines && strcmp(s->families[o->family].ids[o->id].text, id) == 0)
			return true;
	}
	return false;
}

/* Lint's duplicate-id errors on the functional side, in files whose path
 * names no side: those files only repeat definitions (user guides, agent
 * notes quoting items). Returns how many files it took off. */
static int drop_repeaters(size_t *dropped, init_scan *s, const specsync_config *cfg)
{
	specsync_lint_options lo = SPECSYNC_LINT_OPTIONS_INIT;
	specsync_lint_result *lint = NULL;
	const specsync_lint_finding *fs;
	size_t n;
	int error;

	*dropped = 0;
	lo.rev = s->head_hex;
	if ((error = specsync_lint(&lint, s->repo, cfg, &lo, s->err)) < 0)
		return error;
	fs = specsync_lint_findings(lint, &n);
	for (size_t i = 0; i < n && !error; i++) {
		if (strcmp(fs[i].rule, "duplicate-id") || !fs[i].path)
			continue;
		for (size_t k = 0; k < s->file_count && !error; k++) {
			init_file *f = &s->files[k];
			if (f->side != 0 || f->named ||
			    (strcmp(f->path, fs[i].path) && !defines_id(s, f, fs[i].requirement)))
				continue;
			if ((error = specsync_init_sides_drop(s, f->path)) < 0)
				break;
			(*dropped)++;
			error = specsync_init_review(
				s,
				"%s repeats requirement definitions (%s) and its "
				"path names no side: left out of the functional side",
				f->path, fs[i].requirement ? fs[i].requirement : "");
		}
	}
	specsync_lint_result_free(lint);
	return error;
}

/* Writes the configuration (a draft has placeholder people), loads it. */
static int write_and_load(specsync_buf *yaml, specsync_config **cfg, init_scan *s)
{
	specsync_error cerr;

	specsync_buf_clear(yaml);
	if (specsync_init_yaml_write(yaml, s) < 0)
		return specsync_fail(s->err, SPECSYNC_ENOMEM, "out of memory");
	specsync_error_clear(&cerr);
	if (specsync_config_parse(cfg, yaml->ptr, yaml->size, ".specsync.yml", &cerr) < 0)
		return specsync_fail(s->err, SPECSYNC_EGENERIC,
				     "internal error: the proposed configuration does not load: "
				     "%s:%u:%u: %s",
				     cerr.path, cerr.line, cerr.column, cerr.message);
	return 0;
}

/* Sides, then lint's verdict on duplicate definitions, a few rounds. */
static int settle(specsync_buf *yaml, init_scan *s)
{
	specsync_config *cfg = NULL;
	size_t dropped = 1;
	int error = 0;

	for (int round = 0; round < 4 && dropped && !error; round++) {
		specsync_config_free(cfg);
		cfg = NULL;
		if ((error = specsync_init_formats_choose(s)) < 0 ||
		    (error = specsync_init_sides_globs(s)) < 0)
			break;
		side_stats(s);
		if ((error = write_and_load(yaml, &cfg, s)) < 0)
			break;
		error = drop_repeaters(&dropped, s, cfg);
	}
	if (!error)
		error = self_check(s, cfg);
	specsync_config_free(cfg);
	return error == SPECSYNC_ENOMEM ? specsync_fail(s->err, error, "out of memory") : error;
}

static int run(specsync_init_result *r, const specsync_init_options *opts)
{
	init_scan *s = &r->scan;
	specsync_buf yaml = SPECSYNC_BUF_INIT;
	specsync_config *cfg = NULL;
	bool any = false;
	int error;

	if ((error = specsync_git_resolve(&s->head, s->repo, opts && opts->rev ? opts->rev : "HEAD",
					  s->err)) < 0 ||
	    (error = specsync_git_check_complete(s->repo, s->err)) < 0)
		return error;
	specsync_oid_fmt(s->head_hex, &s->head);
	if ((error = list_files(s)) < 0 || (error = specsync_init_ids_choose(s)) < 0)
		return error;
	for (size_t i = 0; i < s->family_count; i++)
		any |= s->families[i].candidate;
	if (!any)
		return no_ids(s);
	if ((error = specsync_init_sides_choose(s)) < 0 ||
	    (error = specsync_init_ids_choose(s)) < 0 ||
	    (error = specsync_init_sides_choose(s)) < 0 || (error = settle(&yaml, s)) < 0)
		goto done;
	if ((error = specsync_init_roles_collect(s)) < 0 || (error = reviews(s)) < 0)
		goto done;
	for (int side = 0; side < INIT_SIDES; side++)
		if (!s->sides[side].person_count) {
			error = specsync_fail(
				s->err, SPECSYNC_EINPUT,
				"no commit author with a usable e-mail changed the %s "
				"files: roles cannot be proposed",
				s->sides[side].name);
			goto done;
		}
	if ((error = write_and_load(&yaml, &cfg, s)) < 0)
		goto done;
	r->yaml_len = yaml.size;
	r->yaml = specsync_buf_detach(&yaml);
done:
	specsync_config_free(cfg);
	specsync_buf_dispose(&yaml);
	return error;
}

static int publish(specsync_init_result *r)
{
	for (int side = 0; side < INIT_SIDES; side++) {
		const init_side_info *si = &r->scan.sides[side];
		specsync_init_side *out = &r->sides[side];

		if (si->person_count &&
		    !(r->people[side] = specsync_calloc(si->person_count, sizeof(**r->people))))
			return SPECSYNC_ENOMEM;
		for (size_t i = 0; i < si->person_count; i++)
			r->people[side][i] = (specsync_init_person){
				si->people[i].name, si->people[i].email, si->people[i].commits};
		*out = (specsync_init_side){si->name,          (const char *const *)si->globs,
					    si->glob_count,    si->attribution,
					    si->section_start, si->format,
					    si->files,         si->distinct,
					    si->defs,          r->people[side],
					    si->person_count};
	}
	return 0;
}

int specsync_init(specsync_init_result **out, specsync_repo *repo,
		  const specsync_init_options *opts, specsync_error *err)
{
	specsync_init_result *r = NULL;
	int error;

	if (!out || !repo)
		return specsync_fail(err, SPECSYNC_EUSAGE, "specsync_init: no repository");
	*out = NULL;
	if (opts && opts->version != SPECSYNC_INIT_OPTIONS_VERSION)
		return specsync_fail(err, SPECSYNC_EUSAGE,
				     "specsync_init: unknown options version %u", opts->version);
	if (!(r = specsync_calloc(1, sizeof(*r))))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	r->scan.repo = repo;
	r->scan.err = err;
	r->scan.max_commits = opts && opts->max_commits ? opts->max_commits : DEFAULT_MAX_COMMITS;
	r->scan.sides[0].name = "functional";
	r->scan.sides[1].name = "technical";
	if ((error = run(r, opts)) < 0)
		goto done;
	if ((error = publish(r)) < 0) {
		error = specsync_fail(err, error, "out of memory");
		goto done;
	}
	*out = r;
	r = NULL;
done:
	specsync_init_result_free(r);
	return error;
}

/* ---- results ------------------------------------------------------------------ */

static void free_strings(char **items, size_t n)
{
	for (size_t i = 0; items && i < n; i++)
		free(items[i]);
	free(items);
}

void specsync_init_scan_dispose(init_scan *s)
{
	for (size_t i = 0; i < s->file_count; i++) {
		free(s->files[i].path);
		free(s->files[i].occs);
		free_strings(s->files[i].directives, s->files[i].directive_count);
	}
	free(s->files);
	for (size_t i = 0; i < s->family_count; i++) {
		init_family *f = &s->families[i];
		for (size_t k = 0; k < f->id_count; k++)
			free(f->ids[k].text);
		free(f->ids);
		free(f->prefix);
		free(f->regex);
		specsync_strmap_dispose(&f->index);
	}
	free(s->families);
	free(s->pattern);
	free_strings(s->ignore, s->ignore_count);
	for (int side = 0; side < INIT_SIDES; side++) {
		init_side_info *si = &s->sides[side];
		free_strings(si->globs, si->glob_count);
		free(si->section_start);
		free(si->mixed);
		for (size_t i = 0; i < si->person_count; i++) {
			free(si->people[i].name);
			free(si->people[i].email);
			free_strings(si->people[i].aliases, si->people[i].alias_count);
		}
		free(si->people);
	}
	free_strings(s->review, s->review_count);
	free_strings(s->doorstop_dirs, s->doorstop_count);
	free(s->doorstop_child);
}

void specsync_init_result_free(specsync_init_result *r)
{
	if (!r)
		return;
	specsync_init_scan_dispose(&r->scan);
	free(r->yaml);
	for (int side = 0; side < INIT_SIDES; side++)
		free(r->people[side]);
	free(r);
}

const char *specsync_init_config(const specsync_init_result *r, size_t *len)
{
	if (len)
		*len = r ? r->yaml_len : 0;
	return r ? r->yaml : NULL;
}

const char *specsync_init_pattern(const specsync_init_result *r)
{
	return r ? r->scan.pattern : NULL;
}

const specsync_init_side *specsync_init_sides(const specsync_init_result *r, size_t *count)
{
	if (count)
		*count = r ? INIT_SIDES : 0;
	return r ? r->sides : NULL;
}

int specsync_render_init(specsync_buf *out, const specsync_init_result *r)
{
	if (!out || !r)
		return SPECSYNC_EUSAGE;
	return specsync_init_yaml_summary(out, &r->scan);
}
