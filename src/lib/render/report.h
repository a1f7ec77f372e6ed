/*
 * Figures for the reports people read (the HTML report, the digests),
 * computed once from a result: every unsynchronised episode with its open
 * and close times, requirements ranked by drift, the times to resynchronise
 * and the counts of the summary. Reads the result only; never walks the
 * history again.
 */
#ifndef SPECSYNC_REPORT_H
#define SPECSYNC_REPORT_H

#include "specsync.h"
#include "config.h"
#include "result.h"

typedef struct specsync_report_episode {
	const specsync_finding *f;
	size_t side;         /* index of the lagging side */
	int64_t open, close; /* author times; close is the span's end while open */
	bool is_open;
} specsync_report_episode;

typedef struct specsync_report_req {
	const char *id;
	int64_t drift;       /* seconds pending, summed over its episodes */
	size_t first, count; /* its episodes, eps[first..first+count), by open time */
	size_t open;         /* how many are still open */
} specsync_report_req;

typedef struct specsync_report_duration {
	int64_t seconds; /* closed_by time minus the opening commit's time */
	size_t side;
} specsync_report_duration;

typedef struct specsync_report {
	const specsync_result *r;
	size_t sides;
	int64_t t0, t1; /* the span of the history (t1 > t0) */
	specsync_report_episode *eps;
	size_t ep_count;
	specsync_report_req *reqs; /* every requirement with an episode, most
				      drift first (ties: natural ID order) */
	size_t req_count;
	specsync_report_duration *durations; /* closed, not baselined; ascending */
	size_t duration_count;
	size_t open_by_side[SPECSYNC_MAX_SIDES];
	size_t open_total, out_of_role, invalid_ack, errors, warnings;
} specsync_report;

/* Fills `rep` (dispose it with specsync_report_dispose even on failure).
 * SPECSYNC_ENOMEM on failure. */
int specsync_report_build(specsync_report *rep, const specsync_result *r);
void specsync_report_dispose(specsync_report *rep);

/* Median (mean of the two middle values) and 90th percentile (nearest
 * rank) of the durations; 0 when there are none. */
int64_t specsync_report_median(const specsync_report *rep);
int64_t specsync_report_p90(const specsync_report *rep);

#endif
