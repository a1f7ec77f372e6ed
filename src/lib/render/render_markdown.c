/*
 * Markdown for a pull-request comment or a GitHub job summary: what the
 * change left unsynchronised, what it synchronised again, what stays open
 * (collapsed), with the Responsible, Accountable, Consulted and Informed
 * of each; for an audit, the open findings.
 *
 * Text from the repository is escaped so that it shows as written and
 * cannot add markup, HTML, mentions or math. The document stays within
 * opts->max_size bytes: findings that do not fit are left out and counted
 * in a closing note.
 */
#include "common.h"
#include "json.h"
#include "render.h"
#include "rename.h"
#include "renderers.h"

#define DEFAULT_MAX_SIZE 65536
/* room kept for the closing tags and the truncation note */
#define RESERVE 1024

typedef struct doc {
	specsync_buf *out;
	const specsync_result *r;
	size_t start, max;
	size_t omitted;
	bool full;
} doc;

/* Appends `item` when it fits; once one does not, every later one is
 * left out too (the document keeps its order of importance). */
static void put_item(doc *d, const specsync_buf *item)
{
	size_t used = d->out->size - d->start;

	if (d->full || used + item->size + RESERVE > d->max) {
		d->full = true;
		d->omitted++;
		return;
	}
	specsync_buf_put(d->out, item->ptr ? item->ptr : "", item->size);
}

static void people(specsync_buf *out, const specsync_role_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		const specsync_role_ref *role = &list->items[i];
		if (i)
			specsync_buf_puts(out, "; ");
		specsync_render_md_inline(out, role->name);
		specsync_buf_puts(out, role->member_count ? ": " : "");
		for (size_t m = 0; m < role->member_count; m++) {
			const specsync_person *p = &role->members[m];
			if (m)
				specsync_buf_puts(out, ", ");
			specsync_render_md_inline(out, p->name && *p->name ? p->name : p->email);
		}
	}
	if (!list->count)
		specsync_buf_puts(out, "\xe2\x80\x94"); /* em dash: nobody */
}

static void raci_cells(specsync_buf *out, const specsync_finding *f)
{
	for (int l = 0; l < 4; l++) {
		specsync_buf_puts(out, " | ");
		people(out, &f->roles[l]);
	}
	specsync_buf_puts(out, " |\n");
}

static void places(specsync_buf *out, const specsync_location *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		specsync_buf_puts(out, i ? ", " : "");
		specsync_render_md_inline(out, l[i].path);
		specsync_buf_printf(out, " line %u", l[i].line);
	}
}

static void changed_cell(specsync_buf *out, const specsync_finding *f)
{
	for (size_t i = 0; i < f->changed_side_count; i++) {
		specsync_buf_puts(out, i ? ", " : "");
		specsync_render_md_inline(out, f->changed_sides[i]);
	}
	if (f->changed_location_count) {
		specsync_buf_puts(out, " (");
		places(out, f->changed_locations, f->changed_location_count);
		specsync_buf_putc(out, ')');
	}
}

static void lagging_cell(specsync_buf *out, const specsync_finding *f)
{
	specsync_render_md_inline(out, f->lagging_side);
	if (f->lagging_location_count) {
		specsync_buf_puts(out, " (");
		places(out, f->lagging_locations, f->lagging_location_count);
		specsync_buf_putc(out, ')');
	} else if (f->lagging_hint_path) {
		specsync_buf_puts(out, " (missing; e.g. in ");
		specsync_render_md_inline(out, f->lagging_hint_path);
		specsync_buf_putc(out, ')');
	} else {
		specsync_buf_puts(out, " (missing)");
	}
}

static const char *const table_head =
	"| Requirement | Changed | To update | Policy | Responsible | Accountable | Consulted | "
	"Informed |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n";

static void unsynced_row(specsync_buf *item, const specsync_finding *f)
{
	specsync_buf_puts(item, "| **");
	specsync_render_md_inline(item, f->requirement);
	specsync_buf_puts(item, "** | ");
	changed_cell(item, f);
	specsync_buf_puts(item, " | ");
	lagging_cell(item, f);
	specsync_buf_printf(item, " | %s", specsync_level_name(f->level));
	if (f->escalated) {
		specsync_buf esc = SPECSYNC_BUF_INIT;
		specsync_describe_escalation(&esc, f);
		specsync_buf_puts(item, " (escalated: ");
		specsync_render_md_inline(item, esc.ptr);
		specsync_buf_putc(item, ')');
		specsync_buf_dispose(&esc);
	}
	if (f->renamed_from || f->renamed_to) {
		specsync_buf ren = SPECSYNC_BUF_INIT;
		specsync_finding_describe_rename(&ren, f);
		specsync_buf_puts(item, " (");
		specsync_render_md_inline(item, ren.ptr);
		specsync_buf_putc(item, ')');
		specsync_buf_dispose(&ren);
	}
	raci_cells(item, f);
}

