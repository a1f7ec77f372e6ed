/*
 * The engine's state as bytes, for the cache (cache.c writes the headers,
 * the checksums and the files). Little-endian (util/wire.h), in two parts:
 *
 * - the tip: what moves with every walked commit (commit count, times, last
 *   tree, walked count: ENG_TIP_HEAD bytes), requirements, files (in path
 *   order, so that equal states are equal bytes) with their parsed
 *   sections, then the open episodes with the commits they and the
 *   baseline refer to, renumbered: all a check or a walk needs;
 * - the history: the commits findings refer to, every episode, the events
 *   and the baseline: what an audit reports. Its strings (authors, e-mails,
 *   summaries, IDs, reasons: the same few thousand over tens of thousands
 *   of events) come first, each once, in a table that the commits and
 *   events refer to by index; a delta (specsync_engine_encode_delta) has a
 *   table of its own.
 *
 * Reading checks every index against what was read before it: a
 * well-formed but wrong state is refused, never indexed out of bounds.
 */
#include "common.h"
#include "engine_impl.h"
#include "wire.h"
#include "map.h"

/* ---- writing ------------------------------------------------------------- */

#define ENTRY_BYTES 24 /* a parsed section: req, line, hash */

static void put_oid(specsync_buf *b, const specsync_oid *o)
{
	specsync_buf_put(b, (const char *)o->id, 20);
}

static void put_reqs(specsync_buf *b, const specsync_engine *eng)
{
	size_t sides = eng->cfg->side_count;

	specsync_put_u64(b, eng->req_count);
	for (size_t r = 0; r < eng->req_count; r++) {
		const eng_req *q = &eng->reqs[r];
		specsync_put_str(b, q->id);
		specsync_put_u64(b, q->pending);
		for (size_t s = 0; s < sides; s++) {
			specsync_put_u64(b, q->acc[s].s1);
			specsync_put_u64(b, q->acc[s].s2);
			specsync_put_u32(b, q->acc[s].n);
			specsync_put_u32(b, (uint32_t)q->episode[s]);
		}
	}
}

static int slot_cmp(const void *a, const void *b)
{
	return strcmp((*(const specsync_strmap_slot *const *)a)->key,
		      (*(const specsync_strmap_slot *const *)b)->key);
}

static void put_files(specsync_buf *b, const specsync_engine *eng)
{
	const specsync_strmap_slot **sorted =
		specsync_calloc(eng->files.count + 1, sizeof(*sorted));
	size_t n = 0;

	if (!sorted) {
		b->failed = true;
		return;
	}
	for (size_t i = 0; i < eng->files.cap; i++)
		if (eng->files.slots[i].key)
			sorted[n++] = &eng->files.slots[i];
	qsort(sorted, n, sizeof(*sorted), slot_cmp);
	specsync_put_u64(b, n);
	for (size_t i = 0; i < n; i++) {
		const eng_file *f = sorted[i]->value;
		specsync_put_str(b, sorted[i]->key);
		specsync_put_u32(b, (uint32_t)f->side);
		put_oid(b, &f->blob);
		specsync_put_u64(b, f->parse->count);
		for (size_t e = 0; e < f->parse->count; e++) {
			const eng_entry *en = &f->parse->entries[e];
			unsigned char x[ENTRY_BYTES];
			specsync_le32(x, en->req);
			specsync_le32(x + 4, en->line);
			specsync_le64(x + 8, en->hash.h1);
			specsync_le64(x + 16, en->hash.h2);
			specsync_buf_put(b, (const char *)x, sizeof(x));
		}
		if (!f->parse->count) { /* why it holds none (skipped.h) */
			specsync_put_u32(b, (uint32_t)(f->parse->skip + 1));
			specsync_put_u64(b, f->parse->size);
		}
	}
	free(sorted);
}

/*
 * A history part's strings, each once: put_table writes them, and the
 * records then name each string by its index (str_ref). The first pass
 * over the records (refs) fills the table, the second writes them.
 */
