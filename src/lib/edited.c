/*
 * Which sections of a requirement an unsynchronised finding's change
 * edited: the sections at the audited revision whose text was not there
 * before the opening commit. Files are found in raw trees (no revision
 * parsed) and each (blob, path) is split once per audit.
 */
#include "common.h"
#include "edited.h"
#include "engine.h"
#include "git.h"
#include "map.h"
#include "sections.h"
#include "wire.h"

#include <stdio.h>

/*
 * The memo of narrowings (see edited.h). Its payload: u64 count, then
 * per entry the key (2 x u64: a hash of what the narrowing read), the
 * location count n (u32) and the kept mask ((n + 7) / 8 bytes, bit i of
 * byte i / 8 for location i).
 */
#define MEMO_SUFFIX "narrow"

typedef struct memo {
	specsync_buf loaded;   /* the file's payload */
	specsync_strmap known; /* key (32 hex) -> its n and mask in `loaded` */
	specsync_strmap seen;  /* the keys this audit used */
	specsync_buf used;     /* their entries: the next file's first */
	size_t used_count, missed;
} memo;

/* The next memo file also keeps the entries of the last one that this
 * audit did not use (another revision's, another branch's), unless they
 * outnumber the used ones by this factor (and MEMO_SLACK). */
#define MEMO_KEEP_FACTOR 3
#define MEMO_SLACK 1024

typedef struct reader {
	specsync_repo *repo;
	const specsync_config *cfg;
	const eng_view *tip;     /* the engine at the audited revision, or NULL */
	specsync_oid head_tree;  /* the audited revision's tree */
	bool head_bad;           /* it has none we can read */
	specsync_strmap parsed;  /* "side:blob:path" -> specsync_sections */
	specsync_sections empty; /* an unreadable or absent file */
	memo *memo;              /* NULL: none */
} reader;

/* Documents larger than this (or than max_file_size) are not read again:
 * their findings keep every section. */
#define MAX_BYTES (4u << 20)

/* Splits blob `id`, the document at `path` read as one of `side`, into `s`
 * (left empty when it cannot be read or is too large). */
static void split_blob(specsync_sections *s, reader *rd, size_t side, const specsync_oid *id,
		       const char *path)
{
	specsync_sections_options o;
	specsync_error quiet;
	specsync_blob *blob = NULL;
	uint64_t size;
	const char *data;
	size_t len;

	if (specsync_git_blob_size(&size, rd->repo, id, &quiet) < 0 || size > MAX_BYTES ||
	    size > rd->cfg->max_file_size ||
	    specsync_git_blob(&blob, &data, &len, rd->repo, id, &quiet) < 0)
		return;
	memset(&o, 0, sizeof(o));
	o.format = specsync_sections_format_for(path);
	o.id = rd->cfg->id;
	o.ignore = (const char *const *)rd->cfg->ignore;
	o.ignore_count = rd->cfg->ignore_count;
	o.attribution = rd->cfg->sides[side].attribution;
	o.section_start = rd->cfg->sides[side].section_start;
	o.path = path;
	if (specsync_sections_parse(s, data, len, &o, &quiet) < 0)
		memset(s, 0, sizeof(*s)); /* left empty on failure */
	specsync_git_blob_free(blob);
}

/* The tree of commit `hex` (its first parent's with `parent`): 0, or -1
 * when there is none (a root commit's parent) or it cannot be read. */
static int tree_of(specsync_oid *out, reader *rd, const char *hex, bool parent)
{
	specsync_commit_head h;
	specsync_oid id;
	specsync_error quiet;

	if (specsync_oid_parse(&id, hex) < 0 ||
	    specsync_git_commit_head(&h, rd->repo, &id, NULL, &quiet) < 0)
		return -1;
	if (!parent) {
		*out = h.tree;
		return 0;
	}
	id = h.parents[0]; /* not read in place: the read writes h */
	if (!h.parent_count || specsync_git_commit_head(&h, rd->repo, &id, NULL, &quiet) < 0)
		return -1;
	*out = h.tree;
	return 0;
}

/* The entries of the engine's parse `p` as sections (ids borrowed from the
 * engine); -1 when out of memory. */
static int from_parse(specsync_sections *s, const eng_view *tip, const eng_parse *p)
{
	if (p->count && !(s->entries = specsync_calloc(p->count, sizeof(*s->entries))))
		return -1;
	for (size_t i = 0; i < p->count; i++) {
		s->entries[i].id = tip->reqs[p->entries[i].req].id;
		s->entries[i].hash = p->entries[i].hash;
		s->entries[i].line = p->entries[i].line;
	}
	s->count = p->count;
	return 0;
}

