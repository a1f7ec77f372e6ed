/*
 * `specsync report --format markdown`: the period report, to paste into
 * the minutes of a steering committee or a wiki page. Tables stay narrow
 * (five or six columns) so that they read on a printed page too.
 */
#include "common.h"
#include "config.h"
#include "json.h"
#include "period.h"
#include "render.h"
#include "renderers.h"

#include <string.h>

static void md_person(specsync_buf *out, const specsync_person *p)
{
	specsync_buf one = SPECSYNC_BUF_INIT;

	specsync_put_person(&one, p);
	specsync_render_md_inline(out, one.ptr);
	specsync_buf_dispose(&one);
}

static void md_people(specsync_buf *out, const specsync_role_list *l)
{
	bool first = true;

	for (size_t i = 0; i < l->count; i++)
		for (size_t m = 0; m < l->items[i].member_count; m++) {
			specsync_buf_puts(out, first ? "" : ", ");
			md_person(out, &l->items[i].members[m]);
			first = false;
		}
	if (first)
		specsync_buf_puts(out, "nobody named");
}

static void md_commit(specsync_buf *out, const specsync_commit_info *c)
{
	char date[16];
	specsync_person p = {c->author_name, c->author_email};

	specsync_format_date(date, c->time, c->offset);
	specsync_buf_printf(out, "`%s` %s, ", c->short_id, date);
	md_person(out, &p);
}

static void trend_row(specsync_buf *out, const char *what, size_t now, size_t before)
{
	specsync_buf_printf(out, "| %s | %zu | %zu | %+ld |\n", what, now, before,
			    (long)now - (long)before);
}

static void summary(specsync_buf *out, const specsync_period *p)
{
	char a[32], b[32];

	specsync_period_median(a, &p->now);
	specsync_period_median(b, &p->before);
	specsync_buf_puts(out, "| | This period | Previous period | Change |\n"
			       "| --- | ---: | ---: | ---: |\n");
	trend_row(out, "Drift opened", p->now.opened, p->before.opened);
	trend_row(out, "Drift resolved", p->now.resolved, p->before.resolved);
	specsync_buf_printf(out, "| Median time to resynchronise (days) | %s | %s | |\n",
			    *a ? a : "-", *b ? b : "-");
	specsync_buf_printf(out,
			    "\nUnsynchronised at the start: **%zu**; at the end: **%zu**. "
			    "Out-of-role edits: **%zu**. Invalid acknowledgements: **%zu**.\n\n",
			    p->open_at_start, p->open_at_end.count, p->out_of_role.count,
			    p->invalid_ack.count);
}