typedef struct str_table {
	specsync_strmap map; /* string -> index + 1 */
	const char **items;
	size_t count, alloc;
	bool failed;
} str_table;

static uint32_t str_ref(str_table *t, const char *s)
{
	void *v;

	if (!s)
		s = ""; /* as an inline string reads back */
	if ((v = specsync_strmap_get(&t->map, s)) != NULL)
		return (uint32_t)((uintptr_t)v - 1);
	if (t->failed || t->count >= UINT32_MAX - 1 ||
	    SPECSYNC_ARRAY_RESERVE(t->items, t->alloc, t->count + 1) < 0 ||
	    specsync_strmap_put(&t->map, s, (void *)(uintptr_t)(t->count + 1), NULL) < 0) {
		t->failed = true;
		return 0;
	}
	t->items[t->count] = s;
	return (uint32_t)t->count++;
}

static void put_table(specsync_buf *b, const str_table *t)
{
	if (t->failed) {
		b->failed = true;
		return;
	}
	specsync_put_u64(b, t->count);
	for (size_t i = 0; i < t->count; i++)
		specsync_put_str(b, t->items[i]);
}

static void str_table_dispose(str_table *t)
{
	specsync_strmap_dispose(&t->map);
	free(t->items);
}

/* A commit; its strings inline (t NULL: the tip) or as indices into `t`. */
static void put_commit(specsync_buf *b, const specsync_commit_info *c, str_table *t)
{
	specsync_oid id;

	if (specsync_oid_parse(&id, c->id) < 0) /* always hex: git's, or read back */
		b->failed = true;
	put_oid(b, &id); /* the 20 bytes: written hex again when read */
	specsync_put_str(b, c->short_id);
	if (t) {
		specsync_put_u32(b, str_ref(t, c->author_name));
		specsync_put_u32(b, str_ref(t, c->author_email));
	} else {
		specsync_put_str(b, c->author_name);
		specsync_put_str(b, c->author_email);
	}
	specsync_put_u64(b, (uint64_t)c->time);
	specsync_put_u32(b, (uint32_t)c->offset);
	if (t)
		specsync_put_u32(b, str_ref(t, c->summary));
	else
		specsync_put_str(b, c->summary);
}

/* The strings of commits [from, to) and of events [ev_from, count) into `t`. */
static void refs(str_table *t, const specsync_engine *eng, size_t from, size_t to,
		 size_t ev_from)
{
	for (size_t i = from; i < to; i++) {
		str_ref(t, eng->commits[i]->author_name);
		str_ref(t, eng->commits[i]->author_email);
		str_ref(t, eng->commits[i]->summary);
	}
	for (size_t i = ev_from; i < eng->event_count; i++) {
		str_ref(t, eng->events[i].id);
		str_ref(t, eng->events[i].author_name);
		str_ref(t, eng->events[i].author_email);
		str_ref(t, eng->events[i].reason);
	}
}

/* `map`: the index each commit is written under (NULL: its own). */
static void put_episode(specsync_buf *b, const eng_episode *ep, const uint32_t *map)
{
	specsync_put_u32(b, ep->req);
	specsync_put_u32(b, ep->side);
	specsync_put_u64(b, ep->changed_mask);
	specsync_put_u32(b, (uint32_t)ep->status);
	specsync_put_u32(b, (uint32_t)ep->closed_by);
	specsync_put_u32(b, ep->before_check);
	specsync_put_u64(b, ep->commit_count);
	for (size_t k = 0; k < ep->commit_count; k++)
		specsync_put_u32(b, map ? map[ep->commits[k]] : ep->commits[k]);
}

