/*
 * Format dispatch and the descriptions shared by every format.
 */
#include "common.h"

#include <stdio.h>
#include "json.h"
#include "render.h"

void specsync_put_person(specsync_buf *out, const specsync_person *p)
{
	if (p->name && *p->name && p->email && *p->email)
		specsync_buf_printf(out, "%s <%s>", p->name, p->email);
	else if (p->email && *p->email)
		specsync_buf_puts(out, p->email);
	else if (p->name)
		specsync_buf_puts(out, p->name);
}

long specsync_age_days(int64_t then, int64_t now)
{
	return now > then ? (long)((now - then) / 86400) : 0;
}

static void put_list(specsync_buf *out, const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		specsync_buf_printf(out, "%s%s", i ? (i + 1 == n ? " and " : ", ") : "", items[i]);
}

void specsync_describe_finding(specsync_buf *out, const specsync_finding *f)
{
	switch (f->kind) {
	case SPECSYNC_FINDING_UNSYNCED:
		specsync_buf_printf(out, "%s changed on the ", f->requirement);
		put_list(out, f->changed_sides, f->changed_side_count);
		specsync_buf_printf(out, " side%s but not on the %s side",
				    f->changed_side_count > 1 ? "s" : "", f->lagging_side);
		break;
	case SPECSYNC_FINDING_OUT_OF_ROLE:
	case SPECSYNC_FINDING_INVALID_ACK:
		specsync_buf_puts(out, f->reason ? f->reason : "");
		break;
	}
}

static const struct {
	const char *name;
	specsync_format format;
} formats[] = {
	{ "text", SPECSYNC_FORMAT_TEXT },
	{ "json", SPECSYNC_FORMAT_JSON },
	{ "html", SPECSYNC_FORMAT_HTML },
	{ "digest", SPECSYNC_FORMAT_DIGEST },
	{ "mbox", SPECSYNC_FORMAT_MBOX },
};

int specsync_format_parse(specsync_format *out, const char *name, const char **expected)
{
	static char list[256];

	if (!list[0])
		for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", formats[i].name);
	if (expected)
		*expected = list;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(name, formats[i].name)) {
			*out = formats[i].format;
			return 0;
		}
	return SPECSYNC_EUSAGE;
}

int specsync_render(specsync_buf *out, const specsync_result *result, specsync_format format,
		    const specsync_render_options *opts)
{
	specsync_render_options o = SPECSYNC_RENDER_OPTIONS_INIT;

	/* Callers built against an older header pass a shorter structure. */
	if (opts) {
		o.color = opts->color;
		o.all = opts->all;
		if (opts->version >= 2)
			o.sender = opts->sender;
	}
	opts = &o;
	switch (format) {
	case SPECSYNC_FORMAT_JSON:
		return specsync_render_json(out, result, opts);
	case SPECSYNC_FORMAT_HTML:
		return specsync_render_html(out, result, opts);
	case SPECSYNC_FORMAT_DIGEST:
		return specsync_render_digest(out, result, opts);
	case SPECSYNC_FORMAT_MBOX:
		return specsync_render_mbox(out, result, opts);
	case SPECSYNC_FORMAT_TEXT:
		if (strcmp(result->mode, "audit"))
			return specsync_render_check_text(out, result, opts);
		return specsync_render_text(out, result, opts);
	}
	return SPECSYNC_EUSAGE;
}

static void pending_names(specsync_buf *out, const specsync_config *cfg, uint64_t mask)
{
	bool first = true;

	for (size_t s = 0; s < specsync_config_side_count(cfg); s++) {
		if (!(mask & (1ull << s)))
			continue;
		specsync_buf_printf(out, "%s%s", first ? "" : ", ",
				    specsync_config_side_name(cfg, s));
		first = false;
	}
	if (first)
		specsync_buf_puts(out, "nothing (synchronised)");
}

int specsync_render_explanation(specsync_buf *out, const specsync_explanation *ex,
				const specsync_config *cfg, const specsync_render_options *opts)
{
	size_t n;
	const specsync_explain_unit *u = specsync_explanation_units(ex, &n);
	bool color = opts && opts->color;

	for (size_t i = 0; i < n; i++) {
		char date[16];
		specsync_format_date(date, u[i].commit.time, u[i].commit.offset);
		specsync_buf_printf(out, "%s%s%s %s  %s <%s>  %s%s\n  \"%s\"\n",
				    color ? "\033[33m" : "", u[i].commit.short_id,
				    color ? "\033[m" : "", date, u[i].commit.author_name,
				    u[i].commit.author_email, u[i].event,
				    u[i].is_merge ? " (merge)" : "", u[i].commit.summary);
		for (size_t s = 0; s < u[i].side_count; s++) {
			const specsync_explain_side *es = &u[i].sides[s];
			specsync_buf_printf(out, "  %s: ", es->side);
			if (!*es->old_text && !*es->new_text)
				specsync_buf_puts(out, "(no text)");
			else if (!*es->new_text)
				specsync_buf_puts(out, "removed");
			specsync_buf_puts(out, "\n    ");
			specsync_word_diff(out, es->old_text, es->new_text, color);
			specsync_buf_putc(out, '\n');
		}
		specsync_buf_puts(out, "  pending after: ");
		pending_names(out, cfg, u[i].pending_after);
		specsync_buf_puts(out, "\n\n");
	}
	if (!n)
		specsync_buf_puts(out, "no unit of change touched this requirement\n");
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
