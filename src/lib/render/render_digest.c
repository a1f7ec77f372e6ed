/*
 * Per-person digests of the open findings (`--format digest`); the parts
 * are also what render_mbox.c sends, one e-mail per person (digest.h).
 *
 * A person is anyone named in a role of the configuration, or the author
 * of an out-of-role edit or an invalid acknowledgement, keyed by e-mail
 * (lower-case, after .mailmap). Each gets:
 *  - to do: the open unsynchronised requirements whose lagging side names
 *    them Responsible or Accountable;
 *  - to know: those whose lagging side names them Consulted or Informed;
 *  - their own out-of-role edits and invalid acknowledgements.
 * People with nothing in any list get no digest.
 */
#include "common.h"
#include "config.h"
#include "digest.h"
#include "json.h"
#include "map.h"
#include "render.h"
#include "renderers.h"
#include "report.h"

#include <stdio.h>

#define ITEMS_PER_LIST 500

typedef specsync_digest_person person;

typedef struct people {
	person *items;
	size_t count, alloc;
	specsync_strmap by_email; /* email -> index + 1 */
	specsync_strmap by_name;  /* name -> index + 1 */
} people;

static int add_email(person *p, const char *email)
{
	if (SPECSYNC_ARRAY_RESERVE(p->emails, p->email_alloc, p->email_count + 1) < 0)
		return SPECSYNC_ENOMEM;
	p->emails[p->email_count++] = email;
	return 0;
}

/* A known address adds nothing (but a name to a person who had none); a
 * known name gains the address; else a new person. */
static int add_person(people *pp, const char *name, const char *email)
{
	size_t i;

	if (!email || !*email)
		return 0;
	if (name && !*name)
		name = NULL;
	if ((i = (size_t)(uintptr_t)specsync_strmap_get(&pp->by_email, email)) != 0) {
		if (name && !pp->items[i - 1].name && !specsync_strmap_get(&pp->by_name, name)) {
			pp->items[i - 1].name = name;
			return specsync_strmap_put(&pp->by_name, name, (void *)(uintptr_t)i, NULL);
		}
		return 0;
	}
	if (name && (i = (size_t)(uintptr_t)specsync_strmap_get(&pp->by_name, name)) != 0) {
		if (add_email(&pp->items[i - 1], email) < 0)
			return SPECSYNC_ENOMEM;
		return specsync_strmap_put(&pp->by_email, email, (void *)(uintptr_t)i, NULL);
	}
	if (SPECSYNC_ARRAY_RESERVE(pp->items, pp->alloc, pp->count + 1) < 0)
		return SPECSYNC_ENOMEM;
	memset(&pp->items[pp->count], 0, sizeof(person));
	pp->items[pp->count].name = name;
	i = ++pp->count;
	if (add_email(&pp->items[i - 1], email) < 0 ||
	    specsync_strmap_put(&pp->by_email, email, (void *)(uintptr_t)i, NULL) < 0 ||
	    (name && specsync_strmap_put(&pp->by_name, name, (void *)(uintptr_t)i, NULL) < 0))
		return SPECSYNC_ENOMEM;
	return 0;
}

static int person_cmp(const void *pa, const void *pb)
{
	const person *a = pa, *b = pb;
	int c = strcmp(a->name ? a->name : a->emails[0], b->name ? b->name : b->emails[0]);

	return c ? c : specsync_email_cmp(a->emails[0], b->emails[0]);
}

static bool has_email(const person *p, const char *email)
{
	for (size_t i = 0; email && i < p->email_count; i++)
		if (!specsync_email_cmp(p->emails[i], email))
			return true;
	return false;
}

/* Role members first (their configured names), then event authors. */
static int collect_people(people *pp, const specsync_result *r)
{
	const specsync_config *cfg = r->cfg;

	for (size_t i = 0; i < cfg->role_count; i++)
		for (size_t m = 0; m < cfg->roles[i].member_count; m++)
			if (add_person(pp, cfg->roles[i].members[m].name,
				       cfg->roles[i].members[m].email) < 0)
				return SPECSYNC_ENOMEM;
	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		if (f->kind != SPECSYNC_FINDING_UNSYNCED &&
		    add_person(pp, f->author.name, f->author.email) < 0)
			return SPECSYNC_ENOMEM;
	}
	if (pp->count > 1)
		qsort(pp->items, pp->count, sizeof(person), person_cmp);
	return 0;
}

static void people_dispose(people *pp)
{
	for (size_t i = 0; i < pp->count; i++)
		free(pp->items[i].emails);
	free(pp->items);
	specsync_strmap_dispose(&pp->by_email);
	specsync_strmap_dispose(&pp->by_name);
}

/* ---- one person's part ------------------------------------------------------ */

static const char *const letter_names[4] = {"Responsible", "Accountable", "Consulted", "Informed"};

/* Appends "Responsible (AMOE - engineering)" for each of `letters` whose
 * roles hold one of p's addresses; returns whether any did. */