/* The events from index `from` on, with their count. */
static void put_events(specsync_buf *b, const specsync_engine *eng, size_t from, str_table *t)
{
	specsync_put_u64(b, eng->event_count - from);
	for (size_t i = from; i < eng->event_count; i++) {
		const eng_event *ev = &eng->events[i];
		specsync_put_u32(b, (uint32_t)ev->kind);
		specsync_put_u32(b, ev->req);
		specsync_put_u32(b, str_ref(t, ev->id));
		specsync_put_u32(b, (uint32_t)ev->side);
		specsync_put_u32(b, ev->commit);
		specsync_put_u32(b, (uint32_t)ev->merge);
		specsync_put_u32(b, str_ref(t, ev->author_name));
		specsync_put_u32(b, str_ref(t, ev->author_email));
		specsync_put_u32(b, str_ref(t, ev->reason));
	}
}

static void put_history(specsync_buf *b, const specsync_engine *eng)
{
	str_table t = { SPECSYNC_STRMAP_INIT, NULL, 0, 0, false };

	refs(&t, eng, 0, eng->commit_count, 0);
	put_table(b, &t);
	specsync_put_u64(b, eng->commit_count);
	for (size_t i = 0; i < eng->commit_count; i++)
		put_commit(b, eng->commits[i], &t);
	specsync_put_u64(b, eng->episode_count);
	for (size_t i = 0; i < eng->episode_count; i++)
		put_episode(b, &eng->episodes[i], NULL);
	put_events(b, eng, 0, &t);
	specsync_put_u32(b, (uint32_t)eng->baseline_commit);
	b->failed |= t.failed;
	str_table_dispose(&t);
}

/* Whether base episode `o` changed since it was loaded (it only grows or
 * closes). */
static bool changed_since(const eng_episode *ep, const eng_open_mark *o)
{
	return ep->status != (specsync_status)o->status || ep->closed_by != o->closed_by ||
	       ep->changed_mask != o->changed_mask || ep->commit_count != o->commit_count;
}

/* The base episodes a delta rewrites (see engine.h), with their indices,
 * in increasing order. */
static void put_replaced(specsync_buf *b, const specsync_engine *eng, const eng_hist_mark *m)
{
	size_t n = m->replaced_count, i = 0, k = 0;

	for (size_t o = 0; o < m->open_count; o++)
		n += changed_since(&eng->episodes[m->open[o].idx], &m->open[o]);
	specsync_put_u64(b, n);
	while (i < m->replaced_count || k < m->open_count) {
		uint32_t idx;
		if (k == m->open_count ||
		    (i < m->replaced_count && m->replaced[i] < m->open[k].idx)) {
			idx = m->replaced[i++];
		} else if (!changed_since(&eng->episodes[m->open[k].idx], &m->open[k])) {
			k++;
			continue;
		} else {
			idx = m->open[k++].idx;
		}
		specsync_put_u32(b, idx);
		put_episode(b, &eng->episodes[idx], NULL);
	}
}

bool specsync_engine_delta_empty(const specsync_engine *eng, const eng_hist_mark *m)
{
	if (eng->commit_count != m->commits || eng->episode_count != m->episodes ||
	    eng->event_count != m->events || eng->baseline_commit != m->baseline ||
	    m->replaced_count)
		return false;
	for (size_t o = 0; o < m->open_count; o++)
		if (changed_since(&eng->episodes[m->open[o].idx], &m->open[o]))
			return false;
	return true;
}

/* The delta past `m` (see engine.h): its string table, the new commits,
 * the rewritten base episodes (index and episode), the new episodes, the
 * new events, then the baseline. */
void specsync_engine_encode_delta(specsync_buf *b, const specsync_engine *eng,
				  const eng_hist_mark *m)
{
	str_table t = { SPECSYNC_STRMAP_INIT, NULL, 0, 0, false };

	refs(&t, eng, m->commits, eng->commit_count, m->events);
	put_table(b, &t);
	specsync_put_u64(b, eng->commit_count - m->commits);
	for (size_t i = m->commits; i < eng->commit_count; i++)
		put_commit(b, eng->commits[i], &t);
	put_replaced(b, eng, m);
	specsync_put_u64(b, eng->episode_count - m->episodes);
	for (size_t i = m->episodes; i < eng->episode_count; i++)
		put_episode(b, &eng->episodes[i], NULL);
	put_events(b, eng, m->events, &t);
	specsync_put_u32(b, (uint32_t)eng->baseline_commit);
	b->failed |= t.failed;
	str_table_dispose(&t);
}

