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

/* Commit summaries are clipped to this many characters (not with --all). */
#define SUMMARY_COLUMNS 72

static void commit_line(specsync_buf *out, const specsync_commit_info *c, int64_t now, bool all)
{
	char date[16];
	long age = specsync_age_days(c->time, now);

	specsync_format_date(date, c->time, c->offset);
	specsync_buf_printf(out, "%s by %s <%s>, %s (%ld day%s ago): \"", c->short_id,
			    c->author_name, c->author_email, date, age, age == 1 ? "" : "s");
	specsync_put_clipped(out, c->summary, all ? SIZE_MAX : SUMMARY_COLUMNS);
	specsync_buf_putc(out, '"');
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

/* Default bounds (--all lifts them): the summary and the worst of each
 * kind stay readable on a history with thousands of findings. */
#define FULL_BLOCKS 10  /* unsynchronised requirements shown in full */
#define LIST_LINES 40   /* then one line each */
#define GROUPS 20       /* out-of-role groups (person and side) */
#define EVENTS 20       /* invalid acknowledgements */
#define FEW 3           /* commits, places, IDs shown per finding or commit */

static void location_lines(specsync_buf *out, const char *label, const specsync_location *l,
			   size_t n, bool all)
{
	size_t shown = all || n <= FEW + 1 ? n : FEW;

	for (size_t i = 0; i < shown; i++) {
		specsync_buf_printf(out, "    %-11s", i ? "" : label);
		specsync_render_put_path(out, l[i].path);
		specsync_buf_printf(out, ":%u\n", l[i].line);
	}
	if (shown < n)
		specsync_buf_printf(out, "    %-11s... and %zu more\n", "", n - shown);
}

static void where_block(specsync_buf *out, const specsync_finding *f, bool all)
{
	location_lines(out, "changed:", f->changed_locations, f->changed_location_count, all);
	if (!f->changed_location_count)
		specsync_buf_printf(out, "    %-11s(no longer in the %s documents)\n", "changed:",
				    f->changed_side_count ? f->changed_sides[0] : "");
	location_lines(out, "to update:", f->lagging_locations, f->lagging_location_count, all);
	if (!f->lagging_location_count) {
		if (f->lagging_hint_path) {
			specsync_buf_printf(out, "    %-11smissing on the %s side (add it, e.g. to ",
					    "to update:", f->lagging_side);
			specsync_render_put_path(out, f->lagging_hint_path);
			specsync_buf_puts(out, ")\n");
		}
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

/* "    renamed:   REQ-A was renamed REQ-B on ..." when the finding is half
 * of a rename (or split, or merge). */
static void rename_line(specsync_buf *out, const specsync_finding *f)
{
	if (!f->renamed_from && !f->renamed_to)
		return;
	specsync_buf_printf(out, "    %-11s", "renamed:");
	specsync_finding_describe_rename(out, f);
	specsync_buf_putc(out, '\n');
}

/* The commits that opened and extended a finding: all of them, or the
 * first, how many more, and the last. */
static void since_block(specsync_buf *out, const specsync_finding *f, int64_t now, bool all)
{
	size_t n = f->commit_count;

	for (size_t i = 0; i < n; i++) {
		if (!all && n > FEW && i == 1) {
			specsync_buf_printf(out, "    %-11s... and %zu more commit%s\n", "", n - 2,
					    n - 2 == 1 ? "" : "s");
			i = n - 2;
			continue;
		}
		specsync_buf_printf(out, "    %-11s", i ? "" : "since:");
		commit_line(out, &f->commits[i], now, all);
		specsync_buf_putc(out, '\n');
	}
}

static void unsynced_block(specsync_buf *out, const specsync_result *r, const specsync_finding *f,
			   const style *st, bool all)
{
	specsync_buf_printf(out, "  %s%s%s  %s side lags behind ", st->bold, f->requirement, st->off,
			    f->lagging_side);
	for (size_t i = 0; i < f->changed_side_count; i++)
		specsync_buf_printf(out, "%s%s", i ? ", " : "", f->changed_sides[i]);
	specsync_buf_printf(out, "  %s[%s]%s\n", level_color(st, f->level),
			    specsync_level_name(f->level), st->off);
	since_block(out, f, r->now, all);
	where_block(out, f, all);
	roles_block(out, f);
	escalation_line(out, f);
	rename_line(out, f);
	specsync_buf_putc(out, '\n');
}

/* An unsynchronised requirement past the ones shown in full. */
static void unsynced_line(specsync_buf *out, const specsync_result *r, const specsync_finding *f,
			  const style *st)
{
	char date[16];
	const specsync_commit_info *c = &f->commits[0];
	long age = specsync_age_days(c->time, r->now);

	specsync_format_date(date, c->time, c->offset);
	specsync_buf_printf(out, "  %s%s%s  %s side lags since %s, %s (%ld day%s ago), %zu commit%s  %s[%s]%s\n",
			    st->bold, f->requirement, st->off, f->lagging_side, c->short_id, date,
			    age, age == 1 ? "" : "s", f->commit_count,
			    f->commit_count == 1 ? "" : "s", level_color(st, f->level),
			    specsync_level_name(f->level), st->off);
}

static void merged_by(specsync_buf *out, const specsync_finding *f)
{
	if (f->merged_by)
		specsync_buf_printf(out, ", merged by %s", f->merged_by->short_id);
}

static void event_line(specsync_buf *out, const specsync_result *r, const specsync_finding *f,
		       const style *st, bool all)
{
	char date[16];

	specsync_format_date(date, f->commit->time, f->commit->offset);
	specsync_buf_printf(out, "  %s%s%s  %s ", st->bold, f->requirement, st->off,
			    f->commit->short_id);
	specsync_put_clipped(out, f->commit->summary, all ? SIZE_MAX : SUMMARY_COLUMNS);
	specsync_buf_printf(out, ", %s (%ld days ago)", date,
			    specsync_age_days(f->commit->time, r->now));
	merged_by(out, f);
	specsync_buf_printf(out, "  %s[%s]%s\n", level_color(st, f->level),
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

/* ---- the summary ------------------------------------------------------------ */

typedef struct counts {
	size_t open, closed, oor, ack;
	size_t by_side[64], oor_by_side[64];
	size_t by_level[3];                 /* the findings listed, by level */
	const specsync_finding *oldest;     /* the oldest open unsynchronised */
} counts;

static void count_one(counts *c, const specsync_result *r, const specsync_finding *f)
{
	int s;

	if (f->kind == SPECSYNC_FINDING_UNSYNCED && !specsync_finding_is_live(f)) {
		c->closed++;
		return;
	}
	if (f->level <= SPECSYNC_LEVEL_ERROR)
		c->by_level[f->level]++;
	if (f->kind == SPECSYNC_FINDING_INVALID_ACK) {
		c->ack++;
		return;
	}
	s = specsync_side_index(r->cfg, f->kind == SPECSYNC_FINDING_UNSYNCED ? f->lagging_side
									  : f->side);
	if (f->kind == SPECSYNC_FINDING_OUT_OF_ROLE) {
		c->oor++;
		if (s >= 0 && s < 64)
			c->oor_by_side[s]++;
		return;
	}
	c->open++;
	if (s >= 0 && s < 64)
		c->by_side[s]++;
	if (f->commit_count && (!c->oldest || f->commits[0].time < c->oldest->commits[0].time))
		c->oldest = f;
}

static void count(counts *c, const specsync_result *r)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < r->finding_count; i++)
		count_one(c, r, &r->findings[i]);
}

static void per_side(specsync_buf *out, const specsync_result *r, const size_t *n,
		     const char *lead)
{
	size_t sides = specsync_config_side_count(r->cfg);
	bool first = true;

	for (size_t s = 0; s < sides && s < 64; s++) {
		if (!n[s])
			continue;
		specsync_buf_printf(out, "%s%s %zu", first ? lead : ", ",
				    specsync_config_side_name(r->cfg, s), n[s]);
		first = false;
	}
	if (!first)
		specsync_buf_putc(out, ')');
}

static void levels_line(specsync_buf *out, const specsync_result *r, const counts *c)
{
	char date[16];
	const specsync_finding *o = c->oldest;

	if (!c->open && !c->oor && !c->ack)
		return;
	specsync_buf_printf(out, "by level: %zu error%s, %zu warning%s", c->by_level[2],
			    c->by_level[2] == 1 ? "" : "s", c->by_level[1],
			    c->by_level[1] == 1 ? "" : "s");
	if (o) {
		specsync_format_date(date, o->commits[0].time, o->commits[0].offset);
		specsync_buf_printf(out, "; oldest open: %s, %s side lags since %s (%ld days)",
				    o->requirement, o->lagging_side, date,
				    specsync_age_days(o->commits[0].time, r->now));
	}
	specsync_buf_putc(out, '\n');
}

static void header(specsync_buf *out, const specsync_result *r, const counts *c, const style *st)
{
	size_t sides = specsync_config_side_count(r->cfg);

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
	per_side(out, r, c->by_side, " (lagging: ");
	specsync_buf_printf(out, ", %zu out-of-role edit%s", c->oor, c->oor == 1 ? "" : "s");
	per_side(out, r, c->oor_by_side, " (");
	specsync_buf_printf(out, ", %zu invalid acknowledgement%s; %zu episode%s closed earlier\n",
			    c->ack, c->ack == 1 ? "" : "s", c->closed, c->closed == 1 ? "" : "s");
	levels_line(out, r, c);
	specsync_buf_putc(out, '\n');
}

/* ---- the lists, worst first ------------------------------------------------- */

static int64_t finding_time(const specsync_finding *f)
{
	if (f->kind == SPECSYNC_FINDING_UNSYNCED)
		return f->commit_count ? f->commits[0].time : 0;
	return f->commit->time;
}

/* By level (errors first), then age (oldest first), then the result's
 * order. */
static int by_severity(const void *pa, const void *pb)
{
	const specsync_finding *a = *(const specsync_finding *const *)pa;
	const specsync_finding *b = *(const specsync_finding *const *)pb;
	int64_t ta = finding_time(a), tb = finding_time(b);

	if (a->level != b->level)
		return a->level > b->level ? -1 : 1;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	return (a > b) - (a < b);
}

/* The live findings of `kind` (closed ones with `closed`), in the result's
 * order; *out is malloc'ed (free() it), NULL when there are none. */
static size_t select_findings(const specsync_finding ***out, const specsync_result *r, int kind,
			      bool closed)
{
	const specsync_finding **v = NULL;
	size_t n = 0;

	*out = NULL;
	for (int pass = 0; pass < 2; pass++) {
		n = 0;
		for (size_t i = 0; i < r->finding_count; i++) {
			const specsync_finding *f = &r->findings[i];
			if ((int)f->kind != kind ||
			    (kind == SPECSYNC_FINDING_UNSYNCED && specsync_finding_is_live(f) == closed))
				continue;
			if (v)
				v[n] = f;
			n++;
		}
		if (pass || !n || !(v = specsync_calloc(n, sizeof(*v))))
			break;
	}
	*out = v;
	return v ? n : 0;
}

static void more_line(specsync_buf *out, size_t n, const char *what)
{
	if (n)
		specsync_buf_printf(out, "  ... %zu more %s: --all or --format json\n", n, what);
}

static void unsynced_section(specsync_buf *out, const specsync_result *r, const style *st,
			     bool all)
{
	const specsync_finding **v;
	size_t n = select_findings(&v, r, SPECSYNC_FINDING_UNSYNCED, false), shown;

	if (!n)
		return;
	qsort(v, n, sizeof(*v), by_severity);
	specsync_buf_printf(out, "%sUnsynchronised requirements%s\n", st->bold, st->off);
	for (size_t i = 0; i < n && (all || i < FULL_BLOCKS); i++)
		unsynced_block(out, r, v[i], st, all);
	shown = all ? n : n < FULL_BLOCKS + LIST_LINES ? n : FULL_BLOCKS + LIST_LINES;
	for (size_t i = FULL_BLOCKS; !all && i < shown; i++)
		unsynced_line(out, r, v[i], st);
	more_line(out, n - shown, "unsynchronised requirements");
	if (!all && (shown > FULL_BLOCKS || shown < n))
		specsync_buf_putc(out, '\n');
	free(v);
}

static void event_section(specsync_buf *out, const specsync_result *r, const style *st, int kind,
			  const char *title, bool all)
{
	const specsync_finding **v;
	size_t n = select_findings(&v, r, kind, false), shown = all || n < EVENTS ? n : EVENTS;

	if (!n)
		return;
	if (!all)
		qsort(v, n, sizeof(*v), by_severity);
	specsync_buf_printf(out, "%s%s%s\n", st->bold, title, st->off);
	for (size_t i = 0; i < shown; i++)
		event_line(out, r, v[i], st, all);
	more_line(out, n - shown, kind == SPECSYNC_FINDING_INVALID_ACK
					  ? "invalid acknowledgements" : "edits");
	specsync_buf_putc(out, '\n');
	free(v);
}

static void closed_section(specsync_buf *out, const specsync_result *r, const style *st)
{
	const specsync_finding **v;
	size_t n = select_findings(&v, r, SPECSYNC_FINDING_UNSYNCED, true);

	if (!n)
		return;
	specsync_buf_printf(out, "%sClosed episodes%s\n", st->bold, st->off);
	for (size_t i = 0; i < n; i++)
		closed_line(out, v[i]);
	specsync_buf_putc(out, '\n');
	free(v);
}

int specsync_render_text(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts)
{
	const style *st = opts->color ? &ansi : &plain;
	counts c;

	count(&c, r);
	header(out, r, &c, st);
	unsynced_section(out, r, st, opts->all);
	if (opts->all)
		event_section(out, r, st, SPECSYNC_FINDING_OUT_OF_ROLE, "Edits outside one's role",
			      true);
	else
		specsync_render_text_role_groups(out, r, opts->color, GROUPS, FEW);
	event_section(out, r, st, SPECSYNC_FINDING_INVALID_ACK, "Invalid acknowledgements",
		      opts->all);
	if (opts->all)
		closed_section(out, r, st);
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
		for (size_t i = 0; i < f->lagging_location_count; i++) {
			specsync_buf_puts(out, i ? ", " : "");
			specsync_render_put_path(out, f->lagging_locations[i].path);
			specsync_buf_printf(out, ":%u", f->lagging_locations[i].line);
		}
		specsync_buf_printf(out, " %s\n", where);
	} else if (f->lagging_hint_path) {
		specsync_buf_printf(out, "    either add it on the %s side, e.g. in ", f->lagging_side);
		specsync_render_put_path(out, f->lagging_hint_path);
		specsync_buf_printf(out, ", %s\n", where);
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
	rename_line(out, f);
	if (f->reviewer_count) {
		specsync_buf_printf(out, "    %-11s", "reviewers:");
		for (size_t i = 0; i < f->reviewer_count; i++)
			specsync_buf_printf(out, "%s%s", i ? ", " : "", f->reviewers[i]);
		specsync_buf_putc(out, '\n');
	}
}

static bool changed_by_check(const specsync_result *r, const char *id)
{
	for (size_t i = 0; i < r->changed_count; i++)
		if (!strcmp(r->changed[i], id))
			return true;
	return false;
}

/* Findings open before the change: those it touched again one by one,
 * the others in one line (each with `verbose`). */
static void still_open(specsync_buf *out, const specsync_result *r, bool verbose)
{
	const specsync_finding *oldest = NULL;
	size_t others = 0, touched_count = 0;

	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		bool touched;
		if (f->kind != SPECSYNC_FINDING_UNSYNCED || f->status != SPECSYNC_STATUS_OPEN)
			continue;
		touched = changed_by_check(r, f->requirement);
		if (touched || verbose)
			specsync_buf_printf(out, "  still open (not this change's doing): %s, %s side lags%s\n",
					    f->requirement, f->lagging_side,
					    touched ? "; this change edits it again" : "");
		if (touched) {
			touched_count++;
			continue;
		}
		others++;
		if (f->commit_count &&
		    (!oldest || f->commits[0].time < oldest->commits[0].time))
			oldest = f;
	}
	if (!others || verbose)
		return;
	specsync_buf_printf(out, "  %zu %srequirement%s already unsynchronised before this change",
			    others, touched_count ? "other " : "", others == 1 ? " was" : "s were");
	if (oldest) {
		char date[16];
		specsync_format_date(date, oldest->commits[0].time, oldest->commits[0].offset);
		specsync_buf_printf(out, others == 1 ? ": %s, %s side lags since %s\n"
						     : " (oldest: %s, %s side lags since %s); "
						       "--verbose lists them\n",
				    oldest->requirement, oldest->lagging_side, date);
	} else {
		specsync_buf_puts(out, "; --verbose lists them\n");
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
		if (f->kind == SPECSYNC_FINDING_UNSYNCED && f->status == SPECSYNC_STATUS_RESOLVED)
			specsync_buf_printf(out, "  resolved: %s is synchronised again on the %s side%s\n",
					    f->requirement, f->lagging_side,
					    f->closed_as == SPECSYNC_STATUS_ACKNOWLEDGED
						    ? " (acknowledged)" : "");
	}
	still_open(out, r, opts->all);
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
