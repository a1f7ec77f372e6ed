/*
 * The audit as a person reads it in a terminal or a CI log.
 */
#include "common.h"
#include "json.h"
#include "render.h"
#include "rename.h"
#include "renderers.h"

typedef struct style {
	const char *bold, *red, *yellow, *dim, *off;
} style;

static const style plain = { "", "", "", "", "" };
static const style ansi = { "\033[1m", "\033[31m", "\033[33m", "\033[2m", "\033[m" };

static const char *level_color(const style *st, specsync_level l)
{
	return l == SPECSYNC_LEVEL_ERROR ? st->red : l == SPECSYNC_LEVEL_WARNING ? st->yellow : "";
}

static void commit_line(specsync_buf *out, const specsync_commit_info *c, int64_t now)
{
	char date[16];
	long age = specsync_age_days(c->time, now);

	specsync_format_date(date, c->time, c->offset);
	specsync_buf_printf(out, "%s by %s <%s>, %s (%ld day%s ago): \"%s\"", c->short_id,
			    c->author_name, c->author_email, date, age, age == 1 ? "" : "s",
			    c->summary);
}

static void roles_block(specsync_buf *out, const specsync_finding *f)
{
	static const char *const heads[4] = { "to act:", "", "to ask:", "to inform:" };
	static const char *const letters[4] = { "Responsible", "Accountable", "Consulted",
						"Informed" };
	bool any = false;

	for (int l = 0; l < 4; l++) {
		for (size_t i = 0; i < f->roles[l].count; i++) {
			const specsync_role_ref *r = &f->roles[l].items[i];
			const char *head = (i == 0 && heads[l][0]) ? heads[l] : "";
			if (l == 1 && i == 0 && !f->roles[0].count)
				head = heads[0];
			specsync_buf_printf(out, "    %-11s%-12s %s: ", head, letters[l], r->name);
			for (size_t m = 0; m < r->member_count; m++) {
				if (m)
					specsync_buf_puts(out, ", ");
				specsync_put_person(out, &r->members[m]);
			}
			if (!r->member_count)
				specsync_buf_puts(out, "(no members)");
			specsync_buf_putc(out, '\n');
			any = true;
		}
	}
	if (!any)
		specsync_buf_printf(out, "    %-11sno RACI entry names roles for the %s side of %s\n",
				    "roles:", f->lagging_side, f->requirement);
}

static void where_block(specsync_buf *out, const specsync_finding *f)
{
	for (size_t i = 0; i < f->changed_location_count; i++)
		specsync_buf_printf(out, "    %-11s%s:%u\n", i ? "" : "changed:",
				    f->changed_locations[i].path, f->changed_locations[i].line);
	if (!f->changed_location_count)
		specsync_buf_printf(out, "    %-11s(no longer in the %s documents)\n", "changed:",
				    f->changed_side_count ? f->changed_sides[0] : "");
	for (size_t i = 0; i < f->lagging_location_count; i++)
		specsync_buf_printf(out, "    %-11s%s:%u\n", i ? "" : "to update:",
				    f->lagging_locations[i].path, f->lagging_locations[i].line);
	if (!f->lagging_location_count) {
		if (f->lagging_hint_path)
			specsync_buf_printf(out, "    %-11smissing on the %s side (add it, e.g. to %s)\n",
					    "to update:", f->lagging_side, f->lagging_hint_path);
		else
			specsync_buf_printf(out, "    %-11smissing on the %s side\n", "to update:",
					    f->lagging_side);
	}
}

static void escalation_line(specsync_buf *out, const specsync_finding *f)
{
	if (!f->escalated)
		return;
	specsync_buf_printf(out, "    %-11s", "escalated:");
	specsync_describe_escalation(out, f);
	specsync_buf_putc(out, '\n');
}