/* What moves with every walked commit (ENG_TIP_HEAD bytes). */
static void put_head(specsync_buf *b, const specsync_engine *eng, uint64_t walked)
{
	specsync_put_u64(b, eng->commit_total);
	specsync_put_u64(b, (uint64_t)eng->time_first);
	specsync_put_u64(b, (uint64_t)eng->time_last);
	specsync_put_u32(b, eng->have_times);
	put_oid(b, &eng->walk.tree);
	specsync_put_u32(b, eng->walk.have_tree);
	specsync_put_u64(b, walked);
}

/*
 * The open episodes, what a check reports of the history: each with its
 * index in the whole history, the commits they and the baseline refer to
 * renumbered in order (a check loads these alone).
 */
static void put_open(specsync_buf *b, const specsync_engine *eng)
{
	uint32_t *map = specsync_calloc(eng->commit_count + 1, sizeof(*map));
	uint32_t n = 0;
	size_t open = 0;

	if (!map) {
		b->failed = true;
		return;
	}
	for (size_t i = 0; i < eng->episode_count; i++) {
		const eng_episode *ep = &eng->episodes[i];
		if (ep->status != SPECSYNC_STATUS_OPEN)
			continue;
		open++;
		for (size_t k = 0; k < ep->commit_count; k++)
			map[ep->commits[k]] = 1;
	}
	if (eng->baseline_commit >= 0)
		map[eng->baseline_commit] = 1;
	for (size_t i = 0; i < eng->commit_count; i++)
		n += map[i];
	specsync_put_u64(b, n);
	n = 0;
	for (size_t i = 0; i < eng->commit_count; i++)
		if (map[i]) {
			put_commit(b, eng->commits[i], NULL);
			map[i] = n++;
		}
	specsync_put_u32(b, eng->baseline_commit >= 0 ? map[eng->baseline_commit] : UINT32_MAX);
	specsync_put_u64(b, open);
	for (size_t i = 0; i < eng->episode_count; i++)
		if (eng->episodes[i].status == SPECSYNC_STATUS_OPEN) {
			specsync_put_u32(b, (uint32_t)i);
			put_episode(b, &eng->episodes[i], map);
		}
	free(map);
}

/* ---- reading --------------------------------------------------------------- */

static void get_oid(specsync_reader *r, specsync_oid *o)
{
	specsync_get_bytes(r, o->id, 20);
}

static int get_reqs(specsync_reader *r, specsync_engine *eng)
{
	size_t sides = eng->cfg->side_count, n = specsync_get_count(r, 12);

	for (size_t i = 0; i < n && r->ok; i++) {
		char *id = specsync_get_str(r, NULL);
		uint32_t idx;
		eng_req *q;
		if (!r->ok || specsync_engine_intern(eng, id, &idx) < 0 || idx != i) {
			free(id);
			return -1;
		}
		free(id);
		q = &eng->reqs[idx];
		q->pending = specsync_get_u64(r);
		for (size_t s = 0; s < sides; s++) {
			q->acc[s].s1 = specsync_get_u64(r);
			q->acc[s].s2 = specsync_get_u64(r);
			q->acc[s].n = specsync_get_u32(r);
			q->episode[s] = (int32_t)specsync_get_u32(r);
		}
	}
	return r->ok ? 0 : -1;
}

/* A file without requirements: why (eng_parse.skip) and its size. */
static int get_skip(specsync_reader *r, int *skip, uint64_t *size)
{
	uint32_t code = specsync_get_u32(r);

	*size = specsync_get_u64(r);
	if (!r->ok || code > SPECSYNC_SKIP_TOO_LARGE + 1)
		return -1;
	*skip = (int)code - 1;
	return 0;
}

