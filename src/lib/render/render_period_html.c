/*
 * `specsync report --format html`: the period report as one self-contained
 * page (the audit report's stylesheet and charts, no script, nothing
 * fetched). Tables have fixed layouts whose cells wrap, so that every
 * column stays on an A4 page when printed.
 */
#include "charts.h"
#include "common.h"
#include "config.h"
#include "html.h"
#include "json.h"
#include "period.h"
#include "render.h"
#include "renderers.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

static const char period_style[] =
	"<style>\n"
	"table.period{table-layout:fixed;width:100%}\n"
	"table.period td,table.period th{overflow-wrap:anywhere;word-break:break-word}\n"
	"table.period td.id{white-space:normal}\n"
	"table.trend td.num{width:16%}\n"
	"ul.decisions li{margin:0 0 6px}\n"
	"table.opened th:nth-child(1){width:15%}table.opened th:nth-child(2){width:10%}"
	"table.opened th:nth-child(3){width:9%}table.opened th:nth-child(4){width:18%}"
	"table.opened th:nth-child(5){width:20%}table.opened th:nth-child(6){width:18%}"
	"table.opened th:nth-child(7){width:10%}\n"
	"table.period tr{break-inside:avoid}\n"
	"h2,p.note{break-after:avoid}\n"
	"@media print{table.period{font-size:8.5pt}table.period td,table.period "
	"th{padding:3px 4px}}\n"
	"</style>\n";

static void people(specsync_buf *out, const specsync_role_list *l)
{
	bool first = true;

	for (size_t i = 0; i < l->count; i++)
		for (size_t m = 0; m < l->items[i].member_count; m++) {
			specsync_buf_puts(out, first ? "" : ", ");
			specsync_html_person(out, &l->items[i].members[m]);
			first = false;
		}
	if (first)
		specsync_buf_puts(out, "<span class=\"muted\">nobody named</span>");
}

static void days(specsync_buf *out, int64_t seconds)
{
	long d = specsync_period_days(seconds);

	specsync_buf_printf(out, "%ld day%s", d, d == 1 ? "" : "s");
}

static void commit_cell(specsync_buf *out, const specsync_commit_info *c)
{
	char date[16];
	specsync_person p = {c->author_name, c->author_email};

	specsync_format_date(date, c->time, c->offset);
	specsync_buf_printf(out, "<code>%s</code> %s<br>", c->short_id, date);
	specsync_html_person(out, &p);
}

static void header(specsync_buf *out, const specsync_period *p)
{
	char from[16], to[16];

	specsync_format_date(from, p->from_time, 0);
	specsync_format_date(to, p->to_time, 0);
	specsync_buf_puts(out, period_style);
	specsync_buf_printf(out, "<header class=\"top\"><h1>Steering report: %s to %s</h1><p>",
			    *p->from ? from : "the beginning", to);
	if (*p->from)
		specsync_buf_printf(out,
				    "after <code>%.12s</code> up to <code>%.12s</code> &middot; "
				    "%zu commits &middot; %ld days",
				    p->from, p->to, p->commits,
				    specsync_period_days(p->to_time - p->from_time));
	else
		specsync_buf_printf(out,
				    "the whole history up to <code>%.12s</code> &middot; %zu "
				    "commits",
				    p->to, p->commits);
	specsync_buf_puts(out, "</p></header>\n<main>\n");
}

static void trend_row(specsync_buf *out, const char *what, const char *now, const char *before,
		      const char *change)
{
	specsync_buf_printf(out,
			    "<tr><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
			    "<td class=\"num\">%s</td></tr>\n",
			    what, now, before, change);
}

static void count_row(specsync_buf *out, const char *what, size_t now, size_t before)
{
	char a[32], b[32], c[32];

	snprintf(a, sizeof(a), "%zu", now);
	snprintf(b, sizeof(b), "%zu", before);
	snprintf(c, sizeof(c), "%+ld", (long)now - (long)before);
	trend_row(out, what, a, b, c);
}

