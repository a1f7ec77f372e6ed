/*
 * The pictures of the HTML report, as inline SVG: the timeline of each
 * requirement's sync state, the open count over time (a stacked step
 * chart) and the histogram of times to resynchronise. Coordinates are
 * whole pixels of a fixed viewBox (the page scales it), printed with
 * integer formats so that no locale changes them. Text is escaped with
 * specsync_html_esc().
 *
 * Sizes stay bounded whatever the history: intervals and markers closer
 * than a pixel merge, the step chart has at most one step per pixel
 * column, and the timeline stops adding rows past a byte budget.
 */
#ifndef SPECSYNC_CHARTS_H
#define SPECSYNC_CHARTS_H

#include "report.h"

/*
 * The timeline of the first `max_rows` requirements of rep->reqs (most
 * drift first), stopping early when the SVG would exceed `budget` bytes.
 * Returns the number of rows drawn.
 */
size_t specsync_chart_timeline(specsync_buf *out, const specsync_report *rep, size_t max_rows,
			       size_t budget);

/* Open unsynchronised requirements over time, stacked by lagging side. */
void specsync_chart_open(specsync_buf *out, const specsync_report *rep);

/* Histogram of the times to resynchronise, stacked by lagging side. */
void specsync_chart_durations(specsync_buf *out, const specsync_report *rep);

/* The histogram's bins: upper bounds in seconds (the last is unbounded)
 * and labels. Returns the number of bins. */
size_t specsync_chart_duration_bins(const int64_t **bounds, const char *const **labels);

#endif