static int get_files(specsync_reader *r, specsync_engine *eng)
{
	size_t n = specsync_get_count(r, 36);

	for (size_t i = 0; i < n && r->ok; i++) {
		char *path = specsync_get_str(r, NULL);
		int side = (int)specsync_get_u32(r);
		specsync_oid blob;
		size_t count;
		eng_entry *entries;
		int error, skip = ENG_SKIP_NONE;
		uint64_t size = 0;

		get_oid(r, &blob);
		count = specsync_get_count(r, ENTRY_BYTES);
		if (!r->ok || side < 0 || (size_t)side >= eng->cfg->side_count ||
		    !(entries = specsync_calloc(count, sizeof(*entries)))) {
			free(path);
			return -1;
		}
		/* get_count checked that the entries fit */
		for (size_t e = 0; e < count; e++, r->p += ENTRY_BYTES) {
			entries[e].req = specsync_from_le32(r->p);
			entries[e].line = specsync_from_le32(r->p + 4);
			entries[e].hash.h1 = specsync_from_le64(r->p + 8);
			entries[e].hash.h2 = specsync_from_le64(r->p + 16);
			if (entries[e].req >= eng->req_count)
				r->ok = false;
		}
		if (!count && get_skip(r, &skip, &size) < 0)
			r->ok = false;
		if (r->ok)
			error = specsync_engine_adopt_file(eng, path, side, &blob, entries, count,
							   skip, size);
		else
			free(entries), error = -1;
		free(path);
		if (error < 0)
			return -1;
	}
	return r->ok ? 0 : -1;
}

/* A string of `min` to `max` bytes, without NUL, into `out` (max + 1
 * bytes); -1 when it is not one. */
/* A short id (7 hex digits, or a name such as "staged"). */
static int get_id(specsync_reader *r, char *out, size_t min, size_t max)
{
	uint32_t n = specsync_get_u32(r);

	if (!r->ok || n < min || n > max)
		return -1;
	specsync_get_bytes(r, out, n);
	out[n] = '\0';
	return r->ok && strlen(out) == n ? 0 : -1;
}

/* A commit's id, from its 20 bytes: hex whatever the bytes (the JSON
 * renderer quotes ids without escaping them). */
static void get_commit_id(specsync_reader *r, char out[41])
{
	specsync_oid id;

	get_oid(r, &id);
	specsync_oid_fmt(out, &id);
}

/* A history part's string table (put_table), copied into the arena. */
typedef struct str_list {
	char **items;
	size_t count;
} str_list;

static int get_table(specsync_reader *r, specsync_engine *eng, str_list *t)
{
	size_t n = specsync_get_count(r, 4);

	if (!r->ok || !(t->items = specsync_calloc(n + 1, sizeof(*t->items))))
		return -1;
	for (size_t i = 0; i < n && r->ok; i++) {
		if (!(t->items[i] = specsync_get_str(r, &eng->arena)))
			return -1;
		t->count = i + 1;
	}
	return r->ok ? 0 : -1;
}

/* A string of the record being read: inline (t NULL) or by its index. */
static char *get_ref(specsync_reader *r, specsync_engine *eng, const str_list *t)
{
	uint32_t i;

	if (!t)
		return specsync_get_str(r, &eng->arena);
	i = specsync_get_u32(r);
	if (!r->ok || i >= t->count) {
		r->ok = false;
		return NULL;
	}
	return t->items[i];
}