/*
 * The sections of blob `id` at `path` read as one of `side`, split once
 * per pass whatever the revisions holding it: taken from `parsed` (the
 * engine's parse of that blob, side and path) when given, else read and
 * split. NULL when out of memory.
 */
static const specsync_sections *sections_of(reader *rd, size_t side, const specsync_oid *id,
					    const char *path, const eng_parse *parsed)
{
	specsync_buf key = SPECSYNC_BUF_INIT;
	specsync_sections *s;
	uint64_t size;
	specsync_error quiet;
	char hex[41];

	specsync_oid_fmt(hex, id);
	specsync_buf_printf(&key, "%zu:%s:%s", side, hex, path);
	if (key.failed)
		return NULL;
	if ((s = specsync_strmap_get(&rd->parsed, key.ptr)) != NULL)
		goto done;
	if (!(s = specsync_calloc(1, sizeof(*s))))
		goto done;
	if (!parsed)
		split_blob(s, rd, side, id, path);
	else if (specsync_git_blob_size(&size, rd->repo, id, &quiet) == 0 && size <= MAX_BYTES &&
		 from_parse(s, rd->tip, parsed) < 0) /* over MAX_BYTES: left empty */
		goto fail;
	if (specsync_strmap_put(&rd->parsed, key.ptr, s, NULL) == 0)
		goto done;
fail:
	specsync_sections_dispose(s);
	free(s);
	s = NULL;
done:
	specsync_buf_dispose(&key);
	return s;
}

/* The sections of the document at `path` in `tree` (empty when absent or
 * not a regular file); NULL when out of memory. */
static const specsync_sections *sections_at(reader *rd, size_t side, const specsync_oid *tree,
					    const char *path)
{
	specsync_error quiet;
	specsync_oid id;

	if (!tree || specsync_git_tree_entry(&id, rd->repo, tree, path, &quiet) < 0)
		return &rd->empty;
	return sections_of(rd, side, &id, path, NULL);
}

/*
 * The sections of the document at `path` in the audited revision: the
 * engine holds its blob and split (when it split it as a document of
 * `side`, the same split as split_blob's); else as sections_at.
 */
static const specsync_sections *sections_now(reader *rd, size_t side, const char *path)
{
	const eng_file *f = rd->tip ? specsync_strmap_get(rd->tip->files, path) : NULL;

	if (f && f->side == (int)side && f->parse && f->parse->skip == ENG_SKIP_NONE)
		return sections_of(rd, side, &f->blob, path, f->parse);
	return sections_at(rd, side, rd->head_bad ? NULL : &rd->head_tree, path);
}

static bool same_hash(specsync_hash128 a, specsync_hash128 b)
{
	return a.h1 == b.h1 && a.h2 == b.h2;
}

/*
 * Marks keep[i] for the locations of `id` in `path` (locs[from..to), one
 * file) whose section at the audited revision has a text that `id` had
 * nowhere in that file in tree `base` (NULL: none). Returns how many, or
 * -1 out of memory.
 */
static int mark_file(bool *keep, reader *rd, size_t side, const specsync_oid *base,
		     const char *id, const specsync_location *locs, size_t from, size_t to)
{
	const specsync_sections *old = sections_at(rd, side, base, locs[from].path);
	const specsync_sections *now = sections_now(rd, side, locs[from].path);
	bool *used;
	int marked = 0;

	if (!old || !now || !(used = specsync_calloc(old->count + 1, sizeof(*used))))
		return -1;
	for (size_t i = 0; i < now->count; i++) {
		bool found = false;
		if (strcmp(now->entries[i].id, id))
			continue;
		for (size_t j = 0; j < old->count && !found; j++) {
			if (used[j] || strcmp(old->entries[j].id, id) ||
			    !same_hash(old->entries[j].hash, now->entries[i].hash))
				continue;
			used[j] = found = true;
		}
		for (size_t k = from; k < to && !found; k++)
			if (locs[k].line == now->entries[i].line && !keep[k]) {
				keep[k] = true;
				marked++;
			}
	}
	free(used);
	return marked;
}

/* ---- the memo ---------------------------------------------------------------- */

static void memo_hex(char out[33], specsync_hash128 k)
{
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)k.h1, (unsigned long long)k.h2);
}

