/*
 * `--format html`: one self-contained page for people (a project lead, a
 * steering committee): summary figures, charts, a timeline of each
 * requirement's sync state, who must act on what, out-of-role edits and
 * invalid acknowledgements. Bounded on large projects: the timeline shows
 * the requirements with the most drift, tables stop after a fixed number
 * of rows and say how many they leave out.
 */
#include "common.h"
#include "charts.h"
#include "html.h"
#include "json.h"
#include "map.h"
#include "render.h"
#include "rename.h"
#include "renderers.h"
#include "report.h"

#include <stdio.h>

#define TIMELINE_ROWS 200
#define TIMELINE_BUDGET (2048 * 1024)
#define GROUP_ROWS 200
#define EVENT_ROWS 300
#define OTHER_ROWS 1000

/* ---- header and summary ------------------------------------------------ */

/* The index of a finding's side (always a configured one). */
static size_t side_or_first(const specsync_config *cfg, const char *name)
{
	int s = specsync_side_index(cfg, name);

	return s < 0 ? 0 : (size_t)s;
}

static void side_chip(specsync_buf *out, const specsync_config *cfg, size_t s)
{
	specsync_buf_printf(out, "<span class=\"side\" style=\"background:%s\">",
			    specsync_html_side_color(s));
	specsync_html_esc(out, cfg->sides[s].name);
	specsync_buf_puts(out, "</span>");
}

static void header(specsync_buf *out, const specsync_report *rep)
{
	const specsync_result *r = rep->r;
	char a[16], b[16], now[32];

	specsync_format_date(a, rep->t0, 0);
	specsync_format_date(b, rep->t1, 0);
	specsync_format_time(now, r->now, 0);
	specsync_buf_puts(out, "<header class=\"top\"><h1>Specification sync report</h1><p>");
	if (strcmp(r->mode, "audit"))
		specsync_buf_printf(out, "check (%s) &middot; ", r->mode);
	specsync_buf_printf(out,
			    "revision <code>%.12s</code> &middot; %zu commit%s &middot; history "
			    "%s to %s &middot; sides ",
			    r->head, r->commit_count, r->commit_count == 1 ? "" : "s", a, b);
	for (size_t s = 0; s < rep->sides; s++) {
		specsync_buf_puts(out, s ? ", " : "");
		specsync_html_esc(out, r->cfg->sides[s].name);
	}
	if (r->baseline)
		specsync_buf_printf(out, " &middot; baseline <code>%s</code>",
				    r->baseline->short_id);
	if (r->rules_from[0])
		specsync_buf_printf(out, " &middot; rules from <code>%.12s</code>", r->rules_from);
	specsync_buf_printf(out, " &middot; generated %s</p></header>\n<main>\n", now);
}

static void card(specsync_buf *out, const char *cls, const char *number, const char *label)
{
	specsync_buf_printf(out,
			    "<div class=\"card %s\"><div class=\"n\">%s</div>"
			    "<div class=\"l\">%s</div>",
			    cls, number, label);
}

static void open_card(specsync_buf *out, const specsync_report *rep)
{
	char n[32];
	bool error = false;

	for (size_t i = 0; i < rep->r->finding_count; i++) {
		const specsync_finding *f = &rep->r->findings[i];
		error |= f->kind == SPECSYNC_FINDING_UNSYNCED && specsync_finding_is_live(f) &&
			 f->level == SPECSYNC_LEVEL_ERROR;
	}
	snprintf(n, sizeof(n), "%zu", rep->open_total);
	card(out, !rep->open_total ? "good" : error ? "bad" : "warn", n, "open unsynchronised");
	specsync_buf_puts(out, "<div class=\"d\">");
	for (size_t s = 0, first = 1; s < rep->sides; s++) {
		if (!rep->open_by_side[s])
			continue;
		specsync_buf_puts(out, first ? "" : " ");
		side_chip(out, rep->r->cfg, s);
		specsync_buf_printf(out, " %zu", rep->open_by_side[s]);
		first = 0;
	}
	specsync_buf_puts(out, rep->open_total ? " lagging</div></div>\n" : "none</div></div>\n");
}