static bool roles_of(specsync_buf *out, const specsync_finding *f, int from, int to,
		     const person *p)
{
	bool any = false;

	for (int l = from; l <= to; l++)
		for (size_t i = 0; i < f->roles[l].count; i++) {
			const specsync_role_ref *role = &f->roles[l].items[i];
			for (size_t m = 0; m < role->member_count; m++) {
				if (!has_email(p, role->members[m].email))
					continue;
				if (out)
					specsync_buf_printf(out, "%s%s (%s)", any ? ", " : "",
							    letter_names[l], role->name);
				any = true;
				break;
			}
		}
	return any;
}

static void since_line(specsync_buf *out, const specsync_finding *f, int64_t now)
{
	const specsync_commit_info *c = f->commit_count ? &f->commits[f->commit_count - 1] : NULL;
	char date[16];

	specsync_buf_puts(out, "      changed on the ");
	for (size_t i = 0; i < f->changed_side_count; i++)
		specsync_buf_printf(out, "%s%s", i ? ", " : "", f->changed_sides[i]);
	specsync_buf_printf(out, " side%s", f->changed_side_count > 1 ? "s" : "");
	if (c) {
		long age = specsync_age_days(f->commits[0].time, now);
		specsync_format_date(date, c->time, c->offset);
		specsync_buf_printf(out, " in %s by %s, %s (open for %ld day%s):\n      \"%s\"",
				    c->short_id, c->author_name, date, age, age == 1 ? "" : "s",
				    c->summary);
	}
	specsync_buf_putc(out, '\n');
}

static void todo_item(specsync_buf *out, const specsync_finding *f, const person *p, int64_t now)
{
	specsync_buf_printf(out, "  - %s: ", f->requirement);
	if (f->lagging_location_count) {
		specsync_buf_printf(out, "update the %s side at ", f->lagging_side);
		for (size_t i = 0; i < f->lagging_location_count; i++)
			specsync_buf_printf(out, "%s%s:%u", i ? ", " : "",
					    f->lagging_locations[i].path,
					    f->lagging_locations[i].line);
	} else {
		specsync_buf_printf(out, "add it to the %s side", f->lagging_side);
		if (f->lagging_hint_path)
			specsync_buf_printf(out, " (e.g. in %s)", f->lagging_hint_path);
	}
	specsync_buf_printf(out, "  [%s]\n", specsync_level_name(f->level));
	if (f->escalated) {
		specsync_buf_puts(out, "      escalated: ");
		specsync_describe_escalation(out, f);
		specsync_buf_putc(out, '\n');
	}
	since_line(out, f, now);
	specsync_buf_puts(out, "      you are ");
	roles_of(out, f, SPECSYNC_RACI_RESPONSIBLE, SPECSYNC_RACI_ACCOUNTABLE, p);
	specsync_buf_putc(out, '\n');
}

static void know_item(specsync_buf *out, const specsync_finding *f, const person *p, int64_t now)
{
	specsync_buf_printf(out, "  - %s: the %s side must catch up\n", f->requirement,
			    f->lagging_side);
	since_line(out, f, now);
	specsync_buf_puts(out, "      you are ");
	roles_of(out, f, SPECSYNC_RACI_CONSULTED, SPECSYNC_RACI_INFORMED, p);
	specsync_buf_putc(out, '\n');
}

static void own_item(specsync_buf *out, const specsync_finding *f)
{
	char date[16];

	specsync_format_date(date, f->commit->time, f->commit->offset);
	specsync_buf_printf(out, "  - %s: %s in %s, %s \"%s\"\n      %s\n", f->requirement,
			    f->kind == SPECSYNC_FINDING_OUT_OF_ROLE ? "out-of-role edit"
								    : "invalid acknowledgement",
			    f->commit->short_id, date, f->commit->summary, f->reason);
}

typedef specsync_digest_counts counts;

bool specsync_digest_wants(const specsync_finding *f, const person *p, int list)
{
	if (list == 2)
		return f->kind != SPECSYNC_FINDING_UNSYNCED && has_email(p, f->author.email);
	if (f->kind != SPECSYNC_FINDING_UNSYNCED || !specsync_finding_is_live(f))
		return false;
	if (list == 0)
		return roles_of(NULL, f, SPECSYNC_RACI_RESPONSIBLE, SPECSYNC_RACI_ACCOUNTABLE, p);
	return !roles_of(NULL, f, SPECSYNC_RACI_RESPONSIBLE, SPECSYNC_RACI_ACCOUNTABLE, p) &&
	       roles_of(NULL, f, SPECSYNC_RACI_CONSULTED, SPECSYNC_RACI_INFORMED, p);
}