/* check --base: the reviewers a workflow should request, per requirement. */
static void reviewers(doc *d)
{
	specsync_buf item = SPECSYNC_BUF_INIT;
	size_t n = 0;

	if (strcmp(d->r->mode, "base") != 0 || d->full)
		return;
	for (size_t i = 0; i < d->r->finding_count; i++) {
		const specsync_finding *f = &d->r->findings[i];
		if (f->kind != SPECSYNC_FINDING_UNSYNCED || !f->reviewer_count ||
		    f->status != SPECSYNC_STATUS_NEW)
			continue;
		if (!n++)
			specsync_buf_puts(d->out, "### Reviewers to request\n\n");
		specsync_buf_clear(&item);
		specsync_buf_puts(&item, "- **");
		specsync_render_md_inline(&item, f->requirement);
		specsync_buf_printf(&item, "** (%s side): ", f->lagging_side);
		for (size_t k = 0; k < f->reviewer_count; k++) {
			if (k)
				specsync_buf_puts(&item, ", ");
			specsync_render_md_inline(&item, f->reviewers[k]);
		}
		specsync_buf_putc(&item, '\n');
		put_item(d, &item);
	}
	if (n)
		specsync_buf_putc(d->out, '\n');
	specsync_buf_dispose(&item);
}

typedef bool (*pick_fn)(const specsync_result *r, const specsync_finding *f);

static size_t count(const specsync_result *r, pick_fn pick)
{
	size_t n = 0;

	for (size_t i = 0; i < r->finding_count; i++)
		n += pick(r, &r->findings[i]);
	return n;
}

/* A table of unsynced findings; `title` NULL: inside <details>. */
static void table(doc *d, pick_fn pick, const char *title, const char *after)
{
	specsync_buf item = SPECSYNC_BUF_INIT;
	size_t n = count(d->r, pick);

	if (!n)
		return;
	if (d->full) {
		d->omitted += n;
		return;
	}
	if (title)
		specsync_buf_printf(d->out, "### %s\n\n", title);
	specsync_buf_puts(d->out, table_head);
	for (size_t i = 0; i < d->r->finding_count; i++) {
		if (!pick(d->r, &d->r->findings[i]))
			continue;
		specsync_buf_clear(&item);
		unsynced_row(&item, &d->r->findings[i]);
		put_item(d, &item);
	}
	specsync_buf_putc(d->out, '\n');
	if (after)
		specsync_buf_printf(d->out, "%s\n\n", after);
	specsync_buf_dispose(&item);
}