/* One sentence that says how things stand. */
static void verdict(specsync_buf *out, const specsync_report *rep)
{
	const specsync_result *r = rep->r;
	const specsync_finding *oldest = NULL;
	size_t errors = 0;

	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		if (f->kind != SPECSYNC_FINDING_UNSYNCED || !specsync_finding_is_live(f))
			continue;
		errors += f->level == SPECSYNC_LEVEL_ERROR;
		if (f->commit_count && (!oldest || f->commits[0].time < oldest->commits[0].time))
			oldest = f;
	}
	specsync_buf_puts(out, "<p class=\"verdict\">");
	if (!rep->open_total) {
		specsync_buf_puts(out, "<span class=\"ok\">&#10004; Every requirement is "
				       "synchronised.</span></p>\n");
		return;
	}
	specsync_buf_printf(out, "<b>%zu requirement%s wait%s for an update</b>", rep->open_total,
			    rep->open_total == 1 ? "" : "s", rep->open_total == 1 ? "s" : "");
	if (errors)
		specsync_buf_printf(out,
				    ", %zu of them at policy <span class=\"lvl error\">error"
				    "</span>",
				    errors);
	if (oldest) {
		specsync_buf_puts(out, ". The oldest, <b>");
		specsync_html_esc(out, oldest->requirement);
		specsync_buf_puts(out, "</b> (");
		specsync_html_esc(out, oldest->lagging_side);
		specsync_buf_printf(out, " side), has waited %ld days",
				    specsync_age_days(oldest->commits[0].time, r->now));
	}
	specsync_buf_puts(out, ".</p>\n");
}

static void summary(specsync_buf *out, const specsync_report *rep)
{
	char n[32], d[32];

	verdict(out, rep);

	specsync_buf_puts(out, "<div class=\"cards\">\n");
	snprintf(n, sizeof(n), "%zu", rep->r->requirement_count);
	card(out, "info", n, "requirements");
	specsync_buf_printf(out, "<div class=\"d\">%zu ever unsynchronised</div></div>\n",
			    rep->req_count);
	open_card(out, rep);
	snprintf(n, sizeof(n), "%zu", rep->out_of_role);
	card(out, rep->out_of_role ? "warn" : "good", n, "out-of-role edits");
	specsync_buf_puts(out,
			  "<div class=\"d\">edits by people outside the side's R/A</div></div>\n");
	snprintf(n, sizeof(n), "%zu", rep->invalid_ack);
	card(out, rep->invalid_ack ? "warn" : "good", n, "invalid acknowledgements");
	specsync_buf_puts(out, "<div class=\"d\">Sync-Ack lines that did not count</div></div>\n");
	specsync_html_duration(d, specsync_report_median(rep));
	card(out, "info", rep->duration_count ? d : "&ndash;", "median time to resync");
	specsync_buf_printf(out, "<div class=\"d\">over %zu closed episode%s</div></div>\n",
			    rep->duration_count, rep->duration_count == 1 ? "" : "s");
	specsync_html_duration(d, specsync_report_p90(rep));
	card(out, "info", rep->duration_count ? d : "&ndash;", "90th percentile");
	specsync_buf_puts(out, "<div class=\"d\">9 in 10 resynchronised within</div></div>\n");
	specsync_buf_puts(out, "</div>\n");
}

/* ---- charts -------------------------------------------------------------- */

static void side_legend(specsync_buf *out, const specsync_config *cfg, const char *suffix)
{
	for (size_t s = 0; s < cfg->side_count; s++) {
		specsync_buf_printf(out, "<span><i style=\"background:%s\"></i>",
				    specsync_html_side_color(s));
		specsync_html_esc(out, cfg->sides[s].name);
		specsync_buf_printf(out, " %s</span>", suffix);
	}
}

