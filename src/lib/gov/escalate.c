/*
 * Escalation by age and the reviewers of a pull request (see escalate.h).
 */
#include "escalate.h"

#include <string.h>

#include "common.h"
#include "config.h"
#include "render.h"

static bool live(const specsync_result *res, const specsync_finding *f)
{
	if (f->kind != SPECSYNC_FINDING_UNSYNCED)
		return false;
	if (f->status == SPECSYNC_STATUS_OPEN)
		return true;
	return specsync_result_is_check(res) && f->status == SPECSYNC_STATUS_NEW;
}

void specsync_escalate_apply(specsync_result *res, int64_t ref)
{
	const specsync_config *cfg = res->cfg;

	if (!ref)
		return;
	for (size_t i = 0; i < res->finding_count; i++) {
		specsync_finding *f = &res->findings[i];
		const specsync_config_side *side;
		int s;

		if (!live(res, f) || !f->commit_count ||
		    (s = specsync_side_index(cfg, f->lagging_side)) < 0)
			continue;
		side = &cfg->sides[s];
		f->age = ref > f->commits[0].time ? ref - f->commits[0].time : 0;
		f->escalate_after = side->escalate_after;
		if (!side->escalate_after || f->age < side->escalate_after)
			continue;
		f->escalated = true;
		if (side->escalate_level > f->level)
			f->level = side->escalate_level;
	}
}

/* ---- reviewers ---------------------------------------------------------- */

typedef struct people {
	specsync_buf text; /* "Name <email>" strings, each NUL-terminated */
	const specsync_person *seen[256];
	size_t count;
} people;

static bool same_person(const specsync_person *a, const specsync_person *b)
{
	if (a->email && b->email)
		return !specsync_email_cmp(a->email, b->email);
	return a->name && b->name && !a->email && !b->email && !strcmp(a->name, b->name);
}

static void add_person(people *p, const specsync_person *who)
{
	for (size_t i = 0; i < p->count; i++)
		if (same_person(p->seen[i], who))
			return;
	if (p->count == sizeof(p->seen) / sizeof(p->seen[0]))
		return;
	p->seen[p->count++] = who;
	specsync_put_person(&p->text, who);
	specsync_buf_putc(&p->text, '\0');
}

static void add_role(people *p, const specsync_config *cfg, size_t role)
{
	const specsync_config_role *r = &cfg->roles[role];

	for (size_t m = 0; m < r->member_count; m++)
		add_person(p, &r->members[m]);
}

static void add_consulted(people *p, const specsync_config *cfg, const specsync_finding *f)
{
	const specsync_raci_entry *e = specsync_config_raci_for(cfg, f->requirement);

	if (!e)
		return;
	for (size_t c = 0; c < f->changed_side_count; c++) {
		int s = specsync_side_index(cfg, f->changed_sides[c]);
		const specsync_raci_cell *cell = s >= 0 ? &e->cells[s] : NULL;

		if (!cell || !cell->present)
			continue;
		for (size_t i = 0; i < cell->counts[SPECSYNC_RACI_CONSULTED]; i++)
			add_role(p, cfg, cell->letters[SPECSYNC_RACI_CONSULTED][i]);
	}
}

static int finding_reviewers(specsync_result *res, specsync_finding *f)
{
	const specsync_role_list *resp = &f->roles[SPECSYNC_RACI_RESPONSIBLE];
	people p;
	const char **list;
	const char *s;
	int error = 0;

	memset(&p, 0, sizeof(p));
	for (size_t i = 0; i < resp->count; i++)
		for (size_t m = 0; m < resp->items[i].member_count; m++)
			add_person(&p, &resp->items[i].members[m]);
	add_consulted(&p, res->cfg, f);
	if (p.text.failed)
		error = SPECSYNC_ENOMEM;
	else if (p.count) {
		list = specsync_arena_array(&res->arena, p.count, sizeof(*list));
		s = specsync_arena_memdup(&res->arena, p.text.ptr, p.text.size);
		if (!list || !s) {
			error = SPECSYNC_ENOMEM;
		} else {
			for (size_t i = 0; i < p.count; i++, s += strlen(s) + 1)
				list[i] = s;
			f->reviewers = list;
			f->reviewer_count = p.count;
		}
	}
	specsync_buf_dispose(&p.text);
	return error;
}

int specsync_reviewers_apply(specsync_result *res)
{
	int error;

	for (size_t i = 0; i < res->finding_count; i++) {
		specsync_finding *f = &res->findings[i];

		if (f->kind != SPECSYNC_FINDING_UNSYNCED || f->status != SPECSYNC_STATUS_NEW)
			continue;
		if ((error = finding_reviewers(res, f)) < 0)
			return error;
	}
	return 0;
}