static int get_commits(specsync_reader *r, specsync_engine *eng, const str_list *t)
{
	size_t n = specsync_get_count(r, 40); /* id, short id and the rest: 40 bytes or more */

	if (!r->ok ||
	    SPECSYNC_ARRAY_RESERVE(eng->commits, eng->commit_alloc, eng->commit_count + n + 1) < 0)
		return -1;
	for (size_t i = 0; i < n && r->ok; i++) {
		specsync_commit_info *c = specsync_arena_alloc(&eng->arena, sizeof(*c));
		if (!c)
			return -1;
		get_commit_id(r, c->id);
		if (get_id(r, c->short_id, 0, 12) < 0)
			return -1;
		c->author_name = get_ref(r, eng, t);
		c->author_email = get_ref(r, eng, t);
		c->time = (int64_t)specsync_get_u64(r);
		c->offset = (int)specsync_get_u32(r);
		c->summary = get_ref(r, eng, t);
		eng->commits[eng->commit_count++] = c;
	}
	return r->ok && eng->commit_total >= eng->commit_count ? 0 : -1;
}

/* One episode into `ep` (zeroed by the caller), its indices checked. */
static int get_episode(specsync_reader *r, specsync_engine *eng, eng_episode *ep)
{
	ep->req = specsync_get_u32(r);
	ep->side = specsync_get_u32(r);
	ep->changed_mask = specsync_get_u64(r);
	ep->status = (specsync_status)specsync_get_u32(r);
	ep->closed_by = (int32_t)specsync_get_u32(r);
	ep->before_check = specsync_get_u32(r) != 0;
	ep->commit_count = specsync_get_count(r, 4);
	if (!r->ok || ep->req >= eng->req_count || ep->side >= eng->cfg->side_count ||
	    (ep->closed_by >= 0 && (size_t)ep->closed_by >= eng->commit_count))
		return -1;
	ep->commit_alloc = 0; /* the arena's (engine.h) */
	if (!(ep->commits = specsync_arena_array(&eng->episode_arena, ep->commit_count,
						 sizeof(uint32_t))))
		return -1;
	for (size_t k = 0; k < ep->commit_count; k++)
		if ((ep->commits[k] = specsync_get_u32(r)) >= eng->commit_count)
			return -1;
	return r->ok ? 0 : -1;
}

static int get_episodes(specsync_reader *r, specsync_engine *eng)
{
	size_t n = specsync_get_count(r, 36);

	size_t at = eng->episode_count;

	if (!r->ok ||
	    SPECSYNC_ARRAY_RESERVE(eng->episodes, eng->episode_alloc, at + n + 1) < 0)
		return -1;
	for (size_t i = 0; i < n && r->ok; i++) {
		eng_episode *ep = &eng->episodes[at + i];
		memset(ep, 0, sizeof(*ep));
		eng->episode_count = at + i + 1;
		if (get_episode(r, eng, ep) < 0)
			return -1;
	}
	return r->ok ? 0 : -1;
}

static int get_baseline(specsync_reader *r, specsync_engine *eng)
{
	eng->baseline_commit = (int32_t)specsync_get_u32(r);
	if (eng->baseline_commit >= 0 && (size_t)eng->baseline_commit >= eng->commit_count)
		return -1;
	return r->ok ? 0 : -1;
}

static int get_events(specsync_reader *r, specsync_engine *eng, const str_list *t)
{
	size_t n = specsync_get_count(r, 32);

	size_t at = eng->event_count;

	if (!r->ok || SPECSYNC_ARRAY_RESERVE(eng->events, eng->event_alloc, at + n + 1) < 0)
		return -1;
	for (size_t i = 0; i < n && r->ok; i++) {
		eng_event *ev = &eng->events[at + i];
		ev->kind = (specsync_finding_kind)specsync_get_u32(r);
		ev->req = specsync_get_u32(r);
		ev->id = get_ref(r, eng, t);
		ev->side = (int)specsync_get_u32(r);
		ev->commit = specsync_get_u32(r);
		ev->merge = (int32_t)specsync_get_u32(r);
		ev->author_name = get_ref(r, eng, t);
		ev->author_email = get_ref(r, eng, t);
		ev->reason = get_ref(r, eng, t);
		ev->forced_error = false; /* only checks force, and they store nothing */
		if (!r->ok || ev->commit >= eng->commit_count ||
		    (ev->merge >= 0 && (size_t)ev->merge >= eng->commit_count) ||
		    (ev->side >= 0 && (size_t)ev->side >= eng->cfg->side_count))
			return -1;
		eng->event_count = at + i + 1;
	}
	return r->ok ? 0 : -1;
}