static void event_item(specsync_buf *item, const specsync_finding *f)
{
	specsync_buf_puts(item, "- **");
	specsync_render_md_inline(item, f->requirement);
	specsync_buf_printf(item, "** (%s): ", specsync_level_name(f->level));
	specsync_render_md_inline(item, f->reason);
	specsync_buf_puts(item, " \xe2\x80\x94 commit ");
	specsync_render_md_inline(item, f->commit ? f->commit->short_id : "");
	if (f->kind == SPECSYNC_FINDING_OUT_OF_ROLE) {
		specsync_buf_puts(item, ". Responsible: ");
		people(item, &f->roles[SPECSYNC_RACI_RESPONSIBLE]);
		specsync_buf_puts(item, "; Accountable: ");
		people(item, &f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
	}
	specsync_buf_puts(item, "\n");
}

static void closed_item(specsync_buf *item, const specsync_result *r, const specsync_finding *f)
{
	specsync_buf_puts(item, "- **");
	specsync_render_md_inline(item, f->requirement);
	specsync_buf_puts(item, "**: ");
	specsync_render_md_inline(item, f->lagging_side);
	specsync_buf_puts(item, " side");
	if (specsync_result_is_check(r))
		specsync_buf_puts(item, f->closed_as == SPECSYNC_STATUS_ACKNOWLEDGED
						? " (acknowledged)"
						: " (updated)");
	else
		specsync_buf_printf(item, " (%s%s%s)", specsync_status_name(f->status),
				    f->closed_by ? " by " : "",
				    f->closed_by ? f->closed_by->short_id : "");
	specsync_buf_putc(item, '\n');
}

static void list(doc *d, pick_fn pick, const char *title, bool closed)
{
	specsync_buf item = SPECSYNC_BUF_INIT;
	size_t n = count(d->r, pick);

	if (!n)
		return;
	if (d->full) {
		d->omitted += n;
		return;
	}
	specsync_buf_printf(d->out, "### %s\n\n", title);
	for (size_t i = 0; i < d->r->finding_count; i++) {
		const specsync_finding *f = &d->r->findings[i];
		if (!pick(d->r, f))
			continue;
		specsync_buf_clear(&item);
		if (closed)
			closed_item(&item, d->r, f);
		else
			event_item(&item, f);
		put_item(d, &item);
	}
	specsync_buf_putc(d->out, '\n');
	specsync_buf_dispose(&item);
}

static bool is_unsynced(const specsync_finding *f)
{
	return f->kind == SPECSYNC_FINDING_UNSYNCED;
}

static bool pick_live(const specsync_result *r, const specsync_finding *f)
{
	return is_unsynced(f) && specsync_finding_counts(r, f);
}

static bool pick_still_open(const specsync_result *r, const specsync_finding *f)
{
	return is_unsynced(f) && specsync_result_is_check(r) && f->status == SPECSYNC_STATUS_OPEN;
}

static bool pick_closed(const specsync_result *r, const specsync_finding *f)
{
	return is_unsynced(f) && !specsync_finding_counts(r, f) && !pick_still_open(r, f);
}

static bool pick_out_of_role(const specsync_result *r, const specsync_finding *f)
{
	return f->kind == SPECSYNC_FINDING_OUT_OF_ROLE && specsync_finding_counts(r, f);
}

static bool pick_invalid_ack(const specsync_result *r, const specsync_finding *f)
{
	return f->kind == SPECSYNC_FINDING_INVALID_ACK && specsync_finding_counts(r, f);
}

static void heading(doc *d, const specsync_render_options *opts)
{
	const specsync_result *r = d->r;
	size_t live = count(r, pick_live);
	specsync_level max = specsync_result_max_level(r);
	bool check = specsync_result_is_check(r);
	const char *mark = max == SPECSYNC_LEVEL_ERROR ? "\xe2\x9d\x8c " /* cross mark */
			   : max == SPECSYNC_LEVEL_WARNING
				   ? "\xe2\x9a\xa0\xef\xb8\x8f " /* warning */
				   : "\xe2\x9c\x85 ";            /* check mark */

	if (check && live)
		specsync_buf_printf(d->out,
				    "## %sspecsync: this change leaves %zu requirement%s "
				    "unsynchronised\n\n",
				    mark, live, live == 1 ? "" : "s");
	else if (check)
		specsync_buf_printf(d->out, "## %sspecsync: no new unsynchronised requirement\n\n",
				    mark);
	else
		specsync_buf_printf(d->out,
				    "## %sspecsync audit: %zu unsynchronised requirement%s\n\n",
				    mark, live, live == 1 ? "" : "s");
	if (!strcmp(r->mode, "base"))
		specsync_buf_printf(d->out,
				    "Pull request `%.12s..%.12s` (merge base..head), as one "
				    "change.\n\n",
				    r->base, r->head);
	else if (!strcmp(r->mode, "range"))
		specsync_buf_printf(d->out, "Commits `%.12s..%.12s`.\n\n", r->base, r->head);
	else if (check)
		specsync_buf_printf(d->out, "Staged changes on `%.12s`.\n\n", r->head);
	else
		specsync_buf_printf(d->out, "History of `%.12s` (%zu commit%s).\n\n", r->head,
				    r->commit_count, r->commit_count == 1 ? "" : "s");
	if (r->rules_from[0])
		specsync_buf_printf(d->out,
				    "Rules and identities (`.specsync.yml`, `.mailmap`) from "
				    "`%.12s`.\n\n",
				    r->rules_from);
	if (opts->notice) {
		specsync_buf_puts(d->out, "> **Note:** ");
		specsync_render_md_inline(d->out, opts->notice);
		specsync_buf_puts(d->out, "\n\n");
	}
}

static void ack_hint(specsync_buf *out, const specsync_result *r)
{
	specsync_buf_puts(out, "If a lagging side needs no change, its Responsible or Accountable "
			       "acknowledges the requirement in a commit message: `");
	/* a code span cannot escape: keep it for text of our own */
	specsync_buf_puts(out, strchr(r->cfg->ack_trailer, '`') ? "Sync-Ack" : r->cfg->ack_trailer);
	specsync_buf_puts(out, ": <ID> <reason>`.");
}

int specsync_render_markdown(specsync_buf *out, const specsync_result *r,
			     const specsync_render_options *opts)
{
	doc d = {out, r, out->size, opts->max_size ? opts->max_size : DEFAULT_MAX_SIZE, 0, false};
	bool check = specsync_result_is_check(r);
	specsync_buf hint = SPECSYNC_BUF_INIT;
	size_t still = count(r, pick_still_open);

	if (d.max < 2 * RESERVE)
		d.max = 2 * RESERVE;
	heading(&d, opts);
	ack_hint(&hint, r);
	table(&d, pick_live, check ? "Left unsynchronised by this change" : "Unsynchronised",
	      hint.ptr);
	reviewers(&d);
	list(&d, pick_out_of_role, "Edits outside one's role", false);
	list(&d, pick_invalid_ack, "Invalid acknowledgements", false);
	if (check)
		list(&d, pick_closed, "Synchronised again by this change", true);
	if (still && !d.full) {
		specsync_buf_printf(out,
				    "<details><summary>Still open, not this change's doing "
				    "(%zu)</summary>\n\n",
				    still);
		table(&d, pick_still_open, NULL, NULL);
		specsync_buf_puts(out, "</details>\n\n");
	} else if (still) {
		d.omitted += still;
	}
	if (!check && opts->all)
		list(&d, pick_closed, "Closed earlier", true);
	if (d.omitted)
		specsync_buf_printf(out,
				    "_%zu more finding%s left out to keep this under %zu "
				    "bytes: see the specsync report in the job log._\n",
				    d.omitted, d.omitted == 1 ? "" : "s", d.max);
	specsync_buf_dispose(&hint);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
