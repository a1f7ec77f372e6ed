/*
 * Renames followed (presentation only). After an audit, take an open
 * finding for ID A and one for ID B, lagging on the same side, where the
 * commit that last changed A on the other side (removing it there) is the
 * one that opened B (adding it there). Compare the text of A's sections
 * before that commit with the text of B's after it, each with its own ID
 * blanked, as multisets of words (case and ASCII punctuation ignored):
 *  - rename: the B with the highest Dice coefficient, when it is at least
 *    RENAME_SIMILARITY (0.8);
 *  - failing a rename, split: two or more Bs each smaller than A with at
 *    least RENAME_CONTAINMENT (0.9) of their words in A, together covering
 *    at least 0.8 of A's words; merge: an A whose words are, to 0.9, in a
 *    larger B.
 * The new finding gets renamed_from (the old ID), the old one renamed_to
 * (the first new ID found). Pending states are never changed.
 */
#include "rename.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "config.h"
#include "git.h"
#include "render.h"
#include "sections.h"

#define RENAME_SIMILARITY 0.8
#define RENAME_CONTAINMENT 0.9

typedef struct words {
	char **items; /* sorted */
	size_t count;
	char *text;
} words;

static int word_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void words_dispose(words *w)
{
	free(w->items);
	free(w->text);
	memset(w, 0, sizeof(*w));
}