static void summary(specsync_buf *out, const specsync_period *p)
{
	char a[32], b[32];

	specsync_buf_puts(out, "<section><h2>Summary and trends</h2><p class=\"note\">Against the "
			       "previous period of the same length.</p><table class=\"period "
			       "trend\"><thead><tr><th></th><th class=\"num\">This period</th><th "
			       "class=\"num\">Previous period</th><th class=\"num\">Change</th>"
			       "</tr></thead><tbody>\n");
	count_row(out, "Drift opened", p->now.opened, p->before.opened);
	count_row(out, "Drift resolved", p->now.resolved, p->before.resolved);
	specsync_period_median(a, &p->now);
	specsync_period_median(b, &p->before);
	trend_row(out, "Median time to resynchronise (days)", *a ? a : "&ndash;",
		  *b ? b : "&ndash;", "");
	specsync_buf_printf(out,
			    "</tbody></table><p>Unsynchronised at the start: <b>%zu</b>; at "
			    "the end: <b>%zu</b>. Out-of-role edits: <b>%zu</b>. Invalid "
			    "acknowledgements: <b>%zu</b>.</p></section>\n",
			    p->open_at_start, p->open_at_end.count, p->out_of_role.count,
			    p->invalid_ack.count);
}

static void decisions(specsync_buf *out, const specsync_period *p)
{
	specsync_buf msg = SPECSYNC_BUF_INIT;

	specsync_buf_puts(out, "<section><h2>Decisions to take</h2>");
	if (!p->decisions.count)
		specsync_buf_puts(out, "<p class=\"muted\">None: no drift past the escalation age, "
				       "no out-of-role edit in the period.</p>");
	else
		specsync_buf_puts(out, "<ul class=\"decisions\">\n");
	for (size_t i = 0; i < p->decisions.count; i++) {
		const specsync_period_item *it = &p->decisions.items[i];
		const specsync_finding *f = it->f;

		specsync_buf_puts(out, "<li><span class=\"id\">");
		specsync_html_esc(out, f->requirement);
		specsync_buf_puts(out, "</span> ");
		if (!strcmp(it->decision, "escalated")) {
			specsync_buf_clear(&msg);
			specsync_describe_escalation(&msg, f);
			specsync_buf_printf(out, "(%s side): still unsynchronised; ",
					    f->lagging_side);
			specsync_html_esc(out, msg.ptr);
			specsync_buf_puts(out, ": update the side or acknowledge.");
		} else {
			specsync_buf_printf(out, "(%s side): ", f->side);
			specsync_html_esc(out, f->reason);
			specsync_buf_printf(
				out, " (<code>%s</code>). Keep or revert: ", f->commit->short_id);
			people(out, &f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
			specsync_buf_puts(out, ", Accountable, decides.");
		}
		specsync_buf_puts(out, "</li>\n");
	}
	specsync_buf_puts(out, p->decisions.count ? "</ul></section>\n" : "</section>\n");
	specsync_buf_dispose(&msg);
}

static void opened_row(specsync_buf *out, const specsync_period_item *it)
{
	specsync_buf_puts(out, "<tr><td class=\"id\">");
	specsync_html_esc(out, it->f->requirement);
	specsync_buf_puts(out, "</td><td>");
	specsync_html_esc(out, it->f->lagging_side);
	specsync_buf_puts(out, "</td><td><code>");
	specsync_html_esc(out, it->scope ? it->scope : "-");
	specsync_buf_puts(out, "</code></td><td>");
	commit_cell(out, &it->f->commits[0]);
	specsync_buf_puts(out, "</td><td>");
	people(out, &it->f->roles[SPECSYNC_RACI_RESPONSIBLE]);
	specsync_buf_puts(out, "</td><td>");
	people(out, &it->f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
	specsync_buf_printf(out, "</td><td>%s</td></tr>\n", specsync_status_name(it->f->status));
}

/* The rows of one lagging side and one RACI scope (NULL: none). */
static void opened_group(specsync_buf *out, const specsync_period *p, const char *side,
			 const char *scope)
{
	for (size_t i = 0; i < p->opened.count; i++) {
		const specsync_period_item *it = &p->opened.items[i];
		if (!strcmp(it->f->lagging_side, side) && it->scope == scope)
			opened_row(out, it);
	}
}

/* Grouped as in markdown: by lagging side, then RACI scope in the
 * configuration's order; history order within a group. */
static void opened(specsync_buf *out, const specsync_period *p)
{
	const specsync_config *cfg = specsync_result_config(p->r);

	specsync_buf_printf(out,
			    "<section class=\"long\"><h2>Drift opened in the period (%zu)</h2>"
			    "<p class=\"note\">By the side that must follow, then by RACI "
			    "scope; the status is the one at the end of the period.</p>",
			    p->opened.count);
	if (!p->opened.count) {
		specsync_buf_puts(out, "</section>\n");
		return;
	}
	specsync_buf_puts(out, "<table class=\"period opened\"><thead><tr><th>Requirement</th>"
			       "<th>Side that must follow</th><th>Scope</th><th>Opened by</th>"
			       "<th>Must act (Responsible)</th><th>Accountable</th>"
			       "<th>Status</th></tr></thead><tbody>\n");
	for (size_t s = 0; s < cfg->side_count; s++) {
		for (size_t e = 0; e < cfg->raci_count; e++)
			opened_group(out, p, cfg->sides[s].name, cfg->raci[e].scope);
		opened_group(out, p, cfg->sides[s].name, NULL);
	}
	specsync_buf_puts(out, "</tbody></table></section>\n");
}

static void resolved(specsync_buf *out, const specsync_period *p)
{
	specsync_buf_printf(out,
			    "<section class=\"long\"><h2>Drift resolved in the period "
			    "(%zu)</h2>",
			    p->resolved.count);
	if (p->resolved.count)
		specsync_buf_puts(out, "<table class=\"period\"><thead><tr><th>Requirement</th>"
				       "<th>Side that followed</th><th>How</th><th>By</th>"
				       "<th class=\"num\">Open for</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < p->resolved.count; i++) {
		const specsync_period_item *it = &p->resolved.items[i];
		specsync_buf_puts(out, "<tr><td class=\"id\">");
		specsync_html_esc(out, it->f->requirement);
		specsync_buf_puts(out, "</td><td>");
		specsync_html_esc(out, it->f->lagging_side);
		specsync_buf_printf(out, "</td><td>%s</td><td>", it->how);
		commit_cell(out, it->f->closed_by);
		specsync_buf_puts(out, "</td><td class=\"num\">");
		days(out, it->seconds);
		specsync_buf_puts(out, "</td></tr>\n");
	}
	specsync_buf_puts(out, p->resolved.count ? "</tbody></table></section>\n" : "</section>\n");
}

static void still_open(specsync_buf *out, const specsync_period *p)
{
	specsync_buf_printf(out,
			    "<section class=\"long\"><h2>Still open at the end (%zu)</h2>"
			    "<p class=\"note\">Oldest first.</p>",
			    p->open_at_end.count);
	if (p->open_at_end.count)
		specsync_buf_puts(out,
				  "<table class=\"period\"><thead><tr><th>Requirement</th>"
				  "<th>Side that must follow</th><th>Since</th><th "
				  "class=\"num\">Age</th><th>Accountable</th><th>Level</th></tr>"
				  "</thead><tbody>\n");
	for (size_t i = 0; i < p->open_at_end.count; i++) {
		const specsync_period_item *it = &p->open_at_end.items[i];
		specsync_buf_puts(out, "<tr><td class=\"id\">");
		specsync_html_esc(out, it->f->requirement);
		specsync_buf_puts(out, "</td><td>");
		specsync_html_esc(out, it->f->lagging_side);
		specsync_buf_puts(out, "</td><td>");
		commit_cell(out, &it->f->commits[0]);
		specsync_buf_puts(out, "</td><td class=\"num\">");
		days(out, it->seconds);
		specsync_buf_puts(out, "</td><td>");
		people(out, &it->f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
		specsync_buf_puts(out, "</td><td>");
		specsync_html_level(out, it->f->level);
		if (it->f->escalated)
			specsync_buf_puts(out, " escalated");
		specsync_buf_puts(out, "</td></tr>\n");
	}
	specsync_buf_puts(out,
			  p->open_at_end.count ? "</tbody></table></section>\n" : "</section>\n");
}

static void events(specsync_buf *out, const specsync_period_list *l, bool oor)
{
	specsync_buf_printf(out, "<section class=\"long\"><h2>%s in the period (%zu)</h2>",
			    oor ? "Edits outside one's role" : "Invalid acknowledgements",
			    l->count);
	if (oor)
		specsync_buf_puts(out, "<p class=\"note\">Grouped by person and side.</p>");
	if (l->count)
		specsync_buf_printf(out,
				    "<table class=\"period\"><thead><tr><th>Who</th>%s"
				    "<th>Requirement</th><th>Commit</th><th>Why</th></tr>"
				    "</thead><tbody>\n",
				    oor ? "<th>Side</th>" : "");
	for (size_t i = 0; i < l->count; i++) {
		const specsync_finding *f = l->items[i].f;
		bool seen = false;
		for (size_t j = 0; oor && j < i && !seen; j++)
			seen = !specsync_email_cmp(l->items[j].f->author.email
							   ? l->items[j].f->author.email
							   : "",
						   f->author.email ? f->author.email : "") &&
			       !strcmp(l->items[j].f->side, f->side);
		if (seen)
			continue;
		for (size_t j = i; j < l->count; j++) {
			const specsync_finding *g = l->items[j].f;
			if (oor && (specsync_email_cmp(g->author.email ? g->author.email : "",
						       f->author.email ? f->author.email : "") ||
				    strcmp(g->side, f->side)))
				continue;
			if (!oor && j != i)
				break;
			specsync_buf_puts(out, "<tr><td>");
			specsync_html_person(out, &g->author);
			if (oor) {
				specsync_buf_puts(out, "</td><td>");
				specsync_html_esc(out, g->side);
			}
			specsync_buf_puts(out, "</td><td class=\"id\">");
			specsync_html_esc(out, g->requirement);
			specsync_buf_puts(out, "</td><td>");
			commit_cell(out, g->commit);
			specsync_buf_puts(out, "</td><td>");
			specsync_html_esc(out, g->reason);
			specsync_buf_puts(out, "</td></tr>\n");
		}
	}
	specsync_buf_puts(out, l->count ? "</tbody></table></section>\n" : "</section>\n");
}

/* The audit report's charts, over the whole history up to `to`. */
static int charts(specsync_buf *out, const specsync_period *p)
{
	specsync_report rep;
	int error = specsync_report_build(&rep, p->r);

	if (error >= 0) {
		specsync_buf_puts(out, "<div class=\"grid2\">\n<section><h2>Open unsynchronised "
				       "requirements over time</h2><p class=\"note\">The whole "
				       "history up to the end of the period, by the side that "
				       "lags.</p>\n");
		specsync_chart_open(out, &rep);
		specsync_buf_puts(out,
				  "</section>\n<section><h2>Time to resynchronise</h2>"
				  "<p class=\"note\">Closed episodes of the whole history.</p>\n");
		if (rep.duration_count)
			specsync_chart_durations(out, &rep);
		else
			specsync_buf_puts(out,
					  "<p class=\"muted\">No episode has closed yet.</p>\n");
		specsync_buf_puts(out, "</section>\n</div>\n");
	}
	specsync_report_dispose(&rep);
	return error;
}

int specsync_render_period_html(specsync_buf *out, const specsync_period *p,
				const specsync_render_options *opts)
{
	int error;

	(void)opts;
	specsync_html_begin(out, "specsync steering report");
	header(out, p);
	summary(out, p);
	decisions(out, p);
	if ((error = charts(out, p)) < 0)
		return error;
	opened(out, p);
	resolved(out, p);
	still_open(out, p);
	events(out, &p->out_of_role, true);
	events(out, &p->invalid_ack, false);
	specsync_buf_printf(out,
			    "</main>\n<footer>specsync %s &middot; period %.12s..%.12s</footer>\n",
			    SPECSYNC_VERSION_STRING, *p->from ? p->from : "", p->to);
	specsync_html_end(out);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
