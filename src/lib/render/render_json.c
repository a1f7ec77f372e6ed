/*
 * The JSON document of `audit --format json` (and of the checks). Its
 * fields are a contract: see docs/json.md.
 */
#include "common.h"
#include "config.h"

#include <string.h>
#include "json.h"
#include "map.h"
#include "render.h"
#include "renderers.h"

static void key(specsync_buf *out, const char *k)
{
	specsync_json_str(out, k);
	specsync_buf_putc(out, ':');
}

/* specsync_put_person() as a JSON string, escaped in place (every member
 * of every role of every finding goes through here) */
static void person_str(specsync_buf *out, const specsync_person *p)
{
	specsync_buf_putc(out, '"');
	if (p->name && *p->name && p->email && *p->email) {
		specsync_json_escape(out, p->name);
		specsync_buf_put(out, " <", 2);
		specsync_json_escape(out, p->email);
		specsync_buf_putc(out, '>');
	} else if (p->email && *p->email) {
		specsync_json_escape(out, p->email);
	} else if (p->name) {
		specsync_json_escape(out, p->name);
	}
	specsync_buf_putc(out, '"');
}

static void commit_obj(specsync_buf *out, const specsync_commit_info *c, int64_t now)
{
	char date[32];
	specsync_person p = { c->author_name, c->author_email };

	specsync_format_time(date, c->time, c->offset);
	specsync_buf_puts(out, "{");
	key(out, "id");
	specsync_json_str(out, c->id);
	specsync_buf_putc(out, ',');
	key(out, "author");
	person_str(out, &p);
	specsync_buf_putc(out, ',');
	key(out, "date");
	specsync_json_str(out, date);
	specsync_buf_printf(out, ",\"age_days\":%ld,", specsync_age_days(c->time, now));
	key(out, "summary");
	specsync_json_str(out, c->summary);
	specsync_buf_putc(out, '}');
}


/*
 * Each commit's object, rendered once per document: a commit is listed in
 * the details of every finding it opened or extended, tens of times over
 * in a long history. Its bytes depend only on the commit and `now`.
 */
typedef struct span {
	size_t off, len;
} span;

typedef struct commit_memo {
	specsync_strmap index; /* commit id -> 1 + its position in spans */
	span *spans;
	size_t count, cap;
	specsync_buf bytes;
} commit_memo;

static void memo_dispose(commit_memo *m)
{
	specsync_strmap_dispose(&m->index);
	free(m->spans);
	specsync_buf_dispose(&m->bytes);
}

/* Renders the commit into the memo; false when out of memory. */
static bool memo_add(commit_memo *m, const specsync_commit_info *c, int64_t now)
{
	size_t off = m->bytes.size;

	if (m->count == m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 256;
		span *p = realloc(m->spans, ncap * sizeof(*p));

		if (!p)
			return false;
		m->spans = p;
		m->cap = ncap;
	}
	commit_obj(&m->bytes, c, now);
	if (m->bytes.failed ||
	    specsync_strmap_put(&m->index, c->id, (void *)(uintptr_t)(m->count + 1), NULL) < 0)
		return false;
	m->spans[m->count].off = off;
	m->spans[m->count++].len = m->bytes.size - off;
	return true;
}

/* commit_obj(), through the memo when there is one (NULL: none). */
static void commit_details(specsync_buf *out, const specsync_commit_info *c, int64_t now,
			   commit_memo *m)
{
	uintptr_t at;

	if (!m) {
		commit_obj(out, c, now);
		return;
	}
	if (!(at = (uintptr_t)specsync_strmap_get(&m->index, c->id))) {
		if (!memo_add(m, c, now)) {
			out->failed = true;
			return;
		}
		at = m->count;
	}
	specsync_buf_put(out, m->bytes.ptr + m->spans[at - 1].off, m->spans[at - 1].len);
}

static void locations(specsync_buf *out, const specsync_location *l, size_t n)
{
	specsync_buf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		specsync_buf_printf(out, "%s{\"path\":", i ? "," : "");
		specsync_json_str(out, l[i].path);
		specsync_buf_printf(out, ",\"line\":%u}", l[i].line);
	}
	specsync_buf_putc(out, ']');
}

static void roles(specsync_buf *out, const specsync_role_list lists[4])
{
	static const char *const names[4] = { "responsible", "accountable", "consulted",
					      "informed" };

	specsync_buf_putc(out, '{');
	for (int l = 0; l < 4; l++) {
		specsync_buf_printf(out, "%s\"%s\":[", l ? "," : "", names[l]);
		for (size_t i = 0; i < lists[l].count; i++) {
			const specsync_role_ref *r = &lists[l].items[i];
			specsync_buf_printf(out, "%s{\"role\":", i ? "," : "");
			specsync_json_str(out, r->role);
			specsync_buf_puts(out, ",\"name\":");
			specsync_json_str(out, r->name);
			specsync_buf_puts(out, ",\"members\":[");
			for (size_t m = 0; m < r->member_count; m++) {
				if (m)
					specsync_buf_putc(out, ',');
				person_str(out, &r->members[m]);
			}
			specsync_buf_puts(out, "]}");
		}
		specsync_buf_putc(out, ']');
	}
	specsync_buf_putc(out, '}');
}