/* Loads the memo file's entries (a damaged one was refused: none). */
static void memo_load(memo *m, const specsync_cache *cache)
{
	specsync_reader r;
	size_t n;

	if (specsync_cache_memo_read(cache, MEMO_SUFFIX, &m->loaded) < 0)
		return;
	r.p = (const unsigned char *)m->loaded.ptr;
	r.end = r.p + m->loaded.size;
	r.ok = true;
	n = specsync_get_count(&r, 20);
	for (size_t i = 0; i < n && r.ok; i++) {
		specsync_hash128 k;
		const unsigned char *entry;
		char hex[33];
		uint32_t locs;
		k.h1 = specsync_get_u64(&r);
		k.h2 = specsync_get_u64(&r);
		entry = r.p;
		locs = specsync_get_u32(&r);
		specsync_get_bytes(&r, NULL, (locs + 7u) / 8u);
		memo_hex(hex, k);
		if (r.ok && specsync_strmap_put(&m->known, hex, (void *)entry, NULL) < 0)
			break;
	}
}

/* The key of finding `f`'s narrowing; false when it cannot have one (a
 * location's file is not the engine's split at the revision). */
static bool memo_key(specsync_hash128 *out, reader *rd, const specsync_finding *f, size_t side)
{
	specsync_buf k = SPECSYNC_BUF_INIT;
	bool ok = true;

	specsync_put_u64(&k, side);
	specsync_put_str(&k, f->requirement);
	specsync_put_str(&k, f->commits[0].id);
	specsync_put_u64(&k, f->changed_location_count);
	for (size_t i = 0; i < f->changed_location_count && ok; i++) {
		const specsync_location *l = &f->changed_locations[i];
		const eng_file *file = rd->tip ? specsync_strmap_get(rd->tip->files, l->path) : NULL;
		ok = file && file->side == (int)side && file->parse &&
		     file->parse->skip == ENG_SKIP_NONE;
		specsync_put_str(&k, l->path);
		specsync_put_u64(&k, l->line);
		if (ok)
			specsync_buf_put(&k, (const char *)file->blob.id, 20);
	}
	ok = ok && !k.failed;
	if (ok)
		*out = specsync_hash(k.ptr, k.size);
	specsync_buf_dispose(&k);
	return ok;
}

/* Records `keep` (n locations) under `key` for the next memo file. */
static void memo_use(memo *m, specsync_hash128 key, const bool *keep, size_t n)
{
	char hex[33];

	memo_hex(hex, key);
	if (specsync_strmap_get(&m->seen, hex))
		return; /* two findings of one key: one entry */
	if (specsync_strmap_put(&m->seen, hex, m, NULL) < 0)
		m->used.failed = true;
	specsync_put_u64(&m->used, key.h1);
	specsync_put_u64(&m->used, key.h2);
	specsync_put_u32(&m->used, (uint32_t)n);
	for (size_t i = 0; i < n; i += 8) {
		unsigned char byte = 0;
		for (size_t b = 0; b < 8 && i + b < n; b++)
			byte |= (unsigned char)(keep[i + b] << b);
		specsync_buf_put(&m->used, (const char *)&byte, 1);
	}
	m->used_count++;
}