static void charts(specsync_buf *out, const specsync_report *rep)
{
	specsync_buf_puts(out,
			  "<div class=\"grid2\">\n<section><h2>Open unsynchronised "
			  "requirements over time</h2><p class=\"note\">How many requirements "
			  "wait for an update, by the side that lags.</p><div class=\"legend\">");
	side_legend(out, rep->r->cfg, "side lags");
	specsync_buf_puts(out, "</div>\n");
	specsync_chart_open(out, rep);
	specsync_buf_puts(out,
			  "</section>\n<section><h2>Time to resynchronise</h2><p class=\"note\">"
			  "From the change that left a side behind to the change (or "
			  "acknowledgement) that caught up; closed episodes only.</p>"
			  "<div class=\"legend\">");
	side_legend(out, rep->r->cfg, "side lagged");
	specsync_buf_puts(out, "</div>\n");
	if (rep->duration_count)
		specsync_chart_durations(out, rep);
	else
		specsync_buf_puts(out, "<p class=\"muted\">No episode has closed yet.</p>\n");
	specsync_buf_puts(out, "</section>\n</div>\n");
}

static size_t timeline(specsync_buf *out, const specsync_report *rep)
{
	size_t shown;

	specsync_buf_puts(out, "<section class=\"long\"><h2>Timeline</h2>");
	if (!rep->req_count) {
		specsync_buf_puts(out, "<p class=\"note\">No requirement was ever "
				       "unsynchronised.</p></section>\n");
		return 0;
	}
	specsync_buf_puts(out, "<div class=\"legend\">");
	side_legend(out, rep->r->cfg, "side lags");
	specsync_buf_puts(out,
			  "<span><i class=\"m\" style=\"color:#111827\">|</i>change that "
			  "left it behind</span><span><i class=\"m\" style=\"color:#16a34a\">"
			  "&#9679;</i>caught up</span><span><i class=\"m\" "
			  "style=\"color:#7c3aed\">&#9679;</i>acknowledged</span><span><i "
			  "class=\"m\" style=\"color:#9ca3af\">&#9679;</i>baselined</span>"
			  "<span>faded: closed &middot; solid: still open &middot; dashed line: "
			  "the revision examined</span></div>\n");
	shown = specsync_chart_timeline(out, rep, TIMELINE_ROWS, TIMELINE_BUDGET);
	specsync_buf_printf(out,
			    "<p class=\"note\">%zu of %zu requirement%s ever unsynchronised, "
			    "most time pending first (bold: still open). Hover a bar for "
			    "details.%s</p></section>\n",
			    shown, rep->req_count, rep->req_count == 1 ? "" : "s",
			    shown < rep->req_count ? " The others are listed at the end." : "");
	return shown;
}

/* ---- who must act ---------------------------------------------------------- */

typedef struct group_item {
	const specsync_finding *f;
	unsigned letters; /* bit SPECSYNC_RACI_RESPONSIBLE, _ACCOUNTABLE; 0: nobody */
} group_item;

typedef struct group {
	const specsync_role_ref *role; /* NULL: no Responsible nor Accountable */
	group_item *items;
	size_t count, alloc, errors;
} group;

typedef struct groups {
	group *items;
	size_t count, alloc;
	specsync_strmap index; /* role key -> group index + 1 */
} groups;

