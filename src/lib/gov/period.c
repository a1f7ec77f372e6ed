/*
 * The period report (see period.h): one audit of the whole first-parent
 * history of `to`, read for the units of one period and the period before
 * it. Places in the history are positions on that first-parent chain, so
 * that a commit dated out of order still falls where the history puts it.
 * A date names a place by committer time, as git log --since does: author
 * times run far out of order where patches are applied long after they
 * were written (xen: a commit applied in January 2025 written in September
 * 2024). Only the commits of merged branches (out-of-role edits found
 * inside a merge) are placed by their author time.
 */
#include "period.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "config.h"
#include "git.h"
#include "map.h"
#include "render.h"
#include "walk.h"

#define BEFORE_ROOT (-1)
#define OFF_CHAIN (-2)

typedef struct chain {
	specsync_repo *repo;
	specsync_oid *ids; /* root first */
	size_t count;
	int64_t *times;        /* committer times */
	specsync_strmap index; /* hex id -> position + 1 */
	specsync_error *err;
} chain;

/* ---- dates ------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* "YYYY-MM-DD", optionally followed by " HH:MM[:SS]" or "THH:MM[:SS]",
 * in UTC. */
static bool parse_absolute(int64_t *out, const char *s)
{
	unsigned y, mo, d, h = 0, mi = 0, sec = 0;
	int n = 0, m = 0;

	if (sscanf(s, "%4u-%2u-%2u%n", &y, &mo, &d, &n) != 3 || n != 10)
		return false;
	if (s[n] == ' ' || s[n] == 'T') {
		if (sscanf(s + n + 1, "%2u:%2u%n", &h, &mi, &m) != 2)
			return false;
		n += 1 + m;
		if (s[n] == ':') {
			if (sscanf(s + n + 1, "%2u%n", &sec, &m) != 1)
				return false;
			n += 1 + m;
		}
	}
	if (s[n] || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return false;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return true;
}

/* "N unit[s] ago" (second, minute, hour, day, week, month = 30 days,
 * year = 365 days), from `now`. */
static bool parse_relative(int64_t *out, const char *s, int64_t now)
{
	static const struct {
		const char *name;
		int64_t seconds;
	} units[] = {{"second", 1},        {"minute", 60},      {"hour", 3600},
		     {"day", 86400},       {"week", 7 * 86400}, {"month", 30 * 86400},
		     {"year", 365 * 86400}};
	char unit[16], ago[8];
	unsigned long n;
	int used = 0;
	size_t len;

	if (sscanf(s, "%lu %15[a-z] %7s%n", &n, unit, ago, &used) != 3 || s[used] ||
	    strcmp(ago, "ago") != 0 || n > 100000)
		return false;
	len = strlen(unit);
	if (len > 1 && unit[len - 1] == 's')
		unit[len - 1] = '\0';
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(unit, units[i].name)) {
			*out = now - (int64_t)n * units[i].seconds;
			return true;
		}
	return false;
}

/* ---- the chain ---------------------------------------------------------- */

/* The first-parent chain of `tip`, read commit by commit (with the
 * committer times the dates need), root first. */