/* Splits `text` (owned) into sorted words. */
static int words_of(words *w, char *text)
{
	size_t alloc = 0;

	memset(w, 0, sizeof(*w));
	w->text = text;
	/* words compare without case and punctuation ("domain." is "domain,") */
	for (char *p = text; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch >= 'A' && ch <= 'Z')
			*p = (char)(ch + 32);
		else if (ch < 0x80 && !(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9'))
			*p = ' ';
	}
	/* not strtok: the library may run in several threads */
	for (char *s = text; *s;) {
		size_t n;
		s += strspn(s, " ");
		if (!*s)
			break;
		n = strcspn(s, " ");
		if (SPECSYNC_ARRAY_RESERVE(w->items, alloc, w->count + 1) < 0)
			return SPECSYNC_ENOMEM;
		w->items[w->count++] = s;
		s += n;
		if (*s)
			*s++ = '\0';
	}
	if (w->count)
		qsort(w->items, w->count, sizeof(char *), word_cmp);
	return 0;
}

static size_t common_words(const words *a, const words *b)
{
	size_t i = 0, j = 0, n = 0;

	while (i < a->count && j < b->count) {
		int c = strcmp(a->items[i], b->items[j]);
		if (!c) {
			n++;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	return n;
}

/* ---- the texts ---------------------------------------------------------- */

/* The documents last parsed: a mass rename reads one file at one commit
 * for each of its IDs, so it is parsed once. */
#define PARSED_SLOTS 8

typedef struct parsed {
	char *key; /* "rev:side:path"; NULL: an empty slot */
	char *data;
	specsync_sections secs;
	bool ok; /* false: the file could not be read or split */
} parsed;

typedef struct texts {
	specsync_repo *repo;
	const specsync_config *cfg;
	parsed slots[PARSED_SLOTS];
	size_t next;
} texts;

static void parsed_clear(parsed *p)
{
	free(p->key);
	free(p->data);
	specsync_sections_dispose(&p->secs);
	memset(p, 0, sizeof(*p));
}

static void texts_dispose(texts *tx)
{
	for (size_t i = 0; i < PARSED_SLOTS; i++)
		parsed_clear(&tx->slots[i]);
}

static void parse_into(parsed *p, const texts *tx, size_t side, const char *rev, const char *path)
{
	specsync_sections_options o;
	specsync_error quiet;
	size_t len = 0;

	if (specsync_git_read_at(&p->data, &len, tx->repo, rev, path, &quiet) < 0)
		return;
	memset(&o, 0, sizeof(o));
	o.format = specsync_sections_format_for(path);
	o.id = tx->cfg->id;
	o.ignore = (const char *const *)tx->cfg->ignore;
	o.ignore_count = tx->cfg->ignore_count;
	o.attribution = tx->cfg->sides[side].attribution;
	o.section_start = tx->cfg->sides[side].section_start;
	o.path = path;
	o.keep_text = true;
	p->ok = specsync_sections_parse(&p->secs, p->data, len, &o, &quiet) >= 0;
}

/* The sections of `path` at `rev` read as side `side`; NULL when the file
 * cannot be read or split (or on ENOMEM: *error set). */
static const specsync_sections *sections_at(texts *tx, size_t side, const char *rev,
					    const char *path, int *error)
{
	specsync_buf key = SPECSYNC_BUF_INIT;
	parsed *p;

	specsync_buf_printf(&key, "%s:%zu:%s", rev, side, path);
	if (key.failed) {
		*error = SPECSYNC_ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < PARSED_SLOTS; i++)
		if (tx->slots[i].key && !strcmp(tx->slots[i].key, key.ptr)) {
			specsync_buf_dispose(&key);
			return tx->slots[i].ok ? &tx->slots[i].secs : NULL;
		}
	p = &tx->slots[tx->next];
	tx->next = (tx->next + 1) % PARSED_SLOTS;
	parsed_clear(p);
	p->key = specsync_buf_detach(&key);
	parse_into(p, tx, side, rev, path);
	return p->ok ? &p->secs : NULL;
}

/* Appends the texts of `id`'s sections in file `path` at `rev`, the ID
 * itself replaced by a blank. A file that cannot be read adds nothing. */
static int add_text(specsync_buf *out, texts *tx, size_t side, const char *rev, const char *path,
		    const char *id)
{
	size_t idlen = strlen(id);
	int error = 0;
	const specsync_sections *secs = sections_at(tx, side, rev, path, &error);

	for (size_t i = 0; secs && i < secs->count; i++) {
		const char *t = secs->entries[i].text, *hit;
		if (strcmp(secs->entries[i].id, id) != 0 || !t)
			continue;
		while ((hit = strstr(t, id)) != NULL) {
			specsync_buf_put(out, t, (size_t)(hit - t));
			specsync_buf_putc(out, ' ');
			t = hit + idlen;
		}
		specsync_buf_puts(out, t);
		specsync_buf_putc(out, ' ');
	}
	return error ? error : out->failed ? SPECSYNC_ENOMEM : 0;
}

/* The words of `id` on side `side` at `rev`, in the files `paths` name
 * (each once). */
static int text_words(words *w, texts *tx, size_t side, const char *rev, const char *const *paths,
		      size_t n, const char *id)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	int error = 0;

	for (size_t i = 0; i < n && !error; i++)
		error = add_text(&b, tx, side, rev, paths[i], id);
	if (error || (error = specsync_buf_putc(&b, '\0')) < 0) {
		specsync_buf_dispose(&b);
		return error;
	}
	return words_of(w, specsync_buf_detach(&b));
}

/* Adds the paths of `locs` not yet in `paths` (*n of them). */
static int add_paths(const char ***paths, size_t *n, size_t *alloc, const specsync_location *locs,
		     size_t count)
{
	for (size_t l = 0; l < count; l++) {
		bool seen = false;
		for (size_t k = 0; k < *n && !seen; k++)
			seen = !strcmp((*paths)[k], locs[l].path);
		if (seen)
			continue;
		if (SPECSYNC_ARRAY_RESERVE(*paths, *alloc, *n + 1) < 0)
			return SPECSYNC_ENOMEM;
		(*paths)[(*n)++] = locs[l].path;
	}
	return 0;
}

/* ---- pairing -------------------------------------------------------------- */

/* An open finding that may be half of a rename; A's text before the
 * commit is read from the files that hold B after it. */
typedef struct candidate {
	specsync_finding *f;
	int side; /* the changed side */
	words w;
	bool loaded;
} candidate;

static bool is_old(const specsync_finding *f)
{
	return f->changed_location_count == 0 && f->lagging_location_count > 0;
}

static bool is_new(const specsync_finding *f)
{
	return f->changed_location_count > 0 && f->lagging_location_count == 0;
}

static bool pairable(const specsync_finding *a, const specsync_finding *b)
{
	return a->changed_side_count == 1 && b->changed_side_count == 1 &&
	       !strcmp(a->changed_sides[0], b->changed_sides[0]) &&
	       !strcmp(a->lagging_side, b->lagging_side) &&
	       !strcmp(a->commits[a->commit_count - 1].id, b->commits[0].id);
}

static int load_new(candidate *nw, texts *tx)
{
	const char **paths = NULL;
	size_t n = 0, alloc = 0;
	int error = 0;

	if (nw->loaded)
		return 0;
	if ((error = add_paths(&paths, &n, &alloc, nw->f->changed_locations,
			       nw->f->changed_location_count)) == 0)
		error = text_words(&nw->w, tx, (size_t)nw->side, nw->f->commits[0].id, paths, n,
				   nw->f->requirement);
	nw->loaded = error == 0;
	free(paths);
	return error;
}

/* The old ID's text before the commit that removed it, in every file that
 * holds one of the new IDs `js` after it (whichever of them it turns out to
 * be paired with, its text is read from the same files). */
static int load_old(candidate *old, const candidate *c, const size_t *js, size_t nj, texts *tx)
{
	const char **paths = NULL;
	size_t n = 0, alloc = 0;
	char parent[48];
	int error = 0;

	for (size_t k = 0; k < nj && !error; k++)
		error = add_paths(&paths, &n, &alloc, c[js[k]].f->changed_locations,
				  c[js[k]].f->changed_location_count);
	snprintf(parent, sizeof(parent), "%s^", old->f->commits[old->f->commit_count - 1].id);
	if (!error)
		error = text_words(&old->w, tx, (size_t)old->side, parent, paths, n,
				   old->f->requirement);
	old->loaded = error == 0;
	free(paths);
	return error;
}

static void pair_link(specsync_finding *old, specsync_finding *nw, specsync_rename_kind kind)
{
	if (!old->renamed_to) {
		old->renamed_to = nw->requirement;
		old->rename_kind = kind;
	}
	if (!nw->renamed_from) {
		nw->renamed_from = old->requirement;
		nw->rename_kind = kind;
	}
}

static double dice(size_t common, const candidate *a, const candidate *b)
{
	return 2.0 * (double)common / (double)(a->w.count + b->w.count);
}

/* `part`'s words are mostly in `whole`, and it is the smaller. */
static bool part_of(size_t common, const candidate *part, const candidate *whole)
{
	return part->w.count < whole->w.count &&
	       (double)common >= RENAME_CONTAINMENT * (double)part->w.count;
}

/* The new IDs that may be old ID i's, their texts and i's read. */
static int load_candidates(size_t *js, size_t *nj, candidate *c, size_t n, size_t i, texts *tx)
{
	int error = 0;

	*nj = 0;
	for (size_t j = 0; j < n && !error; j++)
		if (is_new(c[j].f) && pairable(c[i].f, c[j].f) &&
		    (error = load_new(&c[j], tx)) == 0 && c[j].w.count)
			js[(*nj)++] = j;
	if (!error && *nj)
		error = load_old(&c[i], c, js, *nj, tx);
	return error;
}

/* For old ID i: the new ID of the most similar text is its rename. Failing
 * one, new IDs each made of a part of its text, together most of it, are a
 * split (two parts at least), and a new ID whose text holds all of its
 * text is a merge. */
static int match_old(candidate *c, size_t n, size_t i, texts *tx)
{
	double best = 0;
	size_t best_j = n, parts = 0, covered = 0, nj = 0;
	size_t *common = specsync_calloc(n + 1, sizeof(*common));
	size_t *js = specsync_calloc(n + 1, sizeof(*js));
	bool split;
	int error = 0;

	if (!common || !js)
		error = SPECSYNC_ENOMEM;
	else
		error = load_candidates(js, &nj, c, n, i, tx);
	for (size_t k = 0; k < nj && !error && c[i].w.count; k++) {
		size_t j = js[k];
		common[j] = common_words(&c[i].w, &c[j].w);
		if (dice(common[j], &c[i], &c[j]) > best) {
			best = dice(common[j], &c[i], &c[j]);
			best_j = j;
		}
		if (part_of(common[j], &c[j], &c[i])) {
			parts++;
			covered += common[j];
		}
	}
	if (!error && best_j < n && best >= RENAME_SIMILARITY) {
		c[i].f->renamed_to = c[best_j].f->requirement;
		c[i].f->rename_kind = SPECSYNC_RENAME_RENAMED;
		if (!c[best_j].f->renamed_from) {
			c[best_j].f->renamed_from = c[i].f->requirement;
			c[best_j].f->rename_kind = SPECSYNC_RENAME_RENAMED;
		}
	} else if (!error) {
		split = parts >= 2 && (double)covered >= RENAME_SIMILARITY * (double)c[i].w.count;
		for (size_t k = 0; k < nj; k++) {
			size_t j = js[k];
			if (split && part_of(common[j], &c[j], &c[i]))
				pair_link(c[i].f, c[j].f, SPECSYNC_RENAME_SPLIT);
			else if (common[j] && part_of(common[j], &c[i], &c[j]))
				pair_link(c[i].f, c[j].f, SPECSYNC_RENAME_MERGED);
		}
	}
	free(common);
	free(js);
	return error;
}

static int match(candidate *c, size_t n, texts *tx)
{
	int error = 0;

	for (size_t i = 0; i < n && !error; i++)
		if (is_old(c[i].f))
			error = match_old(c, n, i, tx);
	return error;
}

/* Audit: open; checks: left behind by the change (new). */
static bool live(const specsync_result *res, const specsync_finding *f)
{
	if (specsync_result_is_check(res))
		return f->status == SPECSYNC_STATUS_NEW;
	return f->status == SPECSYNC_STATUS_OPEN;
}

int specsync_renames_apply(specsync_result *res, specsync_repo *repo)
{
	candidate *c = NULL;
	size_t n = 0, alloc = 0;
	texts tx;
	int error = 0;

	memset(&tx, 0, sizeof(tx));
	tx.repo = repo;
	tx.cfg = res->cfg;
	for (size_t i = 0; i < res->finding_count; i++) {
		specsync_finding *f = &res->findings[i];
		if (f->kind != SPECSYNC_FINDING_UNSYNCED || !live(res, f) || !f->commit_count ||
		    f->changed_side_count != 1 || (!is_old(f) && !is_new(f)))
			continue;
		if (SPECSYNC_ARRAY_RESERVE(c, alloc, n + 1) < 0) {
			error = SPECSYNC_ENOMEM;
			goto done;
		}
		memset(&c[n], 0, sizeof(c[n]));
		c[n].f = f;
		c[n].side = specsync_side_index(res->cfg, f->changed_sides[0]);
		if (c[n].side >= 0)
			n++;
	}
	error = match(c, n, &tx);
done:
	for (size_t i = 0; i < n; i++)
		words_dispose(&c[i].w);
	free(c);
	texts_dispose(&tx);
	return error;
}

int specsync_finding_describe_rename(specsync_buf *out, const specsync_finding *f)
{
	const char *old = f->renamed_from ? f->renamed_from : f->requirement;
	const char *nw = f->renamed_from ? f->requirement : f->renamed_to;
	const char *side = f->changed_side_count ? f->changed_sides[0] : "";

	if (!f->renamed_from && !f->renamed_to)
		return 0;
	switch (f->rename_kind) {
	case SPECSYNC_RENAME_SPLIT:
		if (f->renamed_from)
			specsync_buf_printf(out, "%s is a part of %s, split on the %s side", nw,
					    old, side);
		else
			specsync_buf_printf(out, "%s was split on the %s side, %s being one part",
					    old, side, nw);
		break;
	case SPECSYNC_RENAME_MERGED:
		specsync_buf_printf(out, "%s was merged into %s on the %s side", old, nw, side);
		break;
	default:
		specsync_buf_printf(out, "%s was renamed %s on the %s side", old, nw, side);
		break;
	}
	specsync_buf_printf(out, "; the %s side still says %s", f->lagging_side, old);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