static size_t list(specsync_buf *out, const specsync_result *r, const person *p, int which,
		   const char *title)
{
	size_t n = 0, shown = 0;

	for (size_t i = 0; i < r->finding_count; i++)
		n += specsync_digest_wants(&r->findings[i], p, which);
	if (!n)
		return 0;
	specsync_buf_printf(out, "%s (%zu):\n", title, n);
	for (size_t i = 0; i < r->finding_count && shown < ITEMS_PER_LIST; i++) {
		const specsync_finding *f = &r->findings[i];
		if (!specsync_digest_wants(f, p, which))
			continue;
		if (which == 0)
			todo_item(out, f, p, r->now);
		else if (which == 1)
			know_item(out, f, p, r->now);
		else
			own_item(out, f);
		shown++;
	}
	if (n > shown)
		specsync_buf_printf(out, "  ... and %zu more (see specsync audit --format json)\n",
				    n - shown);
	return n;
}

/* The body of one person's part; *c gets the list sizes. */
static void person_part(specsync_buf *out, const specsync_result *r, const person *p, counts *c)
{
	c->todo = list(out, r, p, 0, "To do, as Responsible or Accountable of the side that lags");
	if (c->todo)
		specsync_buf_printf(out,
				    "  When a side needs no change, its Responsible or "
				    "Accountable says so in a commit message:\n"
				    "      %s: <ID> <reason>\n",
				    r->cfg->ack_trailer);
	c->know = list(out, r, p, 1, "To know, as Consulted or Informed");
	c->own = list(out, r, p, 2, "Your own edits and acknowledgements");
}

void specsync_digest_put_person(specsync_buf *out, const specsync_result *r, const person *p)
{
	for (size_t i = 0; i < p->email_count; i++) {
		const char *addr = specsync_config_address_as_written(r->cfg, p->emails[i]);
		if (i)
			specsync_buf_printf(out, ", <%s>", addr);
		else if (p->name)
			specsync_buf_printf(out, "%s <%s>", p->name, addr);
		else
			specsync_buf_puts(out, addr);
	}
}

void specsync_digest_intro(specsync_buf *out, const specsync_result *r, const specsync_report *rep)
{
	char date[16];

	specsync_format_date(date, r->now, 0);
	specsync_buf_printf(out,
			    "specsync digest of %s: revision %.12s; %zu open unsynchronised "
			    "requirement%s, %zu out-of-role edit%s, %zu invalid "
			    "acknowledgement%s.\n",
			    date, r->head, rep->open_total, rep->open_total == 1 ? "" : "s",
			    rep->out_of_role, rep->out_of_role == 1 ? "" : "s", rep->invalid_ack,
			    rep->invalid_ack == 1 ? "" : "s");
	if (r->rules_from[0])
		specsync_buf_printf(out, "Rules and identities from commit %.12s.\n",
				    r->rules_from);
}

int specsync_digest_for_each_part(specsync_buf *out, const specsync_result *r,
				  specsync_digest_part_cb cb, void *payload)
{
	people pp;
	specsync_buf part = SPECSYNC_BUF_INIT;
	size_t index = 0;
	int error;

	memset(&pp, 0, sizeof(pp));
	if ((error = collect_people(&pp, r)) < 0)
		goto done;
	for (size_t i = 0; i < pp.count && !error; i++) {
		counts c;
		specsync_buf_clear(&part);
		person_part(&part, r, &pp.items[i], &c);
		if (!c.todo && !c.know && !c.own)
			continue;
		error = cb(out, r, &pp.items[i], part.ptr, part.size, &c, index++, payload);
	}
	if (part.failed)
		error = SPECSYNC_ENOMEM;
done:
	specsync_buf_dispose(&part);
	people_dispose(&pp);
	return error;
}

/* ---- digest ------------------------------------------------------------------- */

static int digest_part(specsync_buf *out, const specsync_result *r, const person *p,
		       const char *text, size_t len, const counts *c, size_t index, void *payload)
{
	size_t start = out->size, width = 0;

	(void)c, (void)index, (void)payload;
	specsync_buf_putc(out, '\n');
	specsync_digest_put_person(out, r, p);
	for (size_t i = start + 1; i < out->size; i++)
		width += ((unsigned char)out->ptr[i] & 0xc0) != 0x80;
	specsync_buf_putc(out, '\n');
	while (width--)
		specsync_buf_putc(out, '=');
	specsync_buf_putc(out, '\n');
	specsync_buf_put(out, text, len);
	return 0;
}

int specsync_render_digest(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts)
{
	specsync_report rep;
	size_t before;
	int error;

	(void)opts;
	if ((error = specsync_report_build(&rep, r)) < 0)
		goto done;
	specsync_digest_intro(out, r, &rep);
	before = out->size;
	if ((error = specsync_digest_for_each_part(out, r, digest_part, NULL)) < 0)
		goto done;
	if (out->size == before)
		specsync_buf_puts(out, "\nNothing to do and nothing to know for anyone.\n");
done:
	specsync_report_dispose(&rep);
	return error < 0 || out->failed ? SPECSYNC_ENOMEM : 0;
}