static void common_fields(specsync_buf *out, const specsync_finding *f)
{
	specsync_buf msg = SPECSYNC_BUF_INIT;

	key(out, "kind");
	specsync_json_str(out, specsync_finding_kind_name(f->kind));
	specsync_buf_putc(out, ',');
	key(out, "requirement");
	specsync_json_str(out, f->requirement);
	specsync_buf_putc(out, ',');
	key(out, "status");
	specsync_json_str(out, specsync_status_name(f->status));
	specsync_buf_putc(out, ',');
	key(out, "level");
	specsync_json_str(out, specsync_level_name(f->level));
	specsync_buf_putc(out, ',');
	key(out, "message");
	specsync_describe_finding(&msg, f);
	specsync_json_str(out, msg.ptr ? msg.ptr : "");
	specsync_buf_dispose(&msg);
}

static void unsynced(specsync_buf *out, const specsync_finding *f, int64_t now, commit_memo *m)
{
	specsync_buf_puts(out, ",\"lagging_side\":");
	specsync_json_str(out, f->lagging_side);
	specsync_buf_puts(out, ",\"changed_sides\":[");
	for (size_t i = 0; i < f->changed_side_count; i++) {
		if (i)
			specsync_buf_putc(out, ',');
		specsync_json_str(out, f->changed_sides[i]);
	}
	specsync_buf_puts(out, "],\"commits\":[");
	for (size_t i = 0; i < f->commit_count; i++) {
		if (i)
			specsync_buf_putc(out, ',');
		specsync_json_str(out, f->commits[i].id);
	}
	specsync_buf_puts(out, "],\"commit_details\":[");
	for (size_t i = 0; i < f->commit_count; i++) {
		if (i)
			specsync_buf_putc(out, ',');
		commit_details(out, &f->commits[i], now, m);
	}
	specsync_buf_puts(out, "],\"closed_by\":");
	if (f->closed_by)
		specsync_json_str(out, f->closed_by->id);
	else
		specsync_buf_puts(out, "null");
	specsync_buf_puts(out, ",\"roles\":");
	roles(out, f->roles);
	specsync_buf_puts(out, ",\"changed_locations\":");
	locations(out, f->changed_locations, f->changed_location_count);
	specsync_buf_puts(out, ",\"lagging_locations\":");
	locations(out, f->lagging_locations, f->lagging_location_count);
	specsync_buf_puts(out, ",\"lagging_hint_path\":");
	specsync_json_str(out, f->lagging_location_count ? NULL : f->lagging_hint_path);
}

static void event(specsync_buf *out, const specsync_finding *f, int64_t now, commit_memo *m)
{
	if (f->kind == SPECSYNC_FINDING_OUT_OF_ROLE) {
		specsync_buf_puts(out, ",\"side\":");
		specsync_json_str(out, f->side);
	}
	specsync_buf_puts(out, ",\"commit\":");
	specsync_json_str(out, f->commit->id);
	specsync_buf_puts(out, ",\"author\":");
	person_str(out, &f->author);
	specsync_buf_puts(out, ",\"author_email\":");
	specsync_json_str(out, f->author.email);
	specsync_buf_puts(out, ",\"commit_details\":");
	commit_details(out, f->commit, now, m);
	specsync_buf_puts(out, ",\"merged_by\":");
	specsync_json_str(out, f->merged_by ? f->merged_by->id : NULL);
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
		specsync_buf_puts(out, ",\"escalation\":{\"after\":\"");
		specsync_put_duration(out, f->escalate_after);
		specsync_buf_printf(out, "\",\"age_days\":%ld,\"decides\":[",
				    specsync_age_days(0, f->age));
		for (size_t i = 0; i < a->count; i++)
			for (size_t m = 0; m < a->items[i].member_count; m++) {
				if (!first)
					specsync_buf_putc(out, ',');
				first = false;
				person_str(out, &a->items[i].members[m]);
			}
		specsync_buf_puts(out, "]}");
	}
	if (f->kind == SPECSYNC_FINDING_UNSYNCED && !strcmp(r->mode, "base")) {
		specsync_buf_puts(out, ",\"reviewers\":[");
		for (size_t i = 0; i < f->reviewer_count; i++) {
			if (i)
				specsync_buf_putc(out, ',');
			specsync_json_str(out, f->reviewers[i]);
		}
		specsync_buf_puts(out, "],\"reviewer_handles\":[");
		reviewer_handles(out, r, f);
		specsync_buf_putc(out, ']');
	}
	if (f->renamed_from) {
		specsync_buf_puts(out, ",\"renamed_from\":");
		specsync_json_str(out, f->renamed_from);
	}
	if (f->renamed_to) {
		specsync_buf_puts(out, ",\"renamed_to\":");
		specsync_json_str(out, f->renamed_to);
	}
	if (f->renamed_from || f->renamed_to)
		specsync_buf_printf(out, ",\"rename_kind\":\"%s\"",
				    f->rename_kind == SPECSYNC_RENAME_SPLIT    ? "split"
				    : f->rename_kind == SPECSYNC_RENAME_MERGED ? "merged"
									   : "renamed");
}