static void unsynced_block(specsync_buf *out, const specsync_result *r, const specsync_finding *f,
			   const style *st)
{
	specsync_buf_printf(out, "  %s%s%s  %s side lags behind ", st->bold, f->requirement, st->off,
			    f->lagging_side);
	for (size_t i = 0; i < f->changed_side_count; i++)
		specsync_buf_printf(out, "%s%s", i ? ", " : "", f->changed_sides[i]);
	specsync_buf_printf(out, "  %s[%s]%s\n", level_color(st, f->level),
			    specsync_level_name(f->level), st->off);
	for (size_t i = 0; i < f->commit_count; i++) {
		specsync_buf_printf(out, "    %-11s", i ? "" : "since:");
		commit_line(out, &f->commits[i], r->now);
		specsync_buf_putc(out, '\n');
	}
	where_block(out, f);
	roles_block(out, f);
	escalation_line(out, f);
	if (f->renamed_from || f->renamed_to) {
		specsync_buf_printf(out, "    %-11s", "renamed:");
		specsync_describe_rename(out, f);
		specsync_buf_putc(out, '\n');
	}
	specsync_buf_putc(out, '\n');
}

static void event_line(specsync_buf *out, const specsync_result *r, const specsync_finding *f,
		       const style *st)
{
	char date[16];

	specsync_format_date(date, f->commit->time, f->commit->offset);
	specsync_buf_printf(out, "  %s%s%s  %s %s, %s (%ld days ago)  %s[%s]%s\n", st->bold,
			    f->requirement, st->off, f->commit->short_id, f->commit->summary, date,
			    specsync_age_days(f->commit->time, r->now), level_color(st, f->level),
			    specsync_level_name(f->level), st->off);
	specsync_buf_printf(out, "    %s\n", f->reason);
}

static void closed_line(specsync_buf *out, const specsync_finding *f)
{
	specsync_buf_printf(out, "  %s  %s side, opened %s, %s", f->requirement, f->lagging_side,
			    f->commits[0].short_id, specsync_status_name(f->status));
	if (f->closed_by)
		specsync_buf_printf(out, " by %s", f->closed_by->short_id);
	specsync_buf_putc(out, '\n');
}

typedef struct counts {
	size_t open, closed, oor, ack;
	size_t by_side[64];
} counts;

static void count(counts *c, const specsync_result *r)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		bool live = specsync_finding_is_live(f);
		if (f->kind == SPECSYNC_FINDING_UNSYNCED && live) {
			int s = specsync_side_index(r->cfg, f->lagging_side);
			c->open++;
			if (s >= 0 && s < 64)
				c->by_side[s]++;
		} else if (f->kind == SPECSYNC_FINDING_UNSYNCED) {
			c->closed++;
		} else if (f->kind == SPECSYNC_FINDING_OUT_OF_ROLE) {
			c->oor++;
		} else {
			c->ack++;
		}
	}
}

static void header(specsync_buf *out, const specsync_result *r, const counts *c, const style *st)
{
	size_t sides = specsync_config_side_count(r->cfg);
	bool first = true;

	specsync_buf_printf(out, "%sspecsync audit%s of %.12s: %zu commit%s, %zu requirement%s on %zu sides (",
			    st->bold, st->off, r->head, r->commit_count,
			    r->commit_count == 1 ? "" : "s", r->requirement_count,
			    r->requirement_count == 1 ? "" : "s", sides);
	for (size_t s = 0; s < sides; s++)
		specsync_buf_printf(out, "%s%s", s ? ", " : "", specsync_config_side_name(r->cfg, s));
	specsync_buf_puts(out, ")\n");
	if (r->baseline)
		specsync_buf_printf(out, "baseline: %s (everything before counts as synchronised)\n",
				    r->baseline->short_id);
	specsync_buf_printf(out, "%zu unsynchronised", c->open);
	if (c->open) {
		specsync_buf_puts(out, " (lagging: ");
		for (size_t s = 0; s < sides && s < 64; s++) {
			if (!c->by_side[s])
				continue;
			specsync_buf_printf(out, "%s%s %zu", first ? "" : ", ",
					    specsync_config_side_name(r->cfg, s), c->by_side[s]);
			first = false;
		}
		specsync_buf_putc(out, ')');
	}
	specsync_buf_printf(out, ", %zu out-of-role edit%s, %zu invalid acknowledgement%s; %zu episode%s closed earlier\n\n",
			    c->oor, c->oor == 1 ? "" : "s", c->ack, c->ack == 1 ? "" : "s",
			    c->closed, c->closed == 1 ? "" : "s");
}