static int chain_load(chain *c, specsync_repo *repo, const specsync_oid *tip, specsync_error *err)
{
	specsync_commit_head *heads = NULL;
	char hex[41];
	int error;

	memset(c, 0, sizeof(c[0]));
	c->repo = repo;
	c->err = err;
	if ((error = specsync_walk_first_parents(&heads, &c->count, repo, tip, NULL, err)) < 0)
		return error;
	if (!(c->ids = specsync_calloc(c->count + 1, sizeof(*c->ids))) ||
	    !(c->times = specsync_calloc(c->count + 1, sizeof(*c->times)))) {
		free(heads);
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < c->count; i++) {
		c->ids[i] = heads[i].id;
		c->times[i] = heads[i].commit_time;
	}
	free(heads);
	for (size_t i = 0; i < c->count; i++) {
		specsync_oid_fmt(hex, &c->ids[i]);
		if (specsync_strmap_put(&c->index, hex, (void *)(uintptr_t)(i + 1), NULL) < 0)
			return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	return 0;
}

static void chain_dispose(chain *c)
{
	free(c->ids);
	free(c->times);
	specsync_strmap_dispose(&c->index);
}

static int chain_time(int64_t *out, const chain *c, long i)
{
	*out = i < 0 ? INT64_MIN : c->times[i];
	return 0;
}

/* Position of commit `hex` on the chain, or OFF_CHAIN. */
static long chain_pos(const chain *c, const char *hex)
{
	uintptr_t v = (uintptr_t)specsync_strmap_get(&c->index, hex);

	return v ? (long)v - 1 : OFF_CHAIN;
}

/* The last position whose commit is at or before time `t` (BEFORE_ROOT
 * when none), searching back from `from`. */
static int chain_before(long *out, chain *c, long from, int64_t t)
{
	int64_t ct;
	int error;

	for (long i = from; i >= 0; i--) {
		if ((error = chain_time(&ct, c, i)) < 0)
			return error;
		if (ct <= t) {
			*out = i;
			return 0;
		}
	}
	*out = BEFORE_ROOT;
	return 0;
}

/* A revision on the chain, or the earliest chain commit containing it. */
static int chain_find_rev(long *out, chain *c, const specsync_oid *id, const char *text)
{
	char hex[41];
	size_t first;
	int r;

	specsync_oid_fmt(hex, id);
	if ((*out = chain_pos(c, hex)) != OFF_CHAIN)
		return 0;
	if ((r = specsync_walk_first_containing(&first, c->repo, c->ids, sizeof(c->ids[0]),
						c->count, id, c->err)) < 0)
		return r;
	if (first < c->count) {
		*out = (long)first;
		return 0;
	}
	return specsync_fail(c->err, SPECSYNC_EUSAGE,
			     "'%s' is not in the history of the end of the period", text);
}

/* WHEN: a revision, else a date; its position on the chain. */
static int resolve_when(long *out, chain *c, const char *when, int64_t now)
{
	specsync_oid id;
	specsync_error quiet;
	int64_t t;

	specsync_error_clear(&quiet);
	if (specsync_git_resolve(&id, c->repo, when, &quiet) == 0)
		return chain_find_rev(out, c, &id, when);
	if (!parse_absolute(&t, when) && !parse_relative(&t, when, now))
		return specsync_fail(c->err, SPECSYNC_EUSAGE,
				     "'%s' is neither a revision nor a date (expected e.g. "
				     "2026-11-01, \"2026-11-01 14:00\" or \"2 weeks ago\")",
				     when);
	return chain_before(out, c, (long)c->count - 1, t);
}

/* ---- reading the audit --------------------------------------------------- */

typedef struct bounds {
	long lo, hi;        /* positions: lo excluded, hi included */
	int64_t lo_t, hi_t; /* their times, for commits off the chain */
} bounds;

static bool in_bounds(const bounds *b, long pos, int64_t t)
{
	if (pos == OFF_CHAIN)
		return t > b->lo_t && t <= b->hi_t;
	return pos > b->lo && pos <= b->hi;
}

static int list_add(specsync_period_list *l, size_t *alloc, const specsync_period_item *it)
{
	if (l->count == *alloc) {
		size_t n = *alloc ? *alloc * 2 : 16;
		specsync_period_item *p = realloc(l->items, n * sizeof(*p));
		if (!p)
			return SPECSYNC_ENOMEM;
		l->items = p;
		*alloc = n;
	}
	l->items[l->count++] = *it;
	return 0;
}

static int item_cmp(const void *pa, const void *pb)
{
	const specsync_period_item *a = pa, *b = pb;
	int c;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	if ((c = specsync_id_cmp(a->f->requirement, b->f->requirement)) != 0)
		return c;
	if (a->f->lagging_side && b->f->lagging_side)
		return strcmp(a->f->lagging_side, b->f->lagging_side);
	return 0;
}

static int dur_cmp(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

/* Median of `n` durations (sorted in place); -1 when n is 0. */
static int64_t median(int64_t *d, size_t n)
{
	if (!n)
		return -1;
	qsort(d, n, sizeof(*d), dur_cmp);
	return n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
}

typedef struct builder {
	specsync_period *p;
	const chain *c;
	bounds cur, prev;
	size_t alloc[6];
	int64_t *dur_now, *dur_before;
	size_t n_now, n_before;
} builder;

static const char *scope_of(const specsync_config *cfg, const char *id)
{
	const specsync_raci_entry *e = specsync_config_raci_for(cfg, id);

	return e ? e->scope : NULL;
}

static int unsynced(builder *b, const specsync_finding *f)
{
	specsync_period *p = b->p;
	specsync_period_item it = {f, scope_of(p->r->cfg, f->requirement), 0, 0, NULL, NULL, 0};
	long open = f->commit_count ? chain_pos(b->c, f->commits[0].id) : OFF_CHAIN;
	long close = f->closed_by ? chain_pos(b->c, f->closed_by->id) : LONG_MAX;
	bool closed =
		f->status == SPECSYNC_STATUS_RESOLVED || f->status == SPECSYNC_STATUS_ACKNOWLEDGED;
	int64_t t_open = f->commit_count ? f->commits[0].time : 0;
	int64_t t_close = f->closed_by ? f->closed_by->time : 0;
	int error = 0;

	it.opened = t_open;
	it.order = open;
	if (open != OFF_CHAIN && open <= b->cur.lo && close > b->cur.lo)
		p->open_at_start++;
	if (in_bounds(&b->cur, open, t_open)) {
		p->now.opened++;
		error = list_add(&p->opened, &b->alloc[0], &it);
	}
	b->p->before.opened += in_bounds(&b->prev, open, t_open);
	if (!error && closed && f->closed_by) {
		it.seconds = t_close > t_open ? t_close - t_open : 0;
		it.how =
			f->status == SPECSYNC_STATUS_ACKNOWLEDGED ? "acknowledged" : "synchronised";
		it.order = close;
		if (in_bounds(&b->cur, close, t_close)) {
			b->dur_now[b->n_now++] = it.seconds;
			error = list_add(&p->resolved, &b->alloc[1], &it);
		}
		if (in_bounds(&b->prev, close, t_close))
			b->dur_before[b->n_before++] = it.seconds;
	}
	if (!error && f->status == SPECSYNC_STATUS_OPEN) {
		it.how = NULL;
		it.order = open;
		/* the escalation's age: to the committer time of `to` */
		it.seconds = f->age;
		error = list_add(&p->open_at_end, &b->alloc[2], &it);
		if (!error && f->escalated) {
			it.decision = "escalated";
			error = list_add(&p->decisions, &b->alloc[5], &it);
		}
	}
	return error;
}

static int event(builder *b, const specsync_finding *f)
{
	specsync_period *p = b->p;
	specsync_period_item it = {f, scope_of(p->r->cfg, f->requirement), 0, 0, NULL, NULL, 0};
	long pos = chain_pos(b->c, f->commit->id);
	bool oor = f->kind == SPECSYNC_FINDING_OUT_OF_ROLE;
	int error;

	if (!in_bounds(&b->cur, pos, f->commit->time))
		return 0;
	it.opened = f->commit->time;
	it.order = pos == OFF_CHAIN ? LONG_MAX : pos;
	if (!oor)
		return list_add(&p->invalid_ack, &b->alloc[4], &it);
	if ((error = list_add(&p->out_of_role, &b->alloc[3], &it)) < 0)
		return error;
	it.decision = "out-of-role";
	return list_add(&p->decisions, &b->alloc[5], &it);
}

/* qsort wants a non-NULL array even when empty (UBSan says so). */
static void sort_items(specsync_period_list *l)
{
	if (l->count)
		qsort(l->items, l->count, sizeof(*l->items), item_cmp);
}

static int classify(builder *b)
{
	size_t n;
	const specsync_finding *fs = specsync_result_findings(b->p->r, &n);
	int error = 0;

	b->dur_now = specsync_calloc(n + 1, sizeof(int64_t));
	b->dur_before = specsync_calloc(n + 1, sizeof(int64_t));
	if (!b->dur_now || !b->dur_before)
		return SPECSYNC_ENOMEM;
	for (size_t i = 0; i < n && !error; i++)
		error = fs[i].kind == SPECSYNC_FINDING_UNSYNCED ? unsynced(b, &fs[i])
								: event(b, &fs[i]);
	if (error)
		return error;
	b->p->now.resolved = b->n_now;
	b->p->before.resolved = b->n_before;
	b->p->now.median = median(b->dur_now, b->n_now);
	b->p->before.median = median(b->dur_before, b->n_before);
	sort_items(&b->p->opened);
	sort_items(&b->p->resolved);
	sort_items(&b->p->open_at_end);
	return 0;
}

/* ---- entry point -------------------------------------------------------- */

static int run_audit(specsync_period *p, specsync_repo *repo, const specsync_config *cfg,
		     const specsync_period_options *o, specsync_error *err)
{
	specsync_audit_options ao = SPECSYNC_AUDIT_OPTIONS_INIT;

	ao.rev = p->to;
	ao.since = o->since;
	ao.now = p->to_time; /* ages in the report are ages at `to` */
	ao.no_cache = o->no_cache;
	ao.progress = o->progress;
	ao.progress_payload = o->progress_payload;
	return specsync_audit(&p->r, repo, cfg, &ao, err);
}

static int place(specsync_period *p, chain *c, builder *b, const specsync_period_options *o)
{
	int64_t now = o->now ? o->now : (int64_t)time(NULL), len;
	long from, to, prev;
	int error;

	if ((error = resolve_when(&to, c, o->to ? o->to : "HEAD", now)) < 0 ||
	    (error = resolve_when(&from, c, o->from, now)) < 0)
		return error;
	if (to < 0)
		return specsync_fail(c->err, SPECSYNC_EUSAGE,
				     "--to '%s' is before the first commit", o->to);
	if (from > to)
		return specsync_fail(c->err, SPECSYNC_EUSAGE,
				     "--from '%s' comes after --to '%s' in the history", o->from,
				     o->to ? o->to : "HEAD");
	if ((error = chain_time(&p->to_time, c, to)) < 0 ||
	    (error = chain_time(&p->from_time, c, from)) < 0)
		return error;
	/* the previous period: as long, ending where this one starts */
	len = from < 0 ? 0 : p->to_time - p->from_time;
	prev = BEFORE_ROOT;
	if (from >= 0 && (error = chain_before(&prev, c, from, p->from_time - len)) < 0)
		return error;
	if (prev == from && from >= 0)
		prev = from - 1; /* a period of length 0 still has a unit before it */
	if ((error = chain_time(&p->prev_from_time, c, prev)) < 0)
		return error;
	specsync_oid_fmt(p->to, &c->ids[to]);
	if (from >= 0)
		specsync_oid_fmt(p->from, &c->ids[from]);
	if (prev >= 0)
		specsync_oid_fmt(p->prev_from, &c->ids[prev]);
	p->commits = (size_t)(to - from);
	b->cur = (bounds){from, to, p->from_time, p->to_time};
	b->prev = (bounds){prev, from, p->prev_from_time, p->from_time};
	if (from < 0)
		b->prev = (bounds){BEFORE_ROOT, BEFORE_ROOT, INT64_MIN, INT64_MIN};
	return 0;
}

/* The history to read: that of `to` when it names a revision, else
 * (a date) HEAD's. */
static int chain_tip(specsync_oid *tip, specsync_repo *repo, const char *to, specsync_error *err)
{
	specsync_error quiet;
	int64_t t;

	specsync_error_clear(&quiet);
	if (to && specsync_git_resolve(tip, repo, to, &quiet) < 0 &&
	    (parse_absolute(&t, to) || parse_relative(&t, to, 0)))
		to = NULL;
	return specsync_git_resolve(tip, repo, to ? to : "HEAD", err);
}

int specsync_period_report(specsync_period **out, specsync_repo *repo, const specsync_config *cfg,
			   const specsync_period_options *opts, specsync_error *err)
{
	specsync_period *p = NULL;
	chain c;
	builder b;
	specsync_oid tip;
	int error;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	memset(&b, 0, sizeof(b));
	if (!opts || !opts->from)
		return specsync_fail(err, SPECSYNC_EUSAGE, "the period report needs --from");
	if (!(p = specsync_calloc(1, sizeof(*p))))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	b.p = p;
	b.c = &c;
	if ((error = chain_tip(&tip, repo, opts->to, err)) < 0 ||
	    (error = chain_load(&c, repo, &tip, err)) < 0 || (error = place(p, &c, &b, opts)) < 0 ||
	    (error = run_audit(p, repo, cfg, opts, err)) < 0)
		goto done;
	if ((error = classify(&b)) < 0)
		error = specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
done:
	free(b.dur_now);
	free(b.dur_before);
	chain_dispose(&c);
	if (error < 0)
		specsync_period_free(p);
	else
		*out = p;
	return error < 0 ? error : 0;
}

void specsync_period_free(specsync_period *p)
{
	if (!p)
		return;
	free(p->opened.items);
	free(p->resolved.items);
	free(p->open_at_end.items);
	free(p->out_of_role.items);
	free(p->invalid_ack.items);
	free(p->decisions.items);
	specsync_result_free(p->r);
	free(p);
}

const specsync_result *specsync_period_result(const specsync_period *p)
{
	return p->r;
}

int specsync_render_period(specsync_buf *out, const specsync_period *p, specsync_format format,
			   const specsync_render_options *opts)
{
	specsync_render_options defaults = SPECSYNC_RENDER_OPTIONS_INIT;

	if (!opts)
		opts = &defaults;
	switch (format) {
	case SPECSYNC_FORMAT_JSON:
		return specsync_render_period_json(out, p, opts);
	case SPECSYNC_FORMAT_MD:
		return specsync_render_period_markdown(out, p, opts);
	case SPECSYNC_FORMAT_HTML:
		return specsync_render_period_html(out, p, opts);
	default:
		return SPECSYNC_EUSAGE;
	}
}