static int get_head(specsync_reader *r, specsync_engine *eng, uint64_t *walked)
{
	eng->commit_total = (size_t)specsync_get_u64(r);
	eng->time_first = (int64_t)specsync_get_u64(r);
	eng->time_last = (int64_t)specsync_get_u64(r);
	eng->have_times = specsync_get_u32(r) != 0;
	get_oid(r, &eng->walk.tree);
	eng->walk.have_tree = specsync_get_u32(r) != 0;
	*walked = specsync_get_u64(r);
	return r->ok ? 0 : -1;
}

/*
 * Indices between the sections, checked once everything is read: the
 * checksum catches damage, this catches a file that is well-formed but
 * wrong (another build's bug, a hand-made file, a history that is not its
 * tip's), which would otherwise index out of bounds later. Each open
 * episode a requirement names must be open, and its own.
 */
static int check_links(const specsync_engine *eng)
{
	for (size_t r = 0; r < eng->req_count; r++)
		for (size_t s = 0; s < eng->cfg->side_count; s++) {
			int32_t e = eng->reqs[r].episode[s];
			const eng_episode *ep;
			if (e == -1)
				continue;
			if (e < 0 || (size_t)e >= eng->episode_count)
				return -1;
			ep = &eng->episodes[e];
			if (ep->status != SPECSYNC_STATUS_OPEN || ep->req != r || ep->side != s)
				return -1;
		}
	return 0;
}

/*
 * The open episodes alone (put_open), for a check: they are numbered anew
 * in history order and the requirements' references follow. Each reference
 * must find its episode: `e`, the episode's index in the whole history,
 * increases strictly, so a slot already renumbered (to k <= its old index)
 * never matches a later one.
 */
static int get_open(specsync_reader *r, specsync_engine *eng)
{
	size_t refs = 0, n;

	if (get_commits(r, eng, NULL) < 0 || get_baseline(r, eng) < 0)
		return -1;
	n = specsync_get_count(r, 40);
	if (!r->ok || SPECSYNC_ARRAY_RESERVE(eng->episodes, eng->episode_alloc, n + 1) < 0)
		return -1;
	for (size_t q = 0; q < eng->req_count; q++)
		for (size_t s = 0; s < eng->cfg->side_count; s++)
			refs += eng->reqs[q].episode[s] != -1;
	for (size_t k = 0, last = 0; k < n && r->ok; k++) {
		eng_episode *ep = &eng->episodes[k];
		uint32_t e = specsync_get_u32(r);
		memset(ep, 0, sizeof(*ep));
		eng->episode_count = k + 1;
		if ((k && e <= last) || get_episode(r, eng, ep) < 0 ||
		    ep->status != SPECSYNC_STATUS_OPEN || ep->closed_by != -1 ||
		    eng->reqs[ep->req].episode[ep->side] != (int32_t)e)
			return -1;
		eng->reqs[ep->req].episode[ep->side] = (int32_t)k;
		last = e;
	}
	return r->ok && n == refs && check_links(eng) == 0 ? 0 : -1;
}

void specsync_engine_encode(specsync_buf *tip, specsync_buf *hist, const specsync_engine *eng,
			    uint64_t walked)
{
	if (tip) {
		put_head(tip, eng, walked);
		put_reqs(tip, eng);
		put_files(tip, eng);
		put_open(tip, eng);
	}
	if (hist)
		put_history(hist, eng);
}

void specsync_hist_mark_dispose(eng_hist_mark *m)
{
	free(m->replaced);
	free(m->open);
	memset(m, 0, sizeof(*m));
}