static void finding(specsync_buf *out, const specsync_result *r, const specsync_finding *f,
		    bool open_object, commit_memo *m)
{
	specsync_buf_putc(out, '{');
	common_fields(out, f);
	if (f->kind == SPECSYNC_FINDING_UNSYNCED)
		unsynced(out, f, r->now, m);
	else
		event(out, f, r->now, m);
	governance(out, r, f);
	if (!open_object)
		specsync_buf_putc(out, '}');
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

	specsync_buf_puts(out, "\"requirements\":[");
	for (size_t i = 0; i < r->requirement_count; i++) {
		const specsync_requirement *q = &r->requirements[i];
		bool first = true;
		specsync_buf_printf(out, "%s{\"id\":", i ? "," : "");
		specsync_json_str(out, q->id);
		specsync_buf_puts(out, ",\"pending\":[");
		for (size_t s = 0; s < sides; s++) {
			if (!(q->pending_mask & (1ull << s)))
				continue;
			if (!first)
				specsync_buf_putc(out, ',');
			first = false;
			specsync_json_str(out, specsync_config_side_name(cfg, s));
		}
		specsync_buf_puts(out, "],\"locations\":{");
		for (size_t s = 0; s < sides; s++) {
			if (s)
				specsync_buf_putc(out, ',');
			key(out, specsync_config_side_name(cfg, s));
			locations(out, q->locations[s], q->location_counts[s]);
		}
		specsync_buf_puts(out, "}}");
		if (specsync_render_flush(out, sink, false) < 0)
			return;
	}
	specsync_buf_putc(out, ']');
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

	specsync_buf_puts(out, ",\"skipped\":[");
	for (size_t i = 0; i < n; i++) {
		specsync_buf_puts(out, i ? ",{\"path\":" : "{\"path\":");
		specsync_json_str(out, f[i].path);
		specsync_buf_puts(out, ",\"side\":");
		specsync_json_str(out, f[i].side);
		specsync_buf_printf(out, ",\"reason\":\"%s\",\"size\":%llu}",
				    specsync_skip_reason_name(f[i].reason),
				    (unsigned long long)f[i].size);
	}
	specsync_buf_putc(out, ']');
}

/* Everything before the findings. */
static void head(specsync_buf *out, const specsync_result *r)
{
	size_t sides = specsync_config_side_count(r->cfg);

	specsync_buf_puts(out, "{\"version\":1,\"tool\":{\"name\":\"specsync\",\"version\":\"" SPECSYNC_VERSION_STRING "\"},");
	specsync_buf_puts(out, "\"mode\":");
	specsync_json_str(out, r->mode);
	specsync_buf_puts(out, ",\"head\":");
	specsync_json_str(out, r->head);
	specsync_buf_puts(out, ",\"rules_from\":");
	specsync_json_str(out, r->rules_from[0] ? r->rules_from : NULL);
	specsync_buf_printf(out, ",\"commits_walked\":%zu,\"baseline\":", r->commit_count);
	specsync_json_str(out, r->baseline ? r->baseline->id : NULL);
	specsync_buf_puts(out, ",\"sides\":[");
	for (size_t s = 0; s < sides; s++) {
		if (s)
			specsync_buf_putc(out, ',');
		specsync_json_str(out, specsync_config_side_name(r->cfg, s));
	}
	specsync_buf_puts(out, "],");
	summary(out, r);
}

int specsync_render_json_to(specsync_buf *out, specsync_render_sink *sink,
			    const specsync_result *r, const specsync_render_options *opts)
{
	commit_memo memo = { SPECSYNC_STRMAP_INIT, NULL, 0, 0, SPECSYNC_BUF_INIT };

	(void)opts;
	if (!sink)
		reserve(out, r);
	head(out, r);
	specsync_buf_puts(out, ",\"findings\":[");
	for (size_t i = 0; i < r->finding_count; i++) {
		specsync_buf_puts(out, i ? ",\n" : "\n");
		finding(out, r, &r->findings[i], false, &memo);
		if (specsync_render_flush(out, sink, false) < 0)
			break;
	}
	memo_dispose(&memo);
	specsync_buf_puts(out, "],\n");
	requirements(out, r, sink);
	skipped(out, r);
	specsync_buf_puts(out, "}\n");
	if (sink && sink->error)
		return sink->error;
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

int specsync_render_json(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts)
{
	return specsync_render_json_to(out, NULL, r, opts);
}