static int group_add(groups *gs, const specsync_role_ref *role, const specsync_finding *f,
		     int letter)
{
	const char *key = role ? role->role : "";
	size_t gi = (size_t)(uintptr_t)specsync_strmap_get(&gs->index, key);
	group *g;

	if (!gi) {
		if (SPECSYNC_ARRAY_RESERVE(gs->items, gs->alloc, gs->count + 1) < 0 ||
		    specsync_strmap_put(&gs->index, key, (void *)(uintptr_t)(gs->count + 1), NULL) <
			    0)
			return SPECSYNC_ENOMEM;
		memset(&gs->items[gs->count], 0, sizeof(group));
		gs->items[gs->count].role = role;
		gi = ++gs->count;
	}
	g = &gs->items[gi - 1];
	/* a role both Responsible and Accountable lists the finding once */
	if (g->count && g->items[g->count - 1].f == f) {
		g->items[g->count - 1].letters |= letter >= 0 ? 1u << letter : 0;
		return 0;
	}
	if (SPECSYNC_ARRAY_RESERVE(g->items, g->alloc, g->count + 1) < 0)
		return SPECSYNC_ENOMEM;
	g->items[g->count++] = (group_item){f, letter >= 0 ? 1u << letter : 0};
	g->errors += f->level == SPECSYNC_LEVEL_ERROR;
	return 0;
}

static int group_cmp(const void *pa, const void *pb)
{
	const group *a = pa, *b = pb;

	if (a->errors != b->errors)
		return a->errors > b->errors ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (!a->role || !b->role)
		return !a->role ? 1 : -1;
	return strcmp(a->role->name, b->role->name);
}

static int64_t opened(const specsync_finding *f)
{
	return f->commit_count ? f->commits[0].time : INT64_MAX;
}

/* Oldest first; then natural ID order. */
static int item_cmp(const void *pa, const void *pb)
{
	const group_item *a = pa, *b = pb;

	if (opened(a->f) != opened(b->f))
		return opened(a->f) < opened(b->f) ? -1 : 1;
	return specsync_id_cmp(a->f->requirement, b->f->requirement);
}

static int collect_groups(groups *gs, const specsync_result *r)
{
	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		bool any = false;
		if (f->kind != SPECSYNC_FINDING_UNSYNCED || !specsync_finding_is_live(f))
			continue;
		for (int l = SPECSYNC_RACI_RESPONSIBLE; l <= SPECSYNC_RACI_ACCOUNTABLE; l++)
			for (size_t k = 0; k < f->roles[l].count; k++, any = true)
				if (group_add(gs, &f->roles[l].items[k], f, l) < 0)
					return SPECSYNC_ENOMEM;
		if (!any && group_add(gs, NULL, f, -1) < 0)
			return SPECSYNC_ENOMEM;
	}
	for (size_t i = 0; i < gs->count; i++)
		if (gs->items[i].count > 1)
			qsort(gs->items[i].items, gs->items[i].count, sizeof(group_item), item_cmp);
	if (gs->count > 1)
		qsort(gs->items, gs->count, sizeof(group), group_cmp);
	return 0;
}

static void members(specsync_buf *out, const specsync_role_ref *role)
{
	for (size_t m = 0; m < role->member_count; m++) {
		const specsync_person *p = &role->members[m];
		specsync_buf_puts(out, m ? ", " : "");
		if (p->email) {
			specsync_buf_puts(out, "<a href=\"mailto:");
			specsync_html_esc(out, p->email);
			specsync_buf_puts(out, "\">");
			specsync_html_person(out, p);
			specsync_buf_puts(out, "</a>");
		} else {
			specsync_html_person(out, p);
		}
	}
	if (!role->member_count)
		specsync_buf_puts(out, "<em>no members</em>");
}

static void where_to_update(specsync_buf *out, const specsync_finding *f)
{
	for (size_t i = 0; i < f->lagging_location_count && i < 3; i++) {
		specsync_buf_puts(out, i ? "<br><code>" : "<code>");
		specsync_html_location(out, &f->lagging_locations[i]);
		specsync_buf_puts(out, "</code>");
	}
	if (f->lagging_location_count > 3)
		specsync_buf_printf(out, " <span class=\"muted\">+%zu</span>",
				    f->lagging_location_count - 3);
	if (f->lagging_location_count)
		return;
	specsync_buf_puts(out, "<em>missing</em>");
	if (f->lagging_hint_path) {
		specsync_buf_puts(out, " <span class=\"muted\">(e.g. in <code>");
		specsync_html_esc(out, f->lagging_hint_path);
		specsync_buf_puts(out, "</code>)</span>");
	}
}