static void section(specsync_buf *out, const specsync_result *r, const style *st, int kind,
		    bool live, const char *title)
{
	bool any = false;

	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		bool is_live = specsync_finding_is_live(f);
		if ((int)f->kind != kind || (kind == SPECSYNC_FINDING_UNSYNCED && is_live != live))
			continue;
		if (!any)
			specsync_buf_printf(out, "%s%s%s\n", st->bold, title, st->off);
		any = true;
		if (kind != SPECSYNC_FINDING_UNSYNCED)
			event_line(out, r, f, st);
		else if (live)
			unsynced_block(out, r, f, st);
		else
			closed_line(out, f);
	}
	if (any && kind != SPECSYNC_FINDING_UNSYNCED)
		specsync_buf_putc(out, '\n');
	if (any && kind == SPECSYNC_FINDING_UNSYNCED && !live)
		specsync_buf_putc(out, '\n');
}

int specsync_render_text(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts)
{
	const style *st = opts->color ? &ansi : &plain;
	counts c;

	count(&c, r);
	header(out, r, &c, st);
	section(out, r, st, SPECSYNC_FINDING_UNSYNCED, true, "Unsynchronised requirements");
	section(out, r, st, SPECSYNC_FINDING_OUT_OF_ROLE, true, "Edits outside one's role");
	section(out, r, st, SPECSYNC_FINDING_INVALID_ACK, true, "Invalid acknowledgements");
	if (opts->all)
		section(out, r, st, SPECSYNC_FINDING_UNSYNCED, false, "Closed episodes");
	if (!c.open && !c.oor && !c.ack)
		specsync_buf_puts(out, "All requirements are synchronised.\n");
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

/* ---- checks ---------------------------------------------------------------- */

static void names_of(specsync_buf *out, const specsync_role_list *list)
{
	bool first = true;

	for (size_t i = 0; i < list->count; i++)
		for (size_t m = 0; m < list->items[i].member_count; m++) {
			specsync_buf_puts(out, first ? "" : ", ");
			specsync_put_person(out, &list->items[i].members[m]);
			first = false;
		}
	if (first)
		specsync_buf_puts(out, "(nobody: the RACI names no one)");
}

static void role_names(specsync_buf *out, const specsync_role_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		specsync_buf_printf(out, "%s%s", i ? ", " : "", list->items[i].name);
	if (!list->count)
		specsync_buf_puts(out, "no role");
}

/* What to do about a new unsynchronised requirement: update the other side,
 * or have its Responsible or Accountable acknowledge it. In a staged check
 * both go into the commit being made; in a range or pull request, into a
 * new commit. */
static void check_new(specsync_buf *out, const specsync_finding *f, const char *ack_key,
		      bool staged, const style *st)
{
	const char *where = staged ? "and stage it in this commit" : "in a new commit";

	specsync_buf_printf(out, "  %s%s%s changed on the ", st->bold, f->requirement, st->off);
	for (size_t i = 0; i < f->changed_side_count; i++)
		specsync_buf_printf(out, "%s%s", i ? ", " : "", f->changed_sides[i]);
	specsync_buf_printf(out, " side; the %s side must follow  %s[%s]%s\n", f->lagging_side,
			    level_color(st, f->level), specsync_level_name(f->level), st->off);
	if (f->lagging_location_count) {
		specsync_buf_puts(out, "    either update ");
		for (size_t i = 0; i < f->lagging_location_count; i++)
			specsync_buf_printf(out, "%s%s:%u", i ? ", " : "",
					    f->lagging_locations[i].path,
					    f->lagging_locations[i].line);
		specsync_buf_printf(out, " %s\n", where);
	} else if (f->lagging_hint_path) {
		specsync_buf_printf(out, "    either add it on the %s side, e.g. in %s, %s\n",
				    f->lagging_side, f->lagging_hint_path, where);
	} else {
		specsync_buf_printf(out, "    either add it to the %s documents %s\n", f->lagging_side,
				    where);
	}
	specsync_buf_printf(out, "    or, if the %s side needs no change, have it acknowledged by\n",
			    f->lagging_side);
	specsync_buf_puts(out, "      its Responsible (");
	role_names(out, &f->roles[SPECSYNC_RACI_RESPONSIBLE]);
	specsync_buf_puts(out, "): ");
	names_of(out, &f->roles[SPECSYNC_RACI_RESPONSIBLE]);
	specsync_buf_puts(out, "\n      or its Accountable (");
	role_names(out, &f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
	specsync_buf_puts(out, "): ");
	names_of(out, &f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
	specsync_buf_printf(out, "\n      with this line in the message of %s, whose author (or a\n"
				 "      Co-authored-by) must be one of them:\n"
				 "        %s: %s <reason>\n",
			    staged ? "this commit" : "a new commit", ack_key, f->requirement);
	escalation_line(out, f);
	if (f->reviewer_count) {
		specsync_buf_printf(out, "    %-11s", "reviewers:");
		for (size_t i = 0; i < f->reviewer_count; i++)
			specsync_buf_printf(out, "%s%s", i ? ", " : "", f->reviewers[i]);
		specsync_buf_putc(out, '\n');
	}
}

int specsync_render_check_text(specsync_buf *out, const specsync_result *r,
			       const specsync_render_options *opts)
{
	const style *st = opts->color ? &ansi : &plain;
	const char *ack_key = r->cfg->ack_trailer;
	size_t news = 0, events = 0, resolved = 0, open = 0;

	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		if (f->kind != SPECSYNC_FINDING_UNSYNCED)
			events++;
		else if (f->status == SPECSYNC_STATUS_NEW)
			news++;
		else if (f->status == SPECSYNC_STATUS_RESOLVED)
			resolved++;
		else
			open++;
	}
	if (news) {
		specsync_buf_printf(out, "%sspecsync: this change leaves %zu requirement%s unsynchronised%s\n\n",
				    st->bold, news, news == 1 ? "" : "s", st->off);
		for (size_t i = 0, shown = 0; i < r->finding_count; i++) {
			if (r->findings[i].kind != SPECSYNC_FINDING_UNSYNCED ||
			    r->findings[i].status != SPECSYNC_STATUS_NEW)
				continue;
			if (shown++)
				specsync_buf_putc(out, '\n');
			check_new(out, &r->findings[i], ack_key, !strcmp(r->mode, "staged"), st);
		}
		specsync_buf_putc(out, '\n');
	}
	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		if (f->kind == SPECSYNC_FINDING_UNSYNCED)
			continue;
		specsync_buf_printf(out, "  %s%s%s %s  %s[%s]%s\n", st->bold, f->requirement, st->off,
				    f->reason, level_color(st, f->level),
				    specsync_level_name(f->level), st->off);
	}
	if (events)
		specsync_buf_putc(out, '\n');
	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		if (f->kind != SPECSYNC_FINDING_UNSYNCED || f->status == SPECSYNC_STATUS_NEW)
			continue;
		if (f->status == SPECSYNC_STATUS_RESOLVED)
			specsync_buf_printf(out, "  resolved: %s is synchronised again on the %s side%s\n",
					    f->requirement, f->lagging_side,
					    f->closed_as == SPECSYNC_STATUS_ACKNOWLEDGED
						    ? " (acknowledged)" : "");
		else
			specsync_buf_printf(out, "  still open (not this change's doing): %s, %s side lags\n",
					    f->requirement, f->lagging_side);
	}
	if (resolved || open)
		specsync_buf_putc(out, '\n');
	if (!news && !events)
		specsync_buf_puts(out, "specsync: no new unsynchronised requirement\n");
	if (r->rules_from[0])
		specsync_buf_printf(out, "specsync: rules and identities from commit %.12s\n",
				    r->rules_from);
	/* How to bypass the check depends on who runs it (a commit hook, a push
	 * hook, a server, CI): the caller says it. */
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