static void decisions(specsync_buf *out, const specsync_period *p)
{
	specsync_buf msg = SPECSYNC_BUF_INIT;

	specsync_buf_puts(out, "## Decisions to take\n\n");
	if (!p->decisions.count)
		specsync_buf_puts(out, "None: no drift past the escalation age, no out-of-role "
				       "edit in the period.\n\n");
	for (size_t i = 0; i < p->decisions.count; i++) {
		const specsync_period_item *it = &p->decisions.items[i];
		const specsync_finding *f = it->f;
		bool esc = !strcmp(it->decision, "escalated");

		specsync_buf_puts(out, "- **");
		specsync_render_md_inline(out, f->requirement);
		if (esc) {
			specsync_buf_printf(out, "** (%s side): still unsynchronised; ",
					    f->lagging_side);
			specsync_buf_clear(&msg);
			specsync_describe_escalation(&msg, f);
			specsync_render_md_inline(out, msg.ptr);
			specsync_buf_puts(out, ": update the side or acknowledge.\n");
		} else {
			specsync_buf_printf(out, "** (%s side): ", f->side);
			specsync_render_md_inline(out, f->reason);
			specsync_buf_printf(out, " (`%s`). Keep or revert: ", f->commit->short_id);
			md_people(out, &f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
			specsync_buf_puts(out, ", Accountable, decides.\n");
		}
	}
	if (p->decisions.count)
		specsync_buf_putc(out, '\n');
	specsync_buf_dispose(&msg);
}

static void opened_row(specsync_buf *out, const specsync_period_item *it)
{
	specsync_buf_puts(out, "| ");
	specsync_render_md_inline(out, it->f->requirement);
	specsync_buf_puts(out, " | ");
	md_commit(out, &it->f->commits[0]);
	specsync_buf_puts(out, " | ");
	md_people(out, &it->f->roles[SPECSYNC_RACI_RESPONSIBLE]);
	specsync_buf_puts(out, " | ");
	md_people(out, &it->f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
	specsync_buf_printf(out, " | %s |\n", specsync_status_name(it->f->status));
}

/* The opened drift of one lagging side and one RACI scope (NULL: none). */
static void opened_group(specsync_buf *out, const specsync_period *p, const char *side,
			 const char *scope)
{
	bool any = false;

	for (size_t i = 0; i < p->opened.count; i++) {
		const specsync_period_item *it = &p->opened.items[i];
		if (strcmp(it->f->lagging_side, side) != 0 || it->scope != scope)
			continue;
		if (!any) {
			specsync_buf_printf(out, "### The %s side must follow, scope `", side);
			specsync_render_md_inline(out, scope ? scope : "(no RACI entry)");
			specsync_buf_puts(out, "`\n\n| Requirement | Opened by | Must act "
					       "(Responsible) | Accountable | Status |\n"
					       "| --- | --- | --- | --- | --- |\n");
			any = true;
		}
		opened_row(out, it);
	}
	if (any)
		specsync_buf_putc(out, '\n');
}

/* Opened drift, one table per lagging side and RACI scope, in the
 * configuration's order. */
static void opened(specsync_buf *out, const specsync_period *p)
{
	const specsync_config *cfg = specsync_result_config(p->r);

	specsync_buf_printf(out, "## Drift opened in the period (%zu)\n\n", p->opened.count);
	for (size_t s = 0; s < cfg->side_count; s++) {
		for (size_t e = 0; e < cfg->raci_count; e++)
			opened_group(out, p, cfg->sides[s].name, cfg->raci[e].scope);
		opened_group(out, p, cfg->sides[s].name, NULL);
	}
}

static void resolved(specsync_buf *out, const specsync_period *p)
{
	specsync_buf_printf(out, "## Drift resolved in the period (%zu)\n\n", p->resolved.count);
	if (!p->resolved.count)
		return;
	specsync_buf_puts(out, "| Requirement | Side that followed | How | By | Open for |\n"
			       "| --- | --- | --- | --- | ---: |\n");
	for (size_t i = 0; i < p->resolved.count; i++) {
		const specsync_period_item *it = &p->resolved.items[i];
		specsync_buf_puts(out, "| ");
		specsync_render_md_inline(out, it->f->requirement);
		specsync_buf_printf(out, " | %s | %s | ", it->f->lagging_side, it->how);
		md_commit(out, it->f->closed_by);
		specsync_buf_printf(out, " | %ld day%s |\n", specsync_period_days(it->seconds),
				    specsync_period_days(it->seconds) == 1 ? "" : "s");
	}
	specsync_buf_putc(out, '\n');
}

static void still_open(specsync_buf *out, const specsync_period *p)
{
	specsync_buf_printf(out, "## Still open at the end (%zu), oldest first\n\n",
			    p->open_at_end.count);
	if (!p->open_at_end.count)
		return;
	specsync_buf_puts(out, "| Requirement | Side that must follow | Since | Age | Accountable "
			       "| Level |\n| --- | --- | --- | ---: | --- | --- |\n");
	for (size_t i = 0; i < p->open_at_end.count; i++) {
		const specsync_period_item *it = &p->open_at_end.items[i];
		specsync_buf_puts(out, "| ");
		specsync_render_md_inline(out, it->f->requirement);
		specsync_buf_printf(out, " | %s | ", it->f->lagging_side);
		md_commit(out, &it->f->commits[0]);
		specsync_buf_printf(out, " | %ld day%s | ", specsync_period_days(it->seconds),
				    specsync_period_days(it->seconds) == 1 ? "" : "s");
		md_people(out, &it->f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
		specsync_buf_printf(out, " | %s%s |\n", specsync_level_name(it->f->level),
				    it->f->escalated ? " (escalated)" : "");
	}
	specsync_buf_putc(out, '\n');
}

static bool same_group(const specsync_finding *a, const specsync_finding *b)
{
	const char *ea = a->author.email ? a->author.email : "";
	const char *eb = b->author.email ? b->author.email : "";

	return !specsync_email_cmp(ea, eb) && !strcmp(a->side, b->side);
}

/* Out-of-role edits grouped by person and side: a group is listed once,
 * at its first edit, with all its edits. */
static void out_of_role(specsync_buf *out, const specsync_period *p)
{
	const specsync_period_list *l = &p->out_of_role;

	specsync_buf_printf(out, "## Edits outside one's role in the period (%zu)\n\n", l->count);
	for (size_t i = 0; i < l->count; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = same_group(l->items[j].f, l->items[i].f);
		if (seen)
			continue;
		specsync_buf_puts(out, "### ");
		md_person(out, &l->items[i].f->author);
		specsync_buf_printf(out, ", on the %s side\n\n", l->items[i].f->side);
		for (size_t j = i; j < l->count; j++) {
			const specsync_finding *f = l->items[j].f;
			if (!same_group(f, l->items[i].f))
				continue;
			specsync_buf_puts(out, "- **");
			specsync_render_md_inline(out, f->requirement);
			specsync_buf_puts(out, "**: ");
			md_commit(out, f->commit);
			specsync_buf_puts(out, " \"");
			specsync_render_md_inline(out, f->commit->summary);
			specsync_buf_puts(out, "\"\n");
		}
		specsync_buf_putc(out, '\n');
	}
}

static void invalid_acks(specsync_buf *out, const specsync_period *p)
{
	specsync_buf_printf(out, "## Invalid acknowledgements in the period (%zu)\n\n",
			    p->invalid_ack.count);
	for (size_t i = 0; i < p->invalid_ack.count; i++) {
		const specsync_finding *f = p->invalid_ack.items[i].f;
		specsync_buf_puts(out, "- **");
		specsync_render_md_inline(out, f->requirement);
		specsync_buf_puts(out, "**: ");
		md_commit(out, f->commit);
		specsync_buf_puts(out, ": ");
		specsync_render_md_inline(out, f->reason);
		specsync_buf_putc(out, '\n');
	}
	if (p->invalid_ack.count)
		specsync_buf_putc(out, '\n');
}

int specsync_render_period_markdown(specsync_buf *out, const specsync_period *p,
				    const specsync_render_options *opts)
{
	char from[16], to[16];

	(void)opts;
	specsync_format_date(from, p->from_time, 0);
	specsync_format_date(to, p->to_time, 0);
	specsync_buf_printf(out, "# specsync: steering report, %s to %s\n\n",
			    *p->from ? from : "the beginning", to);
	if (*p->from)
		specsync_buf_printf(out,
				    "Period: after `%.12s` up to `%.12s` (%zu commits, %ld "
				    "days).\n\n",
				    p->from, p->to, p->commits,
				    specsync_period_days(p->to_time - p->from_time));
	else
		specsync_buf_printf(out,
				    "Period: the whole history up to `%.12s` (%zu commits).\n\n",
				    p->to, p->commits);
	summary(out, p);
	decisions(out, p);
	opened(out, p);
	resolved(out, p);
	still_open(out, p);
	out_of_role(out, p);
	invalid_acks(out, p);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