/* keep[] from the memo entry of `key` when there is one for n locations. */
static bool memo_get(memo *m, specsync_hash128 key, bool *keep, size_t n)
{
	const unsigned char *e;
	char hex[33];

	memo_hex(hex, key);
	if (!(e = specsync_strmap_get(&m->known, hex)) || specsync_from_le32(e) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		keep[i] = (e[4 + i / 8] >> (i % 8)) & 1;
	return true;
}

/* Appends the loaded entries this audit did not use to `out`; how many.
 * (An entry's n and mask follow its key in the payload: it is copied from
 * there, key included.) */
static size_t memo_unused(specsync_buf *out, const memo *m)
{
	size_t kept = 0;

	for (size_t i = 0; i < m->known.cap; i++) {
		const unsigned char *e = m->known.slots[i].value;
		if (!m->known.slots[i].key || specsync_strmap_get(&m->seen, m->known.slots[i].key))
			continue;
		specsync_buf_put(out, (const char *)e - 16, 16 + 4 + (specsync_from_le32(e) + 7u) / 8u);
		kept++;
	}
	return kept;
}

/* Writes the memo when this audit narrowed a finding it did not hold. */
static void memo_finish(memo *m, const specsync_cache *cache)
{
	specsync_buf out = SPECSYNC_BUF_INIT, old = SPECSYNC_BUF_INIT;
	size_t unused = 0;

	if (m->missed && !m->used.failed) {
		if (m->known.count <= MEMO_KEEP_FACTOR * m->used_count + MEMO_SLACK)
			unused = memo_unused(&old, m);
		specsync_put_u64(&out, m->used_count + unused);
		specsync_buf_put(&out, m->used.ptr, m->used.size);
		specsync_buf_put(&out, old.ptr, old.size);
		if (!out.failed && !old.failed)
			specsync_cache_memo_write(cache, MEMO_SUFFIX, &out);
	}
	specsync_buf_dispose(&out);
	specsync_buf_dispose(&old);
	specsync_buf_dispose(&m->loaded);
	specsync_buf_dispose(&m->used);
	specsync_strmap_dispose(&m->known);
	specsync_strmap_dispose(&m->seen);
}

/* Marks keep[] for finding `f` (its changed side `side`) from the files
 * before its opening commit and at the revision; *kept: how many. 0, or
 * -1 out of memory. */
static int mark_all(bool *keep, size_t *kept, reader *rd, const specsync_finding *f, size_t side)
{
	const specsync_location *l = f->changed_locations;
	size_t n = f->changed_location_count;
	specsync_oid base_tree;
	const specsync_oid *base;

	base = tree_of(&base_tree, rd, f->commits[0].id, true) < 0 ? NULL : &base_tree;
	for (size_t i = 0, j; i < n; i = j) {
		int m;
		for (j = i + 1; j < n && !strcmp(l[j].path, l[i].path); j++)
			;
		if ((m = mark_file(keep, rd, side, base, f->requirement, l, i, j)) < 0)
			return -1;
		*kept += (size_t)m;
	}
	return 0;
}

/* Narrows one finding; 0, or -1 out of memory. */
static int narrow(specsync_result *res, specsync_finding *f, reader *rd)
{
	const specsync_location *l = f->changed_locations;
	size_t n = f->changed_location_count, kept = 0;
	int side = specsync_side_index(res->cfg, f->changed_sides[0]);
	specsync_hash128 key;
	bool *keep, keyed;
	specsync_location *out;

	if (side < 0 || !(keep = specsync_calloc(n, sizeof(*keep))))
		return side < 0 ? 0 : -1;
	keyed = rd->memo && memo_key(&key, rd, f, (size_t)side);
	if (keyed && memo_get(rd->memo, key, keep, n)) {
		for (size_t i = 0; i < n; i++)
			kept += keep[i];
	} else if (mark_all(keep, &kept, rd, f, (size_t)side) < 0) {
		free(keep);
		return -1;
	} else if (keyed) {
		rd->memo->missed++;
	}
	if (keyed)
		memo_use(rd->memo, key, keep, n);
	if (kept && kept < n && (out = specsync_arena_array(&res->arena, kept, sizeof(*out)))) {
		for (size_t i = 0, k = 0; i < n; i++)
			if (keep[i])
				out[k++] = l[i];
		f->changed_locations = out;
		f->changed_location_count = kept;
	}
	free(keep);
	return res->arena.failed ? -1 : 0;
}

int specsync_edited_apply(specsync_result *res, specsync_repo *repo, const eng_view *tip,
			  const specsync_cache *cache)
{
	reader rd = { .repo = repo, .cfg = res->cfg, .tip = tip, .parsed = SPECSYNC_STRMAP_INIT };
	memo m = { SPECSYNC_BUF_INIT, SPECSYNC_STRMAP_INIT, SPECSYNC_STRMAP_INIT,
		   SPECSYNC_BUF_INIT, 0, 0 };
	int error = 0;

	if (cache && cache->dir) {
		memo_load(&m, cache);
		rd.memo = &m;
	}

	rd.head_bad = tree_of(&rd.head_tree, &rd, res->head, false) < 0;

	for (size_t i = 0; i < res->finding_count && !error; i++) {
		specsync_finding *f = &res->findings[i];
		if (f->kind != SPECSYNC_FINDING_UNSYNCED || !specsync_finding_is_live(f) ||
		    f->changed_side_count != 1 || f->changed_location_count < 2 ||
		    !f->commit_count)
			continue;
		error = narrow(res, f, &rd);
	}
	for (size_t i = 0; i < rd.parsed.cap; i++) {
		specsync_sections *s = rd.parsed.slots[i].key ? rd.parsed.slots[i].value : NULL;
		if (s) {
			specsync_sections_dispose(s);
			free(s);
		}
	}
	specsync_strmap_dispose(&rd.parsed);
	if (rd.memo) {
		if (error)
			m.missed = 0; /* not written: some findings were not narrowed */
		memo_finish(&m, cache);
	}
	return error < 0 ? SPECSYNC_ENOMEM : 0;
}
