/*
 * The JSON document of `audit --format json` (and of the checks). Its
 * fields are a contract: see docs/json.md.
 */
#include "common.h"
#include "config.h"

#include <string.h>
#include "json.h"
#include "map.h"
#include "pipeline.h"
#include "render.h"
#include "renderers.h"

/* A string literal, its length known at compile time. */
#define LIT(out, s) put(out, s, sizeof(s) - 1)

/* the renderer appends some sixty pieces per finding */
#define put specsync_buf_append

/*
 * Streamed findings go through the two-thread pipeline (pipeline.h) when
 * there are at least JSON_PIPED_MIN of them, JSON_CHUNK per chunk (about
 * 250 KB of dense findings) and JSON_RING chunks at once: about a MB held.
 */
#define JSON_CHUNK 256
#define JSON_RING 4
#define JSON_PIPED_MIN (4 * JSON_CHUNK)

static void put_uint(specsync_buf *out, unsigned long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);

	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	put(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void put_int(specsync_buf *out, long long v)
{
	if (v < 0) {
		LIT(out, "-");
		put_uint(out, 0ull - (unsigned long long)v);
	} else {
		put_uint(out, (unsigned long long)v);
	}
}

/* A commit's id, quoted in one copy: 40 hex digits (git's, or checked by
 * the state's reader), nothing to escape. */
static void put_commit_id(specsync_buf *out, const char id[41])
{
	char q[42];

	q[0] = '"';
	memcpy(q + 1, id, 40);
	q[41] = '"';
	put(out, q, sizeof(q));
}

/* One of the library's own names (kinds, statuses, levels): plain ASCII,
 * nothing to escape. */
static void put_name(specsync_buf *out, const char *name)
{
	size_t n = strlen(name);

	LIT(out, "\"");
	put(out, name, n);
	LIT(out, "\"");
}

static void key(specsync_buf *out, const char *k)
{
	specsync_json_str(out, k);
	LIT(out, ":");
}

/* specsync_put_person() as a JSON string, escaped in place (every member
 * of every role of every finding goes through here) */
static void person_str(specsync_buf *out, const specsync_person *p)
{
	LIT(out, "\"");
	if (p->name && *p->name && p->email && *p->email) {
		specsync_json_escape(out, p->name);
		LIT(out, " <");
		specsync_json_escape(out, p->email);
		LIT(out, ">");
	} else if (p->email && *p->email) {
		specsync_json_escape(out, p->email);
	} else if (p->name) {
		specsync_json_escape(out, p->name);
	}
	LIT(out, "\"");
}

static void commit_obj(specsync_buf *out, const specsync_commit_info *c, int64_t now)
{
	char date[32];
	specsync_person p = { c->author_name, c->author_email };

	specsync_format_time(date, c->time, c->offset);
	LIT(out, "{\"id\":");
	put_commit_id(out, c->id);
	LIT(out, ",\"author\":");
	person_str(out, &p);
	LIT(out, ",\"date\":");
	specsync_json_str(out, date);
	LIT(out, ",\"age_days\":");
	put_int(out, specsync_age_days(c->time, now));
	LIT(out, ",\"summary\":");
	specsync_json_str(out, c->summary);
	LIT(out, "}");
}

/*
 * Pieces rendered once per document and copied after: a commit's object
 * (a commit is listed in the details of every finding it opened or
 * extended, tens of times over in a long history; its bytes depend only on
 * the commit and `now`) and a finding's roles (the same RACI cell for
 * every finding of a requirement and side, and result.c shares the role
 * lists of one cell). A commit's fragment is found by its id (below), a
 * role block's by a fixed-size key compared whole: the addresses and
 * sizes of the four role lists.
 */
typedef struct frag_key {
	unsigned char b[56];
} frag_key;

/* One cache line: a key starts with its kind ('r'), never 0 in a slot in
 * use. */
typedef struct frag_slot {
	frag_key key;
	uint32_t off, len; /* in frag_memo.bytes; len 0: not rendered yet */
} frag_slot;

/* Fragments past this offset are not kept (rendered in place instead). */
#define FRAG_BYTES_MAX (UINT32_MAX / 2)

/*
 * Commits have a table of their own, of 16-byte slots (a dense history's
 * 31,000 commits fill 1 MB, not 4): a slot keeps the first 8 digits of the
 * id, and the rest is compared in the fragment itself, which starts with
 * {"id":" and the 40 digits (commit_obj).
 */
typedef struct commit_slot {
	uint64_t tag; /* the id's first 8 characters; 0: empty */
	uint32_t off, len;
} commit_slot;

#define COMMIT_ID_AT 7 /* strlen("{\"id\":\"") */

typedef struct frag_memo {
	frag_slot *slots;   /* role lists */
	size_t mask, count; /* slots: mask + 1 (a power of two), or none */
	size_t mapped;      /* slots in a mapping of their own: its length */
	commit_slot *commits;
	size_t commit_mask, commit_count;
	specsync_buf bytes;
	specsync_buf msg; /* not a fragment: common_fields()'s scratch space */
} frag_memo;

#define FRAG_MEMO_INIT { NULL, 0, 0, 0, NULL, 0, 0, SPECSYNC_BUF_INIT, SPECSYNC_BUF_INIT }

static void free_slots(frag_slot *slots, size_t mapped)
{
	if (mapped)
		specsync_mem_map_free(slots, mapped);
	else
		free(slots);
}

static void memo_dispose(frag_memo *m)
{
	free_slots(m->slots, m->mapped);
	free(m->commits);
	specsync_buf_dispose(&m->bytes);
	specsync_buf_dispose(&m->msg);
}

static uint64_t key_hash(const frag_key *k)
{
	uint64_t h = 0, w;

	for (size_t i = 0; i < sizeof(k->b); i += 8) {
		memcpy(&w, k->b + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 29;
	}
	return h;
}

static frag_slot *probe(frag_slot *slots, size_t mask, const frag_key *k)
{
	size_t i = (size_t)key_hash(k) & mask;

	while (slots[i].key.b[0] && memcmp(slots[i].key.b, k->b, sizeof(k->b)) != 0)
		i = (i + 1) & mask;
	return &slots[i];
}

/* The table of `m` at n slots (a power of two, more than it holds). */
static bool memo_resize(frag_memo *m, size_t n)
{
	size_t bytes = n * sizeof(frag_slot), mapped = 0;
	frag_slot *slots;

	/* a big table (a dense history's: 4 MB) on huge pages, zero as mapped */
	if (bytes >= ((size_t)2 << 20)) {
		slots = specsync_mem_huge_alloc(bytes, &mapped);
	} else if ((slots = aligned_alloc(64, bytes)) != NULL) {
		memset(slots, 0, bytes);
	}
	if (!slots)
		return false;
	for (size_t i = 0; m->slots && i <= m->mask; i++)
		if (m->slots[i].key.b[0])
			*probe(slots, n - 1, &m->slots[i].key) = m->slots[i];
	free_slots(m->slots, m->mapped);
	m->slots = slots;
	m->mapped = mapped;
	m->mask = n - 1;
	return true;
}

static bool memo_grow(frag_memo *m)
{
	return memo_resize(m, m->slots ? (m->mask + 1) * 2 : 1024);
}

/* Room for about `n` fragments from the start: a memo grown by doubling
 * copies its table and bytes at every step, and the copies fault in fresh
 * pages (a dense 100,000-commit audit holds some 31,000 commits). What is
 * reserved and not used is never touched. Failing to reserve is no error:
 * the memo grows as it goes. */
static bool commits_resize(frag_memo *m, size_t n);

static void memo_reserve(frag_memo *m, size_t n)
{
	size_t slots = 1024;

	while (slots < 2 * n && slots < ((size_t)1 << 24))
		slots *= 2;
	if (!m->commits)
		commits_resize(m, slots);
	if (!m->slots)
		memo_resize(m, 1024); /* a few RACI cells */
	specsync_buf_grow(&m->bytes, n * 320 < FRAG_BYTES_MAX ? n * 320 : FRAG_BYTES_MAX);
	m->bytes.failed = false;
}

/* The slot of `k`, added (len 0) when new; NULL when out of memory or
 * once the memo holds FRAG_BYTES_MAX bytes. */
static frag_slot *memo_slot(frag_memo *m, const frag_key *k)
{
	frag_slot *s;

	if (m->bytes.size >= FRAG_BYTES_MAX ||
	    ((!m->slots || 2 * (m->count + 1) > m->mask + 1) && !memo_grow(m)))
		return NULL;
	s = probe(m->slots, m->mask, k);
	if (!s->key.b[0]) {
		s->key = *k;
		m->count++;
	}
	return s;
}

/* Copies the fragment of `s` to `out`, rendering it first with `render`
 * (into `into_`) when it is new; without a slot, renders it in place.
 * Marks `out` failed when the memo runs out of memory. */
#define MEMOISED(out, m, s, render)                                                               \
	do {                                                                                      \
		specsync_buf *into_ = (out);                                                      \
		size_t from_;                                                                     \
		if (!(s)) {                                                                       \
			render;                                                                   \
			break;                                                                    \
		}                                                                                 \
		if (!(s)->len) {                                                                  \
			into_ = &(m)->bytes;                                                      \
			from_ = into_->size;                                                      \
			render;                                                                   \
			if (into_->failed) {                                                      \
				(out)->failed = true;                                             \
				break;                                                            \
			}                                                                         \
			(s)->off = (uint32_t)from_;                                               \
			(s)->len = (uint32_t)(into_->size - from_);                               \
		}                                                                                 \
		put(out, (m)->bytes.ptr + (s)->off, (s)->len);                                    \
	} while (0)

static size_t commit_home(uint64_t tag, size_t mask)
{
	return (size_t)((tag * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

/* The commit table of `m` at n slots (a power of two, more than it holds). */
static bool commits_resize(frag_memo *m, size_t n)
{
	commit_slot *slots = specsync_calloc(n, sizeof(*slots));

	if (!slots)
		return false;
	for (size_t i = 0; m->commits && i <= m->commit_mask; i++) {
		size_t j;
		if (!m->commits[i].tag)
			continue;
		for (j = commit_home(m->commits[i].tag, n - 1); slots[j].tag; j = (j + 1) & (n - 1))
			;
		slots[j] = m->commits[i];
	}
	free(m->commits);
	m->commits = slots;
	m->commit_mask = n - 1;
	return true;
}

/* commit_obj(), through the memo when there is one (NULL: none). */
static void commit_details(specsync_buf *out, const specsync_commit_info *c, int64_t now,
			   frag_memo *m)
{
	uint64_t tag;
	commit_slot *s;
	size_t from;

	if (!m || m->bytes.size >= FRAG_BYTES_MAX ||
	    ((!m->commits || 2 * (m->commit_count + 1) > m->commit_mask + 1) &&
	     !commits_resize(m, m->commits ? 2 * (m->commit_mask + 1) : 1024))) {
		commit_obj(out, c, now);
		return;
	}
	memcpy(&tag, c->id, sizeof(tag)); /* hex digits: never 0 */
	for (s = &m->commits[commit_home(tag, m->commit_mask)]; s->tag;
	     s = &m->commits[((size_t)(s - m->commits) + 1) & m->commit_mask])
		if (s->tag == tag &&
		    !memcmp(m->bytes.ptr + s->off + COMMIT_ID_AT, c->id, sizeof(c->id) - 1)) {
			put(out, m->bytes.ptr + s->off, s->len);
			return;
		}
	from = m->bytes.size;
	commit_obj(&m->bytes, c, now);
	if (m->bytes.failed) {
		out->failed = true;
		return;
	}
	s->tag = tag;
	s->off = (uint32_t)from;
	s->len = (uint32_t)(m->bytes.size - from);
	m->commit_count++;
	put(out, m->bytes.ptr + s->off, s->len);
}

static void locations(specsync_buf *out, const specsync_location *l, size_t n)
{
	LIT(out, "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			LIT(out, ",");
		LIT(out, "{\"path\":");
		specsync_json_str(out, l[i].path);
		LIT(out, ",\"line\":");
		put_uint(out, l[i].line);
		LIT(out, "}");
	}
	LIT(out, "]");
}

static void roles(specsync_buf *out, const specsync_role_list lists[4])
{
	static const char *const names[4] = { "responsible", "accountable", "consulted",
					      "informed" };

	LIT(out, "{");
	for (int l = 0; l < 4; l++) {
		specsync_buf_printf(out, "%s\"%s\":[", l ? "," : "", names[l]);
		for (size_t i = 0; i < lists[l].count; i++) {
			const specsync_role_ref *r = &lists[l].items[i];
			specsync_buf_printf(out, "%s{\"role\":", i ? "," : "");
			specsync_json_str(out, r->role);
			LIT(out, ",\"name\":");
			specsync_json_str(out, r->name);
			LIT(out, ",\"members\":[");
			for (size_t m = 0; m < r->member_count; m++) {
				if (m)
					LIT(out, ",");
				person_str(out, &r->members[m]);
			}
			LIT(out, "]}");
		}
		LIT(out, "]");
	}
	LIT(out, "}");
}

/* roles(), through the memo: keyed by the lists' addresses and sizes
 * (the lists themselves are never changed while a result lives). */
static void roles_memo(specsync_buf *out, const specsync_role_list lists[4], frag_memo *m)
{
	frag_key k;
	frag_slot *s;

	memset(&k, 0, sizeof(k));
	k.b[0] = 'r';
	for (int l = 0; l < 4; l++) {
		uint32_t n = (uint32_t)lists[l].count;
		memcpy(k.b + 1 + 8 * l, &lists[l].items, sizeof(void *));
		memcpy(k.b + 33 + 4 * l, &n, 4);
	}
	s = memo_slot(m, &k);
	MEMOISED(out, m, s, roles(into_, lists));
}

/* `msg`: scratch space for the message, kept from one finding to the next */
static void common_fields(specsync_buf *out, const specsync_finding *f, specsync_buf *msg)
{
	LIT(out, "\"kind\":");
	put_name(out, specsync_finding_kind_name(f->kind));
	LIT(out, ",\"requirement\":");
	specsync_json_str(out, f->requirement);
	LIT(out, ",\"status\":");
	put_name(out, specsync_status_name(f->status));
	LIT(out, ",\"level\":");
	put_name(out, specsync_level_name(f->level));
	LIT(out, ",\"message\":");
	specsync_buf_clear(msg);
	specsync_describe_finding(msg, f);
	if (msg->failed)
		out->failed = true;
	specsync_json_str(out, msg->ptr ? msg->ptr : "");
}

static void unsynced(specsync_buf *out, const specsync_finding *f, int64_t now, frag_memo *m)
{
	LIT(out, ",\"lagging_side\":");
	specsync_json_str(out, f->lagging_side);
	LIT(out, ",\"changed_sides\":[");
	for (size_t i = 0; i < f->changed_side_count; i++) {
		if (i)
			LIT(out, ",");
		specsync_json_str(out, f->changed_sides[i]);
	}
	LIT(out, "],\"commits\":[");
	for (size_t i = 0; i < f->commit_count; i++) {
		if (i)
			LIT(out, ",");
		put_commit_id(out, f->commits[i].id);
	}
	LIT(out, "],\"commit_details\":[");
	for (size_t i = 0; i < f->commit_count; i++) {
		if (i)
			LIT(out, ",");
		commit_details(out, &f->commits[i], now, m);
	}
	LIT(out, "],\"closed_by\":");
	if (f->closed_by)
		put_commit_id(out, f->closed_by->id);
	else
		LIT(out, "null");
	LIT(out, ",\"roles\":");
	if (m)
		roles_memo(out, f->roles, m);
	else
		roles(out, f->roles);
	LIT(out, ",\"changed_locations\":");
	locations(out, f->changed_locations, f->changed_location_count);
	LIT(out, ",\"lagging_locations\":");
	locations(out, f->lagging_locations, f->lagging_location_count);
	LIT(out, ",\"lagging_hint_path\":");
	specsync_json_str(out, f->lagging_location_count ? NULL : f->lagging_hint_path);
}

static void event(specsync_buf *out, const specsync_finding *f, int64_t now, frag_memo *m)
{
	if (f->kind == SPECSYNC_FINDING_OUT_OF_ROLE) {
		LIT(out, ",\"side\":");
		specsync_json_str(out, f->side);
	}
	LIT(out, ",\"commit\":");
	put_commit_id(out, f->commit->id);
	LIT(out, ",\"author\":");
	person_str(out, &f->author);
	LIT(out, ",\"author_email\":");
	specsync_json_str(out, f->author.email);
	LIT(out, ",\"commit_details\":");
	commit_details(out, f->commit, now, m);
	LIT(out, ",\"merged_by\":");
	if (f->merged_by)
		put_commit_id(out, f->merged_by->id);
	else
		LIT(out, "null");
}

/* The `handles:` of the reviewers that have one, for a workflow to call
 * the platform's API with (reviewers are "Name <email>" or "email"). */
static void reviewer_handles(specsync_buf *out, const specsync_result *r,
			     const specsync_finding *f)
{
	char email[320];
	bool first = true;

	for (size_t i = 0; i < f->reviewer_count; i++) {
		const char *s = f->reviewers[i], *lt = strrchr(s, '<'), *h;
		size_t n = lt ? strcspn(lt + 1, ">") : strlen(s);
		if (n >= sizeof(email))
			continue;
		memcpy(email, lt ? lt + 1 : s, n);
		email[n] = '\0';
		if (!(h = specsync_config_handle(r->cfg, email)))
			continue;
		specsync_buf_puts(out, first ? "" : ",");
		specsync_json_str(out, h);
		first = false;
	}
}

/* Present only when they apply, so that results without them read as
 * before: escalation, reviewers (check --base), renames. */
static void governance(specsync_buf *out, const specsync_result *r, const specsync_finding *f)
{
	const specsync_role_list *a = &f->roles[SPECSYNC_RACI_ACCOUNTABLE];
	bool first = true;

	if (f->escalated) {
		LIT(out, ",\"escalation\":{\"after\":\"");
		specsync_put_duration(out, f->escalate_after);
		specsync_buf_printf(out, "\",\"age_days\":%ld,\"decides\":[",
				    specsync_age_days(0, f->age));
		for (size_t i = 0; i < a->count; i++)
			for (size_t m = 0; m < a->items[i].member_count; m++) {
				if (!first)
					LIT(out, ",");
				first = false;
				person_str(out, &a->items[i].members[m]);
			}
		LIT(out, "]}");
	}
	if (f->kind == SPECSYNC_FINDING_UNSYNCED && !strcmp(r->mode, "base")) {
		LIT(out, ",\"reviewers\":[");
		for (size_t i = 0; i < f->reviewer_count; i++) {
			if (i)
				LIT(out, ",");
			specsync_json_str(out, f->reviewers[i]);
		}
		LIT(out, "],\"reviewer_handles\":[");
		reviewer_handles(out, r, f);
		LIT(out, "]");
	}
	if (f->renamed_from) {
		LIT(out, ",\"renamed_from\":");
		specsync_json_str(out, f->renamed_from);
	}
	if (f->renamed_to) {
		LIT(out, ",\"renamed_to\":");
		specsync_json_str(out, f->renamed_to);
	}
	if (f->renamed_from || f->renamed_to)
		specsync_buf_printf(out, ",\"rename_kind\":\"%s\"",
				    f->rename_kind == SPECSYNC_RENAME_SPLIT    ? "split"
				    : f->rename_kind == SPECSYNC_RENAME_MERGED ? "merged"
									   : "renamed");
}

static void finding(specsync_buf *out, const specsync_result *r, const specsync_finding *f,
		    bool open_object, frag_memo *m)
{
	specsync_buf msg = SPECSYNC_BUF_INIT;

	LIT(out, "{");
	common_fields(out, f, m ? &m->msg : &msg);
	specsync_buf_dispose(&msg);
	if (f->kind == SPECSYNC_FINDING_UNSYNCED)
		unsynced(out, f, r->now, m);
	else
		event(out, f, r->now, m);
	governance(out, r, f);
	if (!open_object)
		LIT(out, "}");
}

void specsync_render_json_finding(specsync_buf *out, const specsync_result *r,
				  const specsync_finding *f, bool open_object)
{
	finding(out, r, f, open_object, NULL);
}

static void summary(specsync_buf *out, const specsync_result *r)
{
	size_t open = 0, oor = 0, ack = 0, err = 0, warn = 0;

	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		/* the same findings as the exit status: open ones in an audit,
		 * new ones in a check */
		if (!specsync_finding_counts(r, f))
			continue;
		open += f->kind == SPECSYNC_FINDING_UNSYNCED;
		oor += f->kind == SPECSYNC_FINDING_OUT_OF_ROLE;
		ack += f->kind == SPECSYNC_FINDING_INVALID_ACK;
		err += f->level == SPECSYNC_LEVEL_ERROR;
		warn += f->level == SPECSYNC_LEVEL_WARNING;
	}
	specsync_buf_printf(out,
			    "\"summary\":{\"requirements\":%zu,\"unsynced\":%zu,"
			    "\"out_of_role\":%zu,\"invalid_ack\":%zu,\"errors\":%zu,"
			    "\"warnings\":%zu}",
			    r->requirement_count, open, oor, ack, err, warn);
}

static void requirements(specsync_buf *out, const specsync_result *r, specsync_render_sink *sink)
{
	const specsync_config *cfg = r->cfg;
	size_t sides = specsync_config_side_count(cfg);

	LIT(out, "\"requirements\":[");
	for (size_t i = 0; i < r->requirement_count; i++) {
		const specsync_requirement *q = &r->requirements[i];
		bool first = true;
		specsync_buf_printf(out, "%s{\"id\":", i ? "," : "");
		specsync_json_str(out, q->id);
		LIT(out, ",\"pending\":[");
		for (size_t s = 0; s < sides; s++) {
			if (!(q->pending_mask & (1ull << s)))
				continue;
			if (!first)
				LIT(out, ",");
			first = false;
			specsync_json_str(out, specsync_config_side_name(cfg, s));
		}
		LIT(out, "],\"locations\":{");
		for (size_t s = 0; s < sides; s++) {
			if (s)
				LIT(out, ",");
			key(out, specsync_config_side_name(cfg, s));
			locations(out, q->locations[s], q->location_counts[s]);
		}
		LIT(out, "}}");
		if (specsync_render_flush(out, sink, false) < 0)
			return;
	}
	LIT(out, "]");
}

/* Room for the whole document at once (about 1.5 KiB per finding, as roles
 * and commits are spelt out): growing a 10+ MB buffer by doubling copies
 * it over and over. */
static void reserve(specsync_buf *out, const specsync_result *r)
{
	size_t want = 1536 * r->finding_count + 256 * r->requirement_count + 4096;

	if (!out->limit || out->size + want <= out->limit)
		specsync_buf_grow(out, want);
}

/* The documents of the revision that were not read (docs/json.md). */
static void skipped(specsync_buf *out, const specsync_result *r)
{
	size_t n;
	const specsync_skipped_file *f = specsync_result_skipped(r, &n);

	LIT(out, ",\"skipped\":[");
	for (size_t i = 0; i < n; i++) {
		specsync_buf_puts(out, i ? ",{\"path\":" : "{\"path\":");
		specsync_json_str(out, f[i].path);
		LIT(out, ",\"side\":");
		specsync_json_str(out, f[i].side);
		specsync_buf_printf(out, ",\"reason\":\"%s\",\"size\":%llu}",
				    specsync_skip_reason_name(f[i].reason),
				    (unsigned long long)f[i].size);
	}
	LIT(out, "]");
}

/* Everything before the findings. */
static void head(specsync_buf *out, const specsync_result *r)
{
	size_t sides = specsync_config_side_count(r->cfg);

	specsync_buf_puts(out, "{\"version\":1,\"tool\":{\"name\":\"specsync\",\"version\":\"" SPECSYNC_VERSION_STRING "\"},");
	LIT(out, "\"mode\":");
	specsync_json_str(out, r->mode);
	LIT(out, ",\"head\":");
	specsync_json_str(out, r->head);
	LIT(out, ",\"rules_from\":");
	specsync_json_str(out, r->rules_from[0] ? r->rules_from : NULL);
	specsync_buf_printf(out, ",\"commits_walked\":%zu,\"baseline\":", r->commit_count);
	specsync_json_str(out, r->baseline ? r->baseline->id : NULL);
	LIT(out, ",\"sides\":[");
	for (size_t s = 0; s < sides; s++) {
		if (s)
			LIT(out, ",");
		specsync_json_str(out, specsync_config_side_name(r->cfg, s));
	}
	LIT(out, "],");
	summary(out, r);
}

/* Finding i as an item of the array, after its separator. */
static void item(specsync_buf *out, const specsync_result *r, size_t i, frag_memo *m)
{
	if (i)
		LIT(out, ",\n");
	else
		LIT(out, "\n");
	finding(out, r, &r->findings[i], false, m);
}

/* A thread's part in rendering the findings: its own memo, on cache
 * lines of its own (its buffers change at every finding). */
typedef struct chunk_state {
	_Alignas(64) const specsync_result *r;
	frag_memo memo;
} chunk_state;

static void render_chunk(specsync_buf *out, size_t first, size_t n, size_t *ends, void *state)
{
	chunk_state *cs = state;

	for (size_t k = 0; k < n; k++) {
		item(out, cs->r, first + k, &cs->memo);
		ends[k] = out->size;
	}
}

/* The findings through the two-thread pipeline (pipeline.h). */
static void findings_piped(specsync_buf *out, specsync_render_sink *sink,
			   const specsync_result *r, const specsync_pipeline_options *pipe)
{
	chunk_state mine = { r, FRAG_MEMO_INIT }, worker = { r, FRAG_MEMO_INIT };
	void *const states[2] = { &mine, &worker };

	/* each thread renders half the findings, and about half the commits */
	memo_reserve(&mine.memo, r->finding_count / 2);
	memo_reserve(&worker.memo, r->finding_count / 2);
	specsync_pipeline_run(out, sink, r->finding_count, pipe, render_chunk, states);
	memo_dispose(&mine.memo);
	memo_dispose(&worker.memo);
}

static void findings(specsync_buf *out, specsync_render_sink *sink, const specsync_result *r)
{
	frag_memo memo = FRAG_MEMO_INIT;

	memo_reserve(&memo, r->finding_count / 2);
	for (size_t i = 0; i < r->finding_count; i++) {
		item(out, r, i, &memo);
		if (specsync_render_flush(out, sink, false) < 0)
			break;
	}
	memo_dispose(&memo);
}

int specsync_render_json_piped(specsync_buf *out, specsync_render_sink *sink,
			       const specsync_result *r, const specsync_pipeline_options *pipe)
{
	if (!sink)
		reserve(out, r);
	head(out, r);
	LIT(out, ",\"findings\":[");
	if (pipe && sink)
		findings_piped(out, sink, r, pipe);
	else
		findings(out, sink, r);
	LIT(out, "],\n");
	requirements(out, r, sink);
	skipped(out, r);
	LIT(out, "}\n");
	if (sink && sink->error)
		return sink->error;
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

int specsync_render_json_to(specsync_buf *out, specsync_render_sink *sink,
			    const specsync_result *r, const specsync_render_options *opts)
{
	static const specsync_pipeline_options two = { JSON_CHUNK, JSON_RING, true };
	/* a second thread pays from a few chunks on; SPECSYNC_NO_WORKER
	 * (instruction counts, measured on one thread) keeps to one */
	bool piped = sink && r->finding_count >= JSON_PIPED_MIN && !getenv("SPECSYNC_NO_WORKER");

	(void)opts;
	return specsync_render_json_piped(out, sink, r, piped ? &two : NULL);
}

int specsync_render_json(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts)
{
	return specsync_render_json_to(out, NULL, r, opts);
}