static void commit_cell(specsync_buf *out, const specsync_commit_info *c)
{
	char date[16];

	specsync_format_date(date, c->time, c->offset);
	specsync_buf_printf(out, "<code>%s</code> %s, ", c->short_id, date);
	specsync_html_esc(out, c->author_name);
	specsync_buf_puts(out, "<br><span class=\"muted\">");
	specsync_html_esc_cut(out, c->summary, 100);
	specsync_buf_puts(out, "</span>");
}

static void group_row(specsync_buf *out, const specsync_result *r, const group_item *it)
{
	const specsync_finding *f = it->f;
	const specsync_config *cfg = r->cfg;
	int64_t since = f->commit_count ? f->commits[0].time : r->now;

	specsync_buf_puts(out, "<tr><td class=\"id\">");
	specsync_html_esc(out, f->requirement);
	specsync_buf_printf(out, "</td><td>%s%s%s</td><td>",
			    it->letters & (1u << SPECSYNC_RACI_RESPONSIBLE) ? "Responsible" : "",
			    it->letters == 3u ? ", " : "",
			    it->letters & (1u << SPECSYNC_RACI_ACCOUNTABLE) ? "Accountable"
			    : it->letters                                   ? ""
									    : "&ndash;");
	side_chip(out, cfg, side_or_first(cfg, f->lagging_side));
	specsync_buf_puts(out, "</td><td>");
	for (size_t i = 0; i < f->changed_side_count; i++) {
		specsync_buf_puts(out, i ? ", " : "");
		specsync_html_esc(out, f->changed_sides[i]);
	}
	specsync_buf_puts(out, "</td><td>");
	if (f->commit_count)
		commit_cell(out, &f->commits[f->commit_count - 1]);
	specsync_buf_puts(out, "</td><td>");
	where_to_update(out, f);
	specsync_buf_printf(out, "</td><td class=\"num\">%ld d</td><td>",
			    specsync_age_days(since, r->now));
	specsync_html_level(out, f->level);
	if (f->escalated) {
		specsync_buf esc = SPECSYNC_BUF_INIT;
		specsync_describe_escalation(&esc, f);
		specsync_buf_puts(out, "<br><span class=\"note\">escalated: ");
		specsync_html_esc(out, esc.ptr ? esc.ptr : "");
		specsync_buf_puts(out, "</span>");
		specsync_buf_dispose(&esc);
	}
	if (f->renamed_from || f->renamed_to) {
		specsync_buf ren = SPECSYNC_BUF_INIT;
		specsync_finding_describe_rename(&ren, f);
		specsync_buf_puts(out, "<br><span class=\"note\">");
		specsync_html_esc(out, ren.ptr ? ren.ptr : "");
		specsync_buf_puts(out, "</span>");
		specsync_buf_dispose(&ren);
	}
	for (size_t i = 0; i < f->reviewer_count; i++) {
		specsync_buf_puts(out,
				  i ? ", " : "<br><span class=\"note\">reviewers to request: ");
		specsync_html_esc(out, f->reviewers[i]);
		specsync_buf_puts(out, i + 1 == f->reviewer_count ? "</span>" : "");
	}
	specsync_buf_puts(out, "</td></tr>\n");
}

