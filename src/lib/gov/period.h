/*
 * The period report: what an audit at `to` says about the first-parent
 * units between `from` (excluded) and `to` (included). Built by period.c;
 * read by the render_period_*.c renderers, which never walk the history.
 */
#ifndef SPECSYNC_PERIOD_H
#define SPECSYNC_PERIOD_H

#include "specsync.h"
#include "result.h"

typedef struct specsync_period_item {
	const specsync_finding *f;
	const char *scope;    /* the RACI scope that applies, or NULL */
	int64_t opened;       /* time of the opening commit (events: their commit) */
	int64_t seconds;      /* resolved: open for; open_at_end: age at `to` */
	const char *how;      /* resolved: "synchronised" or "acknowledged" */
	const char *decision; /* decisions: "escalated" or "out-of-role" */
	int64_t order;        /* position in the history, for sorting */
} specsync_period_item;

typedef struct specsync_period_list {
	specsync_period_item *items;
	size_t count;
} specsync_period_list;

/* Counts of one period, for the trends. */
typedef struct specsync_period_stats {
	size_t opened, resolved;
	int64_t median; /* time to resynchronise of those resolved; -1: none */
} specsync_period_stats;

struct specsync_period {
	specsync_result *r;    /* the audit at `to` (its `now` is `to`'s time) */
	char from[41], to[41]; /* from "": the period starts before the root */
	int64_t from_time, to_time;
	size_t commits;     /* first-parent units in the period */
	char prev_from[41]; /* the previous period: (prev_from, from] */
	int64_t prev_from_time;
	specsync_period_list opened, resolved, open_at_end, out_of_role, invalid_ack, decisions;
	size_t open_at_start; /* unsynchronised at `from` */
	specsync_period_stats now, before;
};

/* One file per format; `opts` is never NULL. */
int specsync_render_period_json(specsync_buf *out, const specsync_period *p,
				const specsync_render_options *opts);
int specsync_render_period_markdown(specsync_buf *out, const specsync_period *p,
				    const specsync_render_options *opts);
int specsync_render_period_html(specsync_buf *out, const specsync_period *p,
				const specsync_render_options *opts);

/* Helpers the three share (render_period_json.c). */
/* Whole days of `seconds`, never negative. */
long specsync_period_days(int64_t seconds);
/* Median days of a period's resolved drift with one decimal, e.g. "3.5";
 * "" when nothing was resolved. */
void specsync_period_median(char out[32], const specsync_period_stats *st);

#endif
