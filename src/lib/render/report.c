/*
 * Report figures from a result. See report.h.
 */
#include "common.h"
#include "report.h"

/* How an episode closed: checks keep it in closed_as. */
static specsync_status closed_status(const specsync_result *r, const specsync_finding *f)
{
	return strcmp(r->mode, "audit") ? f->closed_as : f->status;
}

static void count_finding(specsync_report *rep, const specsync_finding *f)
{
	bool live = specsync_finding_is_live(f);

	if (f->kind == SPECSYNC_FINDING_OUT_OF_ROLE)
		rep->out_of_role++;
	else if (f->kind == SPECSYNC_FINDING_INVALID_ACK)
		rep->invalid_ack++;
	else if (live) {
		int s = specsync_side_index(rep->r->cfg, f->lagging_side);
		rep->open_total++;
		if (s >= 0)
			rep->open_by_side[s]++;
	}
	if (live && f->level == SPECSYNC_LEVEL_ERROR)
		rep->errors++;
	else if (live && f->level == SPECSYNC_LEVEL_WARNING)
		rep->warnings++;
}

/* The span: the result's, widened to every episode time. */
static void find_span(specsync_report *rep)
{
	const specsync_result *r = rep->r;

	specsync_result_time_span(r, &rep->t0, &rep->t1);
	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		if (f->kind != SPECSYNC_FINDING_UNSYNCED || !f->commit_count)
			continue;
		if (!rep->t0 || f->commits[0].time < rep->t0)
			rep->t0 = f->commits[0].time;
		if (f->closed_by && f->closed_by->time > rep->t1)
			rep->t1 = f->closed_by->time;
		if (f->commits[f->commit_count - 1].time > rep->t1)
			rep->t1 = f->commits[f->commit_count - 1].time;
	}
	if (rep->t1 <= rep->t0)
		rep->t1 = rep->t0 + 86400;
}

static int episode_cmp(const void *pa, const void *pb)
{
	const specsync_report_episode *a = pa, *b = pb;
	int c = specsync_id_cmp(a->f->requirement, b->f->requirement);

	if (c)
		return c;
	if (a->open != b->open)
		return a->open < b->open ? -1 : 1;
	return a->side < b->side ? -1 : a->side > b->side;
}

static int req_cmp(const void *pa, const void *pb)
{
	const specsync_report_req *a = pa, *b = pb;

	if (a->drift != b->drift)
		return a->drift > b->drift ? -1 : 1;
	return specsync_id_cmp(a->id, b->id);
}

static int duration_cmp(const void *pa, const void *pb)
{
	const specsync_report_duration *a = pa, *b = pb;

	return (a->seconds > b->seconds) - (a->seconds < b->seconds);
}

static void add_episode(specsync_report *rep, const specsync_finding *f)
{
	specsync_report_episode *e = &rep->eps[rep->ep_count++];
	int64_t open = f->commit_count ? f->commits[0].time : rep->t0;
	int side;

	e->f = f;
	side = specsync_side_index(rep->r->cfg, f->lagging_side);
	e->side = side < 0 ? 0 : (size_t)side;
	e->open = open;
	e->is_open = specsync_finding_is_live(f) || !f->closed_by;
	e->close = e->is_open ? rep->t1 : f->closed_by->time;
	if (e->close < e->open)
		e->close = e->open;
	if (!e->is_open && closed_status(rep->r, f) != SPECSYNC_STATUS_BASELINED) {
		specsync_report_duration *d = &rep->durations[rep->duration_count++];
		d->seconds = e->close - e->open;
		d->side = e->side;
	}
}

/* Groups the (ID-sorted) episodes into requirements. */
static int group(specsync_report *rep)
{
	if (!(rep->reqs = specsync_calloc(rep->ep_count + 1, sizeof(*rep->reqs))))
		return SPECSYNC_ENOMEM;
	for (size_t i = 0; i < rep->ep_count; i++) {
		const specsync_report_episode *e = &rep->eps[i];
		specsync_report_req *q = rep->req_count ? &rep->reqs[rep->req_count - 1] : NULL;
		if (!q || strcmp(q->id, e->f->requirement)) {
			q = &rep->reqs[rep->req_count++];
			q->id = e->f->requirement;
			q->first = i;
		}
		q->count++;
		q->drift += e->close - e->open;
		q->open += e->is_open;
	}
	qsort(rep->reqs, rep->req_count, sizeof(*rep->reqs), req_cmp);
	return 0;
}

int specsync_report_build(specsync_report *rep, const specsync_result *r)
{
	size_t n = 0;

	memset(rep, 0, sizeof(*rep));
	rep->r = r;
	rep->sides = r->cfg->side_count;
	find_span(rep);
	for (size_t i = 0; i < r->finding_count; i++) {
		count_finding(rep, &r->findings[i]);
		n += r->findings[i].kind == SPECSYNC_FINDING_UNSYNCED;
	}
	rep->eps = specsync_calloc(n + 1, sizeof(*rep->eps));
	rep->durations = specsync_calloc(n + 1, sizeof(*rep->durations));
	if (!rep->eps || !rep->durations)
		return SPECSYNC_ENOMEM;
	for (size_t i = 0; i < r->finding_count; i++)
		if (r->findings[i].kind == SPECSYNC_FINDING_UNSYNCED)
			add_episode(rep, &r->findings[i]);
	qsort(rep->eps, rep->ep_count, sizeof(*rep->eps), episode_cmp);
	qsort(rep->durations, rep->duration_count, sizeof(*rep->durations), duration_cmp);
	return group(rep);
}

void specsync_report_dispose(specsync_report *rep)
{
	free(rep->eps);
	free(rep->reqs);
	free(rep->durations);
	memset(rep, 0, sizeof(*rep));
}

int64_t specsync_report_median(const specsync_report *rep)
{
	size_t n = rep->duration_count;

	if (!n)
		return 0;
	if (n % 2)
		return rep->durations[n / 2].seconds;
	return (rep->durations[n / 2 - 1].seconds + rep->durations[n / 2].seconds) / 2;
}

int64_t specsync_report_p90(const specsync_report *rep)
{
	size_t n = rep->duration_count, rank;

	if (!n)
		return 0;
	rank = (n * 90 + 99) / 100; /* ceil(0.9 n), 1-based */
	return rep->durations[rank ? rank - 1 : 0].seconds;
}
