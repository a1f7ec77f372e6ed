/*
 * What the commit hooks say: pre-commit's heads-up (the requirements the
 * staged change leaves unsynchronised, before commit-msg decides) and
 * post-commit's word on whom the commit concerns. Plain text for a
 * terminal; the commit-msg and push hooks print a check's text report.
 */
#include "common.h"
#include "render.h"
#include "result.h"

static bool is_new_unsynced(const specsync_finding *f)
{
	return f->kind == SPECSYNC_FINDING_UNSYNCED && f->status == SPECSYNC_STATUS_NEW;
}

static void describe_unsynced(specsync_buf *out, const specsync_finding *f)
{
	specsync_buf_printf(out, "%s changed on the ", f->requirement);
	for (size_t i = 0; i < f->changed_side_count; i++)
		specsync_buf_printf(out, "%s%s", i ? ", " : "", f->changed_sides[i]);
	specsync_buf_printf(out, " side; the %s side must follow", f->lagging_side);
}

static void heads_up(specsync_buf *out, const specsync_result *r)
{
	size_t news = 0;
	bool blocking = false;

	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		if (!is_new_unsynced(f))
			continue;
		if (!news++)
			specsync_buf_puts(out,
					  "specsync: heads-up: this commit leaves requirements "
					  "unsynchronised:\n");
		specsync_buf_puts(out, "  ");
		describe_unsynced(out, f);
		for (size_t l = 0; l < f->lagging_location_count; l++)
			specsync_buf_printf(out, "%s%s:%u", l ? ", " : " (",
					    f->lagging_locations[l].path,
					    f->lagging_locations[l].line);
		specsync_buf_printf(out, "%s  [%s]\n", f->lagging_location_count ? ")" : "",
				    specsync_level_name(f->level));
		blocking |= f->level == SPECSYNC_LEVEL_ERROR;
	}
	if (blocking)
		specsync_buf_puts(out, "specsync: unless this commit updates those sides or its "
				       "message acknowledges them, the commit-msg hook will refuse "
				       "it and say how.\n");
}

static bool tell_roles(specsync_buf *out, const char *label, const char *letter,
		       const specsync_role_list *list)
{
	bool any = false;

	for (size_t i = 0; i < list->count; i++) {
		const specsync_role_ref *role = &list->items[i];
		if (!role->member_count)
			continue;
		specsync_buf_printf(out, "  %s ", label);
		for (size_t m = 0; m < role->member_count; m++) {
			if (m)
				specsync_buf_puts(out, ", ");
			specsync_put_person(out, &role->members[m]);
		}
		specsync_buf_printf(out, "  (%s: %s)\n", letter, role->name);
		any = true;
	}
	return any;
}

static void tell(specsync_buf *out, const specsync_result *r)
{
	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		bool any;
		if (!is_new_unsynced(f))
			continue;
		specsync_buf_puts(out, "specsync: ");
		describe_unsynced(out, f);
		specsync_buf_printf(out, "  [%s]\n", specsync_level_name(f->level));
		any = tell_roles(out, "Tell:", "Informed", &f->roles[SPECSYNC_RACI_INFORMED]);
		any |= tell_roles(out, "Tell:", "Consulted", &f->roles[SPECSYNC_RACI_CONSULTED]);
		if (!any)
			specsync_buf_puts(out, "  Tell: nobody (the RACI names no Informed or "
					       "Consulted member)\n");
		tell_roles(out, "Act: ", "Responsible", &f->roles[SPECSYNC_RACI_RESPONSIBLE]);
		tell_roles(out, "Act: ", "Accountable", &f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
	}
}

int specsync_render_hook_message(specsync_buf *out, const specsync_result *result,
				 specsync_hook_message which)
{
	if (which == SPECSYNC_HOOK_MESSAGE_HEADS_UP)
		heads_up(out, result);
	else if (which == SPECSYNC_HOOK_MESSAGE_TELL)
		tell(out, result);
	else
		return SPECSYNC_EUSAGE;
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
