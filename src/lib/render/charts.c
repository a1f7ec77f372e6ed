/*
 * Inline SVG charts of a report. See charts.h.
 */
#include "common.h"
#include "charts.h"
#include "html.h"
#include "json.h"

#include <stdio.h>
#include <time.h>

/* ---- time axis ------------------------------------------------------------ */

typedef struct tick {
	int64_t t;
	char label[16];
} tick;

#define MAX_TICKS 16

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int64_t month_start(int64_t index) /* index: year * 12 + month (0-based) */
{
	return days_from_civil(index / 12, (unsigned)(index % 12) + 1, 1) * 86400;
}

static const struct {
	int64_t days;
	int64_t months;
} steps[] = {{1, 0}, {2, 0},  {7, 0},  {14, 0}, {0, 1},   {0, 2},   {0, 3},
	     {0, 6}, {0, 12}, {0, 24}, {0, 60}, {0, 120}, {0, 240}, {0, 600}};

static void label_of(char out[16], int64_t t, bool month, bool year)
{
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	if (year)
		snprintf(out, 16, "%04d", (tm.tm_year + 1900) % 10000);
	else if (month)
		snprintf(out, 16, "%04d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100);
	else
		specsync_format_date(out, t, 0);
}

/* Calendar-aligned ticks within [t0, t1], at most `max` of them. */
static size_t time_ticks(tick *out, size_t max, int64_t t0, int64_t t1)
{
	size_t k = 0, n = 0;
	int64_t span = t1 - t0;

	while (k + 1 < sizeof(steps) / sizeof(steps[0])) {
		int64_t len = steps[k].days ? steps[k].days * 86400 : steps[k].months * 2629746;
		if (span / len < (int64_t)max)
			break;
		k++;
	}
	if (steps[k].days) {
		int64_t step = steps[k].days * 86400;
		for (int64_t t = (t0 + 86399) / 86400 * 86400; t <= t1 && n < max; t += step) {
			out[n].t = t;
			label_of(out[n++].label, t, false, false);
		}
		return n;
	}
	{
		struct tm tm;
		time_t tt = (time_t)t0;
		int64_t m = steps[k].months, idx;

		gmtime_r(&tt, &tm);
		idx = (int64_t)(tm.tm_year + 1900) * 12 + tm.tm_mon;
		if (month_start(idx) < t0)
			idx++;
		idx = (idx + m - 1) / m * m;
		for (; month_start(idx) <= t1 && n < max; idx += m) {
			out[n].t = month_start(idx);
			label_of(out[n].label, out[n].t, true, m >= 12);
			n++;
		}
	}
	return n;
}

typedef struct geom {
	int x0, w; /* plot area, horizontally */
	int64_t t0, t1;
} geom;

static int xat(const geom *g, int64_t t)
{
	if (t <= g->t0)
		return g->x0;
	if (t >= g->t1)
		return g->x0 + g->w;
	return g->x0 + (int)((double)(t - g->t0) * g->w / (double)(g->t1 - g->t0));
}

/* Vertical grid lines with their labels at y `label_y`. */
static void time_grid(specsync_buf *out, const geom *g, int y0, int y1, int label_y, size_t max)
{
	tick ticks[MAX_TICKS];
	size_t n = time_ticks(ticks, max < MAX_TICKS ? max : MAX_TICKS, g->t0, g->t1);

	for (size_t i = 0; i < n; i++) {
		int x = xat(g, ticks[i].t);
		specsync_buf_printf(
			out,
			"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e5e7eb\"/>"
			"<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#6b7280\" "
			"text-anchor=\"middle\">%s</text>\n",
			x, y0, x, y1, x, label_y, ticks[i].label);
	}
}

/* ---- timeline ----------------------------------------------------------- */

enum { TL_WIDTH = 1100, TL_AXIS = 22, TL_LANE = 8, TL_GAP = 2, TL_PAD = 4 };

/* Row labels: monospace, so that their width is known (0.6 em a character
 * at 12 px, counted 7.5 to be safe); the label column fits the longest
 * label shown, from TL_LABEL_MIN to TL_LABEL_MAX characters (longer ones
 * are cut at the end), and starts TL_LABEL_PAD units in. */
enum { TL_LABEL_MIN = 8, TL_LABEL_MAX = 48, TL_LABEL_PAD = 6 };
#define TL_CHAR_WIDTH 7.5

typedef struct run {
	bool active, open;
	int x0, x1;
	size_t episodes;
	const specsync_report_episode *first, *last;
} run;

static const char *close_color(specsync_status st)
{
	switch (st) {
	case SPECSYNC_STATUS_ACKNOWLEDGED:
		return "#7c3aed";
	case SPECSYNC_STATUS_BASELINED:
		return "#9ca3af";
	default:
		return "#16a34a";
	}
}

/* How a closed episode closed (a check keeps it in closed_as). */
static specsync_status closed_as(const specsync_finding *f)
{
	return f->status == SPECSYNC_STATUS_RESOLVED && f->closed_as != SPECSYNC_STATUS_OPEN
		       ? f->closed_as
		       : f->status;
}

static void episode_title(specsync_buf *out, const specsync_report_episode *e, int64_t t1)
{
	const specsync_finding *f = e->f;
	char from[16], to[16], dur[32];

	specsync_format_date(from, e->open, 0);
	specsync_html_esc(out, f->requirement);
	specsync_buf_puts(out, ": the ");
	specsync_html_esc(out, f->lagging_side);
	specsync_buf_printf(out, " side lags from %s", from);
	if (f->commit_count) {
		specsync_buf_printf(out, " (%s by ", f->commits[0].short_id);
		specsync_html_esc(out, f->commits[0].author_name);
		specsync_buf_puts(out, ": \"");
		specsync_html_esc_cut(out, f->commits[0].summary, 80);
		specsync_buf_puts(out, "\")");
	}
	specsync_html_duration(dur, e->close - e->open);
	if (e->is_open) {
		specsync_html_duration(dur, t1 - e->open);
		specsync_buf_printf(out, ", still open at the head (%s)", dur);
	} else if (f->closed_by) {
		specsync_format_date(to, f->closed_by->time, 0);
		specsync_buf_printf(out, " to %s, %s by %s (%s)", to,
				    specsync_status_name(closed_as(f)), f->closed_by->short_id,
				    dur);
	}
}

static void flush_run(specsync_buf *out, const run *r, size_t side, int y, int64_t t1)
{
	if (!r->active)
		return;
	specsync_buf_printf(out,
			    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"2\" "
			    "fill=\"%s\"%s><title>",
			    r->x0, y, r->x1 - r->x0, TL_LANE, specsync_html_side_color(side),
			    r->open ? "" : " fill-opacity=\"0.5\"");
	if (r->episodes == 1) {
		episode_title(out, r->first, t1);
	} else {
		char a[16], b[16];
		specsync_format_date(a, r->first->open, 0);
		specsync_format_date(b, r->last->close, 0);
		specsync_html_esc(out, r->first->f->requirement);
		specsync_buf_puts(out, ": the ");
		specsync_html_esc(out, r->first->f->lagging_side);
		specsync_buf_printf(out, " side lagged %zu times between %s and %s%s", r->episodes,
				    a, b, r->open ? " (still open)" : "");
	}
	specsync_buf_puts(out, "</title></rect>\n");
}

/* Markers: a tick where an episode opened, a dot where it closed. */
static void lane_markers(specsync_buf *out, const specsync_report *rep,
			 const specsync_report_req *q, size_t side, int y, const geom *g)
{
	int last_open = -10, last_close = -10;

	for (size_t i = q->first; i < q->first + q->count; i++) {
		const specsync_report_episode *e = &rep->eps[i];
		int xo = xat(g, e->open), xc = xat(g, e->close);
		if (e->side != side)
			continue;
		if (xo - last_open >= 2) {
			specsync_buf_printf(out,
					    "<rect x=\"%d\" y=\"%d\" width=\"2\" height=\"%d\" "
					    "fill=\"#111827\"/>",
					    xo, y - 2, TL_LANE + 4);
			last_open = xo;
		}
		if (!e->is_open && xc - last_close >= 3) {
			specsync_status st = closed_as(e->f);
			specsync_buf_printf(out,
					    "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\" "
					    "stroke=\"#fff\" stroke-width=\"1\"/>",
					    xc, y + TL_LANE / 2, close_color(st));
			last_close = xc;
		}
	}
	specsync_buf_putc(out, '\n');
}

static void timeline_lane(specsync_buf *out, const specsync_report *rep,
			  const specsync_report_req *q, size_t side, int y, const geom *g)
{
	run r;

	memset(&r, 0, sizeof(r));
	specsync_buf_printf(out,
			    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eef0f3\"/>",
			    g->x0, y + TL_LANE / 2 - 1, g->w, 2);
	for (size_t i = q->first; i < q->first + q->count; i++) {
		const specsync_report_episode *e = &rep->eps[i];
		int x0 = xat(g, e->open), x1 = xat(g, e->close);
		if (e->side != side)
			continue;
		if (x1 < x0 + (e->is_open ? 5 : 2))
			x1 = x0 + (e->is_open ? 5 : 2);
		if (r.active && x0 <= r.x1 + 1) {
			if (x1 > r.x1)
				r.x1 = x1;
			r.open |= e->is_open;
			r.episodes++;
			r.last = e;
			continue;
		}
		flush_run(out, &r, side, y, rep->t1);
		r = (run){true, e->is_open, x0, x1, 1, e, e};
	}
	flush_run(out, &r, side, y, rep->t1);
	lane_markers(out, rep, q, side, y, g);
}

static int row_height(size_t sides)
{
	return 2 * TL_PAD + (int)sides * TL_LANE + ((int)sides - 1) * TL_GAP;
}

static size_t code_points(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void timeline_row(specsync_buf *out, const specsync_report *rep,
			 const specsync_report_req *q, size_t row, int y, const geom *g,
			 size_t label_chars)
{
	int h = row_height(rep->sides);

	if (row % 2)
		specsync_buf_printf(out,
				    "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" "
				    "fill=\"#f8fafc\"/>",
				    y, TL_WIDTH, h);
	specsync_buf_printf(out,
			    "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
			    "font-family=\"DejaVu Sans Mono,Menlo,Consolas,monospace\" "
			    "font-weight=\"%s\" fill=\"#111827\"><title>",
			    TL_LABEL_PAD, y + h / 2 + 4, q->open ? "700" : "400");
	specsync_html_esc(out, q->id);
	specsync_buf_puts(out, "</title>");
	/* a cut label ends in "...": three of its characters */
	specsync_html_esc_cut(out, q->id,
			      code_points(q->id) > label_chars ? label_chars - 3 : SIZE_MAX);
	specsync_buf_puts(out, "</text>\n");
	for (size_t s = 0; s < rep->sides; s++)
		timeline_lane(out, rep, q, s, y + TL_PAD + (int)s * (TL_LANE + TL_GAP), g);
}

/* Characters of the longest label among the first `max_rows` rows, within
 * TL_LABEL_MIN and TL_LABEL_MAX. */
static size_t label_chars(const specsync_report *rep, size_t max_rows)
{
	size_t chars = TL_LABEL_MIN;

	for (size_t n = 0; n < rep->req_count && n < max_rows; n++) {
		size_t c = code_points(rep->reqs[n].id);
		if (c > chars)
			chars = c;
	}
	return chars < TL_LABEL_MAX ? chars : TL_LABEL_MAX;
}

size_t specsync_chart_timeline(specsync_buf *out, const specsync_report *rep, size_t max_rows,
			       size_t budget)
{
	specsync_buf rows = SPECSYNC_BUF_INIT;
	size_t chars = label_chars(rep, max_rows), n = 0;
	int label = 2 * TL_LABEL_PAD + (int)(chars * TL_CHAR_WIDTH + 0.5);
	geom g = {label, TL_WIDTH - label - 30, rep->t0, rep->t1};
	int h = row_height(rep->sides), height;

	for (; n < rep->req_count && n < max_rows && rows.size < budget && !rows.failed; n++)
		timeline_row(&rows, rep, &rep->reqs[n], n, TL_AXIS + (int)n * h, &g, chars);
	height = 2 * TL_AXIS + (int)n * h;
	specsync_buf_printf(out,
			    "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Timeline of the "
			    "sync state of %zu requirements\">\n",
			    TL_WIDTH, height, n);
	time_grid(out, &g, TL_AXIS - 4, height - TL_AXIS + 4, 13, 9);
	time_grid(out, &g, height - TL_AXIS + 4, height - TL_AXIS + 4, height - 5, 9);
	specsync_buf_put(out, rows.ptr ? rows.ptr : "", rows.size);
	specsync_buf_printf(out,
			    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#111827\" "
			    "stroke-dasharray=\"3 3\"/>\n</svg>\n",
			    g.x0 + g.w, TL_AXIS - 4, g.x0 + g.w, height - TL_AXIS + 4);
	if (rows.failed)
		out->failed = true;
	specsync_buf_dispose(&rows);
	return n;
}

/* ---- value axis ------------------------------------------------------------ */

/* A round step so that max / step <= 5; *top: the axis top (>= max). */
static long nice_step(long max, long *top)
{
	static const long mult[] = {1, 2, 5};
	long step = 1;

	for (long p = 1;; p *= 10) {
		for (size_t i = 0; i < 3; i++) {
			step = mult[i] * p;
			if (max <= 5 * step) {
				*top = max ? (max + step - 1) / step * step : step;
				return step;
			}
		}
	}
}

typedef struct plot {
	int x0, y0, w, h; /* y0: top */
	long top;
} plot;

static int yat(const plot *p, long v)
{
	return p->y0 + p->h - (int)((double)v * p->h / (double)p->top);
}

/* Sets p->top from `max` and draws the horizontal grid. */
static void value_grid(specsync_buf *out, plot *p, long max)
{
	long step = nice_step(max, &p->top);

	for (long v = 0; v <= p->top; v += step)
		specsync_buf_printf(out,
				    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>"
				    "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#6b7280\" "
				    "text-anchor=\"end\">%ld</text>\n",
				    p->x0, yat(p, v), p->x0 + p->w, yat(p, v),
				    v ? "#e5e7eb" : "#9ca3af", p->x0 - 6, yat(p, v) + 4, v);
}

/* ---- open count over time ------------------------------------------------- */

typedef struct step_event {
	int64_t t;
	size_t side;
	int delta;
} step_event;

static int step_cmp(const void *pa, const void *pb)
{
	const step_event *a = pa, *b = pb;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->delta - b->delta; /* closes first */
}

enum { OC_WIDTH = 560, OC_HEIGHT = 250, OC_LEFT = 44, OC_RIGHT = 16, OC_TOP = 14, OC_BOTTOM = 26 };

typedef struct steps_data {
	int *xs;   /* column where segment i starts */
	long *cnt; /* cnt[i * sides + s] during segment i */
	size_t n;
	long max;
} steps_data;

static int build_steps(steps_data *sd, const specsync_report *rep, const geom *g)
{
	size_t sides = rep->sides, ne = 0, cols = (size_t)g->w + 2;
	step_event *ev = specsync_calloc(rep->ep_count * 2 + 1, sizeof(*ev));
	long cur[SPECSYNC_MAX_SIDES] = {0}, total = 0;

	sd->xs = specsync_calloc(cols, sizeof(int));
	sd->cnt = specsync_calloc(cols * sides, sizeof(long));
	if (!ev || !sd->xs || !sd->cnt) {
		free(ev);
		return SPECSYNC_ENOMEM;
	}
	for (size_t i = 0; i < rep->ep_count; i++) {
		ev[ne++] = (step_event){rep->eps[i].open, rep->eps[i].side, 1};
		if (!rep->eps[i].is_open)
			ev[ne++] = (step_event){rep->eps[i].close, rep->eps[i].side, -1};
	}
	qsort(ev, ne, sizeof(*ev), step_cmp);
	sd->xs[0] = g->x0;
	sd->n = 1;
	for (size_t i = 0; i < ne; i++) {
		int x = xat(g, ev[i].t);
		cur[ev[i].side] += ev[i].delta;
		total += ev[i].delta;
		if (total > sd->max)
			sd->max = total;
		if (x != sd->xs[sd->n - 1] && sd->n < cols)
			sd->xs[sd->n++] = x;
		memcpy(&sd->cnt[(sd->n - 1) * sides], cur, sides * sizeof(long));
	}
	free(ev);
	return 0;
}

static long stacked(const steps_data *sd, size_t seg, size_t sides, size_t upto)
{
	long v = 0;

	for (size_t s = 0; s < upto && s < sides; s++)
		v += sd->cnt[seg * sides + s];
	return v;
}

/* The layer of side k: its top boundary forwards, its bottom backwards. */
static void layer(specsync_buf *out, const steps_data *sd, size_t sides, size_t k, const plot *p)
{
	int xend = p->x0 + p->w;

	specsync_buf_printf(out, "<path fill=\"%s\" fill-opacity=\"0.85\" d=\"M%d %d",
			    specsync_html_side_color(k), sd->xs[0],
			    yat(p, stacked(sd, 0, sides, k + 1)));
	for (size_t i = 0; i < sd->n; i++) {
		specsync_buf_printf(out, "H%d", i + 1 < sd->n ? sd->xs[i + 1] : xend);
		if (i + 1 < sd->n)
			specsync_buf_printf(out, "V%d", yat(p, stacked(sd, i + 1, sides, k + 1)));
	}
	specsync_buf_printf(out, "V%d", yat(p, stacked(sd, sd->n - 1, sides, k)));
	for (size_t i = sd->n; i-- > 0;) {
		specsync_buf_printf(out, "H%d", sd->xs[i]);
		if (i)
			specsync_buf_printf(out, "V%d", yat(p, stacked(sd, i - 1, sides, k)));
	}
	specsync_buf_puts(out, "Z\"/>\n");
}

static void outline(specsync_buf *out, const steps_data *sd, size_t sides, const plot *p)
{
	specsync_buf_printf(
		out, "<path fill=\"none\" stroke=\"#111827\" stroke-width=\"1.5\" d=\"M%d %d",
		sd->xs[0], yat(p, stacked(sd, 0, sides, sides)));
	for (size_t i = 0; i < sd->n; i++) {
		specsync_buf_printf(out, "H%d", i + 1 < sd->n ? sd->xs[i + 1] : p->x0 + p->w);
		if (i + 1 < sd->n)
			specsync_buf_printf(out, "V%d", yat(p, stacked(sd, i + 1, sides, sides)));
	}
	specsync_buf_puts(out, "\"/>\n");
}

void specsync_chart_open(specsync_buf *out, const specsync_report *rep)
{
	geom g = {OC_LEFT, OC_WIDTH - OC_LEFT - OC_RIGHT, rep->t0, rep->t1};
	plot p = {OC_LEFT, OC_TOP, g.w, OC_HEIGHT - OC_TOP - OC_BOTTOM, 1};
	steps_data sd = {NULL, NULL, 0, 0};

	if (build_steps(&sd, rep, &g) < 0) {
		out->failed = true;
		goto done;
	}
	specsync_buf_printf(out,
			    "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Open "
			    "unsynchronised requirements over time\">\n",
			    OC_WIDTH, OC_HEIGHT);
	value_grid(out, &p, sd.max);
	time_grid(out, &g, OC_TOP, OC_TOP + p.h, OC_HEIGHT - 8, 5);
	for (size_t k = 0; k < rep->sides; k++)
		layer(out, &sd, rep->sides, k, &p);
	outline(out, &sd, rep->sides, &p);
	specsync_buf_puts(out, "</svg>\n");
done:
	free(sd.xs);
	free(sd.cnt);
}

/* ---- time to resynchronise ------------------------------------------------ */

#define NBINS 9

size_t specsync_chart_duration_bins(const int64_t **bounds, const char *const **labels)
{
	static const int64_t b[NBINS] = {86400,       2 * 86400,   7 * 86400,
					 14 * 86400,  28 * 86400,  91 * 86400,
					 182 * 86400, 365 * 86400, INT64_MAX};
	static const char *const l[NBINS] = {"< 1 d",
					     "1\xe2\x80\x93"
					     "2 d",
					     "2\xe2\x80\x93"
					     "7 d",
					     "1\xe2\x80\x93"
					     "2 wk",
					     "2\xe2\x80\x93"
					     "4 wk",
					     "1\xe2\x80\x93"
					     "3 mo",
					     "3\xe2\x80\x93"
					     "6 mo",
					     "6\xe2\x80\x93"
					     "12 mo",
					     "> 1 yr"};

	*bounds = b;
	*labels = l;
	return NBINS;
}

static size_t bin_of(int64_t seconds, const int64_t *bounds, size_t n)
{
	size_t i = 0;

	while (i + 1 < n && seconds >= bounds[i])
		i++;
	return i;
}

static void bar(specsync_buf *out, const plot *p, const long *counts, size_t sides, int x, int w,
		const char *label)
{
	long base = 0;

	for (size_t s = 0; s < sides; s++) {
		if (!counts[s])
			continue;
		specsync_buf_printf(
			out,
			"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
			"<title>%s: %ld</title></rect>",
			x, yat(p, base + counts[s]), w, yat(p, base) - yat(p, base + counts[s]),
			specsync_html_side_color(s), label, counts[s]);
		base += counts[s];
	}
	if (base)
		specsync_buf_printf(out,
				    "<text x=\"%d\" y=\"%d\" font-size=\"11\" font-weight=\"600\" "
				    "text-anchor=\"middle\" fill=\"#111827\">%ld</text>",
				    x + w / 2, yat(p, base) - 4, base);
	specsync_buf_printf(out,
			    "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#374151\" "
			    "text-anchor=\"middle\">%s</text>\n",
			    x + w / 2, p->y0 + p->h + 16, label);
}

void specsync_chart_durations(specsync_buf *out, const specsync_report *rep)
{
	const int64_t *bounds;
	const char *const *labels;
	size_t nb = specsync_chart_duration_bins(&bounds, &labels), sides = rep->sides;
	long counts[NBINS][SPECSYNC_MAX_SIDES], max = 0;
	plot p = {OC_LEFT, OC_TOP, OC_WIDTH - OC_LEFT - OC_RIGHT, OC_HEIGHT - OC_TOP - OC_BOTTOM,
		  1};
	int slot = p.w / (int)nb;

	memset(counts, 0, sizeof(counts));
	for (size_t i = 0; i < rep->duration_count; i++)
		counts[bin_of(rep->durations[i].seconds, bounds, nb)][rep->durations[i].side]++;
	for (size_t b = 0; b < nb; b++) {
		long t = 0;
		for (size_t s = 0; s < sides; s++)
			t += counts[b][s];
		if (t > max)
			max = t;
	}
	specsync_buf_printf(out,
			    "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Distribution "
			    "of the time to resynchronise\">\n",
			    OC_WIDTH, OC_HEIGHT);
	value_grid(out, &p, max);
	for (size_t b = 0; b < nb; b++)
		bar(out, &p, counts[b], sides, p.x0 + (int)b * slot + slot / 8, slot * 3 / 4,
		    labels[b]);
	specsync_buf_puts(out, "</svg>\n");
}
