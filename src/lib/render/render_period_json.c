/*
 * `specsync report --format json`: the period report (docs/json.md). Each
 * item is the audit's finding object with the period's fields added.
 */
#include "common.h"
#include "json.h"
#include "period.h"
#include "render.h"
#include "renderers.h"

#include <stdio.h>
#include <string.h>

long specsync_period_days(int64_t seconds)
{
	return seconds > 0 ? (long)(seconds / 86400) : 0;
}

void specsync_period_median(char out[32], const specsync_period_stats *st)
{
	long tenths;

	if (st->median < 0) {
		out[0] = '\0';
		return;
	}
	tenths = (long)((st->median * 10 + 43200) / 86400);
	snprintf(out, 32, "%ld.%ld", tenths / 10, tenths % 10);
}

static void person_list(specsync_buf *out, const specsync_role_list *l)
{
	specsync_buf one = SPECSYNC_BUF_INIT;
	bool first = true;

	specsync_buf_putc(out, '[');
	for (size_t i = 0; i < l->count; i++)
		for (size_t m = 0; m < l->items[i].member_count; m++) {
			specsync_buf_clear(&one);
			specsync_put_person(&one, &l->items[i].members[m]);
			specsync_buf_puts(out, first ? "" : ",");
			specsync_json_str(out, one.ptr ? one.ptr : "");
			first = false;
		}
	specsync_buf_putc(out, ']');
	specsync_buf_dispose(&one);
}

static void commit_person(specsync_buf *out, const specsync_commit_info *c)
{
	specsync_buf one = SPECSYNC_BUF_INIT;
	specsync_person p = {c->author_name, c->author_email};

	specsync_put_person(&one, &p);
	specsync_json_str(out, one.ptr ? one.ptr : "");
	specsync_buf_dispose(&one);
}

typedef enum { OPENED, RESOLVED, OPEN_AT_END, EVENT } item_kind;

static void item(specsync_buf *out, const specsync_period *p, const specsync_period_item *it,
		 item_kind kind)
{
	const specsync_finding *f = it->f;

	specsync_render_json_finding(out, p->r, f, true);
	specsync_buf_puts(out, ",\"scope\":");
	specsync_json_str(out, it->scope);
	if (kind == RESOLVED) {
		specsync_buf_puts(out, ",\"how\":");
		specsync_json_str(out, it->how);
		specsync_buf_puts(out, ",\"by\":");
		commit_person(out, f->closed_by);
		specsync_buf_printf(out, ",\"open_days\":%ld", specsync_period_days(it->seconds));
	} else if (kind == OPEN_AT_END || kind == OPENED) {
		if (kind == OPEN_AT_END)
			specsync_buf_printf(out, ",\"age_days\":%ld",
					    specsync_period_days(it->seconds));
		specsync_buf_puts(out, ",\"must_act\":");
		person_list(out, &f->roles[SPECSYNC_RACI_RESPONSIBLE]);
		specsync_buf_puts(out, ",\"accountable\":");
		person_list(out, &f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
	}
	specsync_buf_putc(out, '}');
}

static void list(specsync_buf *out, const specsync_period *p, const char *name,
		 const specsync_period_list *l, item_kind kind)
{
	specsync_buf_printf(out, ",\n\"%s\":[", name);
	for (size_t i = 0; i < l->count; i++) {
		specsync_buf_puts(out, i ? ",\n" : "\n");
		item(out, p, &l->items[i], kind);
	}
	specsync_buf_putc(out, ']');
}

static void decision(specsync_buf *out, const specsync_period_item *it)
{
	const specsync_finding *f = it->f;
	specsync_buf msg = SPECSYNC_BUF_INIT;
	bool esc = !strcmp(it->decision, "escalated");

	specsync_buf_puts(out, "{\"kind\":");
	specsync_json_str(out, it->decision);
	specsync_buf_puts(out, ",\"requirement\":");
	specsync_json_str(out, f->requirement);
	specsync_buf_puts(out, ",\"side\":");
	specsync_json_str(out, esc ? f->lagging_side : f->side);
	specsync_buf_puts(out, ",\"scope\":");
	specsync_json_str(out, it->scope);
	specsync_buf_puts(out, ",\"decides\":");
	person_list(out, &f->roles[SPECSYNC_RACI_ACCOUNTABLE]);
	if (esc) {
		specsync_describe_escalation(&msg, f);
	} else {
		specsync_buf_printf(&msg, "%s; commit %s", f->reason ? f->reason : "",
				    f->commit->short_id);
	}
	specsync_buf_puts(out, ",\"message\":");
	specsync_json_str(out, msg.ptr ? msg.ptr : "");
	specsync_buf_putc(out, '}');
	specsync_buf_dispose(&msg);
}

static void stats(specsync_buf *out, const specsync_period_stats *st)
{
	char med[32];

	specsync_period_median(med, st);
	specsync_buf_printf(out, "\"opened\":%zu,\"resolved\":%zu,\"median_resync_days\":%s",
			    st->opened, st->resolved, *med ? med : "null");
}

static void header(specsync_buf *out, const specsync_period *p)
{
	char date[32];

	specsync_buf_puts(out, "{\"tool\":\"specsync\",\"version\":\"" SPECSYNC_VERSION_STRING
			       "\",\"period\":{\"from\":");
	specsync_json_str(out, *p->from ? p->from : NULL);
	specsync_buf_puts(out, ",\"to\":");
	specsync_json_str(out, p->to);
	specsync_format_time(date, *p->from ? p->from_time : 0, 0);
	specsync_buf_puts(out, ",\"from_date\":");
	specsync_json_str(out, *p->from ? date : NULL);
	specsync_format_time(date, p->to_time, 0);
	specsync_buf_puts(out, ",\"to_date\":");
	specsync_json_str(out, date);
	specsync_buf_printf(out, ",\"days\":%ld,\"commits\":%zu}",
			    *p->from ? specsync_period_days(p->to_time - p->from_time) : 0L,
			    p->commits);
	specsync_buf_puts(out, ",\n\"previous_period\":{\"from\":");
	specsync_json_str(out, *p->prev_from ? p->prev_from : NULL);
	specsync_buf_puts(out, ",\"to\":");
	specsync_json_str(out, *p->from ? p->from : NULL);
	specsync_buf_putc(out, ',');
	stats(out, &p->before);
	specsync_buf_printf(out,
			    "},\n\"summary\":{\"open_at_start\":%zu,\"open_at_end\":%zu,"
			    "\"out_of_role\":%zu,\"invalid_ack\":%zu,\"decisions\":%zu,",
			    p->open_at_start, p->open_at_end.count, p->out_of_role.count,
			    p->invalid_ack.count, p->decisions.count);
	stats(out, &p->now);
	specsync_buf_putc(out, '}');
}

int specsync_render_period_json(specsync_buf *out, const specsync_period *p,
				const specsync_render_options *opts)
{
	(void)opts;
	header(out, p);
	list(out, p, "opened", &p->opened, OPENED);
	list(out, p, "resolved", &p->resolved, RESOLVED);
	list(out, p, "open_at_end", &p->open_at_end, OPEN_AT_END);
	list(out, p, "out_of_role", &p->out_of_role, EVENT);
	list(out, p, "invalid_ack", &p->invalid_ack, EVENT);
	specsync_buf_puts(out, ",\n\"decisions\":[");
	for (size_t i = 0; i < p->decisions.count; i++) {
		specsync_buf_puts(out, i ? ",\n" : "\n");
		decision(out, &p->decisions.items[i]);
	}
	specsync_buf_puts(out, "]}\n");
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