static void group_block(specsync_buf *out, const specsync_result *r, const group *g)
{
	size_t resp = 0, acc = 0;

	for (size_t i = 0; i < g->count; i++) {
		resp += !!(g->items[i].letters & (1u << SPECSYNC_RACI_RESPONSIBLE));
		acc += !!(g->items[i].letters & (1u << SPECSYNC_RACI_ACCOUNTABLE));
	}
	specsync_buf_puts(out, "<div class=\"group\"><h3>");
	if (g->role)
		specsync_html_esc(out, g->role->name);
	else
		specsync_buf_puts(out, "Nobody: the RACI names no Responsible or Accountable");
	specsync_buf_printf(out,
			    " <span class=\"muted\">&middot; Responsible for %zu, "
			    "Accountable for %zu</span></h3>",
			    resp, acc);
	if (g->role) {
		specsync_buf_puts(out, "<p class=\"who\">");
		members(out, g->role);
		specsync_buf_puts(out, "</p>");
	}
	specsync_buf_puts(out,
			  "<table><thead><tr><th>Requirement</th><th>As</th><th>Lagging "
			  "side</th><th>Changed on</th><th>Latest change</th><th>To update</th>"
			  "<th class=\"num\">Age</th><th>Level</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < g->count && i < GROUP_ROWS; i++)
		group_row(out, r, &g->items[i]);
	specsync_buf_puts(out, "</tbody></table>");
	if (g->count > GROUP_ROWS)
		specsync_buf_printf(out,
				    "<p class=\"more\">&hellip; and %zu more (see "
				    "<code>specsync audit --format json</code>)</p>",
				    g->count - GROUP_ROWS);
	specsync_buf_puts(out, "</div>\n");
}

static int who_must_act(specsync_buf *out, const specsync_result *r)
{
	groups gs;
	int error;

	memset(&gs, 0, sizeof(gs));
	specsync_buf_puts(out, "<section class=\"long\"><h2>Who must act</h2><p class=\"note\">"
			       "Open unsynchronised requirements, under each Responsible and "
			       "Accountable role of the side that lags; the longest waiting first."
			       "</p>\n");
	if ((error = collect_groups(&gs, r)) < 0)
		goto done;
	for (size_t i = 0; i < gs.count; i++)
		group_block(out, r, &gs.items[i]);
	if (!gs.count)
		specsync_buf_puts(out, "<p class=\"ok\">Every requirement is synchronised.</p>\n");
	specsync_buf_puts(out, "</section>\n");
done:
	for (size_t i = 0; i < gs.count; i++)
		free(gs.items[i].items);
	free(gs.items);
	specsync_strmap_dispose(&gs.index);
	return error;
}

/* ---- events ---------------------------------------------------------------- */

static void event_row(specsync_buf *out, const specsync_result *r, const specsync_finding *f)
{
	char date[16];

	specsync_format_date(date, f->commit->time, f->commit->offset);
	specsync_buf_puts(out, "<tr><td class=\"id\">");
	specsync_html_esc(out, f->requirement);
	specsync_buf_puts(out, "</td><td>");
	if (f->kind == SPECSYNC_FINDING_OUT_OF_ROLE) {
		side_chip(out, r->cfg, side_or_first(r->cfg, f->side));
		specsync_buf_puts(out, "</td><td>");
	}
	specsync_html_person(out, &f->author);
	specsync_buf_printf(out, "</td><td><code>%s</code> ", f->commit->short_id);
	specsync_html_esc_cut(out, f->commit->summary, 100);
	if (f->kind == SPECSYNC_FINDING_INVALID_ACK) {
		specsync_buf_puts(out, "</td><td>");
		specsync_html_esc(out, f->reason);
	}
	specsync_buf_printf(out, "</td><td class=\"date\">%s</td><td>", date);
	specsync_html_level(out, f->level);
	specsync_buf_puts(out, "</td></tr>\n");
}

static void events(specsync_buf *out, const specsync_result *r, specsync_finding_kind kind,
		   size_t total)
{
	bool oor = kind == SPECSYNC_FINDING_OUT_OF_ROLE;
	size_t shown = 0;

	specsync_buf_printf(out, "<section><h2>%s</h2><p class=\"note\">%s</p>\n",
			    oor ? "Out-of-role edits" : "Invalid acknowledgements",
			    oor ? "Requirements edited by someone who is neither Responsible nor "
				  "Accountable for that side; most recent first."
				: "Sync-Ack lines that did not close anything; most recent first.");
	if (!total) {
		specsync_buf_puts(out, "<p class=\"ok\">None.</p></section>\n");
		return;
	}
	specsync_buf_printf(out,
			    "<table><thead><tr><th>Requirement</th>%s<th>Author</th>"
			    "<th>Commit</th>%s<th>Date</th><th>Level</th></tr></thead><tbody>\n",
			    oor ? "<th>Side edited</th>" : "", oor ? "" : "<th>Why</th>");
	for (size_t i = r->finding_count; i-- > 0 && shown < EVENT_ROWS;)
		if (r->findings[i].kind == kind) {
			event_row(out, r, &r->findings[i]);
			shown++;
		}
	specsync_buf_puts(out, "</tbody></table>");
	if (total > shown)
		specsync_buf_printf(out, "<p class=\"more\">&hellip; and %zu older ones</p>",
				    total - shown);
	specsync_buf_puts(out, "</section>\n");
}

/* ---- the requirements left out of the timeline ---------------------------- */

static void other_row(specsync_buf *out, const specsync_report *rep, const specsync_report_req *q)
{
	char d[32];
	bool any = false;

	specsync_buf_puts(out, "<tr><td class=\"id\">");
	specsync_html_esc(out, q->id);
	specsync_buf_printf(out, "</td><td class=\"num\">%zu</td><td>", q->count);
	for (size_t i = q->first; i < q->first + q->count; i++) {
		if (!rep->eps[i].is_open)
			continue;
		specsync_buf_puts(out, any ? " " : "");
		side_chip(out, rep->r->cfg, rep->eps[i].side);
		any = true;
	}
	specsync_html_duration(d, q->drift);
	specsync_buf_printf(out, "%s</td><td class=\"num\">%s</td></tr>\n",
			    any ? "" : "<span class=\"muted\">synchronised</span>", d);
}

static void others(specsync_buf *out, const specsync_report *rep, size_t shown)
{
	size_t n = rep->req_count - shown;

	if (!n)
		return;
	specsync_buf_printf(out,
			    "<section class=\"long\"><h2>Other requirements</h2><p "
			    "class=\"note\">%zu requirement%s ever unsynchronised, left out of "
			    "the timeline (less time pending).</p>\n",
			    n, n == 1 ? "" : "s");
	specsync_buf_puts(out, "<table><thead><tr><th>Requirement</th><th class=\"num\">"
			       "Episodes</th><th>Lagging now</th><th class=\"num\">Time pending"
			       "</th></tr></thead><tbody>\n");
	for (size_t i = shown; i < rep->req_count && i < shown + OTHER_ROWS; i++)
		other_row(out, rep, &rep->reqs[i]);
	specsync_buf_puts(out, "</tbody></table>");
	if (n > OTHER_ROWS)
		specsync_buf_printf(out,
				    "<p class=\"more\">&hellip; and %zu more (see "
				    "<code>specsync audit --format json</code>)</p>",
				    n - OTHER_ROWS);
	specsync_buf_puts(out, "</section>\n");
}

int specsync_render_html(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts)
{
	specsync_report rep;
	size_t shown;
	int error;

	(void)opts;
	if ((error = specsync_report_build(&rep, r)) < 0)
		goto done;
	specsync_html_begin(out, "specsync report");
	header(out, &rep);
	summary(out, &rep);
	charts(out, &rep);
	shown = timeline(out, &rep);
	if ((error = who_must_act(out, r)) < 0)
		goto done;
	events(out, r, SPECSYNC_FINDING_OUT_OF_ROLE, rep.out_of_role);
	events(out, r, SPECSYNC_FINDING_INVALID_ACK, rep.invalid_ack);
	others(out, &rep, shown);
	specsync_buf_printf(out, "</main>\n<footer>specsync %s &middot; revision %s</footer>\n",
			    SPECSYNC_VERSION_STRING, r->head);
	specsync_html_end(out);
done:
	specsync_report_dispose(&rep);
	if (error < 0 || out->failed)
		return SPECSYNC_ENOMEM;
	return 0;
}
