/*
 * `specsync explain ID` as text: each unit that changed the requirement,
 * with a word diff of each changed side and the sides pending after it.
 */
#include "common.h"
#include "json.h"
#include "render.h"
#include "renderers.h"

#include <stdio.h>

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

/* Around each change, this many unchanged words; runs of more than
 * MAX_RUN removed or added words and words of more than MAX_WORD
 * characters are shortened (unless `all`). */
#define CONTEXT 6
#define MAX_RUN 40
#define MAX_WORD 60

static void side_diff(specsync_buf *out, const specsync_explain_side *es,
		      const specsync_render_options *opts)
{
	specsync_word_diff_options wo = SPECSYNC_WORD_DIFF_OPTIONS_INIT;
	bool full = opts && opts->all;

	wo.color = opts && opts->color;
	wo.width = opts && opts->width ? opts->width : 80;
	wo.indent = 4;
	if (!full) {
		wo.context = CONTEXT;
		wo.max_run = MAX_RUN;
		wo.max_word = MAX_WORD;
	}
	specsync_buf_printf(out, "  %s:", es->side);
	if (!*es->old_text && !*es->new_text)
		specsync_buf_puts(out, " (no text)");
	else if (!*es->new_text)
		specsync_buf_puts(out, " removed");
	else if (!*es->old_text)
		specsync_buf_puts(out, " added");
	specsync_buf_puts(out, "\n    ");
	specsync_word_diff_ex(out, es->old_text, es->new_text, &wo);
	specsync_buf_putc(out, '\n');
}

int specsync_render_explanation(specsync_buf *out, const specsync_explanation *ex,
				const specsync_config *cfg, const specsync_render_options *opts)
{
	size_t n, from = out->size;
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
		for (size_t s = 0; s < u[i].side_count; s++)
			side_diff(out, &u[i].sides[s], opts);
		specsync_buf_puts(out, "  pending after: ");
		pending_names(out, cfg, u[i].pending_after);
		specsync_buf_puts(out, "\n\n");
	}
	if (!n)
		specsync_buf_puts(out, "no unit of change touched this requirement\n");
	specsync_render_neutralise(out, from, color);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