/* A delta's rewritten base episodes, in increasing order, into `m`. */
static int get_replaced(specsync_reader *r, specsync_engine *eng, eng_hist_mark *m)
{
	size_t n = specsync_get_count(r, 40);

	if (!r->ok || !(m->replaced = specsync_calloc(n + 1, sizeof(*m->replaced))))
		return -1;
	for (size_t k = 0; k < n && r->ok; k++) {
		uint32_t idx = specsync_get_u32(r);
		eng_episode *ep;
		if (!r->ok || idx >= m->episodes || (k && idx <= m->replaced[k - 1]))
			return -1;
		ep = &eng->episodes[idx];
		if (ep->commit_alloc)
			free(ep->commits);
		memset(ep, 0, sizeof(*ep));
		if (get_episode(r, eng, ep) < 0)
			return -1;
		m->replaced[m->replaced_count++] = idx;
	}
	return r->ok ? 0 : -1;
}

/* Notes in `m` the base episodes open now that the loaded delta did not
 * rewrite, as they are: a next delta rewrites those that changed. */
static int mark_open(const specsync_engine *eng, eng_hist_mark *m)
{
	size_t k = 0;

	if (!(m->open = specsync_calloc(m->episodes + 1, sizeof(*m->open))))
		return -1;
	for (size_t i = 0; i < m->episodes; i++) {
		const eng_episode *ep = &eng->episodes[i];
		eng_open_mark *o = &m->open[m->open_count];
		bool rewritten = k < m->replaced_count && m->replaced[k] == i;
		k += rewritten;
		if (rewritten || ep->status != SPECSYNC_STATUS_OPEN)
			continue;
		o->idx = (uint32_t)i;
		o->status = (uint32_t)ep->status;
		o->closed_by = ep->closed_by;
		o->changed_mask = ep->changed_mask;
		o->commit_count = ep->commit_count;
		m->open_count++;
	}
	return 0;
}

/* One part of the history: the whole (`replaced` NULL) or a delta. */
static int get_part(specsync_reader *r, specsync_engine *eng, eng_hist_mark *replaced)
{
	str_list t = { NULL, 0 };
	int error = get_table(r, eng, &t) < 0 || get_commits(r, eng, &t) < 0 ||
		    (replaced && get_replaced(r, eng, replaced) < 0) ||
		    get_episodes(r, eng) < 0 || get_events(r, eng, &t) < 0 ||
		    get_baseline(r, eng) < 0;

	free(t.items);
	return error ? -1 : 0;
}

int specsync_engine_decode_parts(specsync_engine *eng, specsync_reader *tip,
				 specsync_reader *hist, specsync_reader *delta, uint64_t *walked,
				 eng_hist_mark *m)
{
	if (get_head(tip, eng, walked) < 0 || get_reqs(tip, eng) < 0 || get_files(tip, eng) < 0 ||
	    get_part(hist, eng, NULL) < 0)
		return -1;
	m->set = true;
	m->commits = eng->commit_count;
	m->episodes = eng->episode_count;
	m->events = eng->event_count;
	m->baseline = eng->baseline_commit;
	if (delta && get_part(delta, eng, m) < 0)
		return -1;
	return check_links(eng) == 0 && mark_open(eng, m) == 0 ? 0 : -1;
}

int specsync_engine_decode(specsync_engine *eng, specsync_reader *tip, specsync_reader *hist,
			   uint64_t *walked)
{
	eng_hist_mark m = { 0 };
	int error;

	if (!hist) {
		if (get_head(tip, eng, walked) < 0 || get_reqs(tip, eng) < 0 ||
		    get_files(tip, eng) < 0)
			return -1;
		eng->tip_only = true;
		return get_open(tip, eng);
	}
	error = specsync_engine_decode_parts(eng, tip, hist, NULL, walked, &m);
	specsync_hist_mark_dispose(&m);
	return error;
}
