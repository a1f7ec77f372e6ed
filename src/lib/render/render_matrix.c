/*
 * The traceability matrix (`specsync matrix`): one row per requirement at
 * the revision, with its places on each side, its state and the roles the
 * RACI gives it on each side. Four renderings of the same table: CSV
 * (RFC 4180: CRLF, fields quoted when they hold a comma, a quote, CR or
 * LF, quotes doubled), Markdown (GitHub tables, punctuation escaped), JSON
 * and HTML.
 */
#include "common.h"
#include "config.h"
#include "html.h"
#include "json.h"
#include "render.h"
#include "renderers.h"

#include <stdio.h>

static const char *const letter_keys[4] = {"R", "A", "C", "I"};

/* The RACI cell of requirement `id` on `side`, or NULL. */
static const specsync_raci_cell *cell_of(const specsync_config *cfg, const char *id, size_t side)
{
	const specsync_raci_entry *e = specsync_config_raci_for(cfg, id);

	return e && e->cells[side].present ? &e->cells[side] : NULL;
}

/* ---- the cells as plain text (CSV and Markdown) --------------------------- */

static void text_locations(specsync_buf *out, const specsync_requirement *q, size_t side)
{
	for (size_t i = 0; i < q->location_counts[side]; i++)
		specsync_buf_printf(out, "%s%s:%u", i ? "; " : "", q->locations[side][i].path,
				    q->locations[side][i].line);
	if (!q->location_counts[side])
		specsync_buf_puts(out, "missing");
}

static void text_state(specsync_buf *out, const specsync_config *cfg, const specsync_requirement *q)
{
	bool first = true;

	if (!q->pending_mask) {
		specsync_buf_puts(out, "synchronised");
		return;
	}
	specsync_buf_puts(out, "pending: ");
	for (size_t s = 0; s < cfg->side_count; s++)
		if (q->pending_mask & (1ull << s)) {
			specsync_buf_printf(out, "%s%s", first ? "" : "; ", cfg->sides[s].name);
			first = false;
		}
}

static void text_roles(specsync_buf *out, const specsync_config *cfg, const specsync_raci_cell *c,
		       int letter)
{
	for (size_t i = 0; c && i < c->counts[letter]; i++)
		specsync_buf_printf(out, "%s%s", i ? "; " : "",
				    cfg->roles[c->letters[letter][i]].name);
}

/* Calls `cell` with each field of a row, in column order; the header row
 * when q is NULL. */
typedef void (*field_cb)(specsync_buf *out, const char *text, size_t column, void *payload);

static void row_fields(specsync_buf *scratch, specsync_buf *out, const specsync_config *cfg,
		       const specsync_requirement *q, field_cb field, void *payload)
{
	size_t col = 0;

	specsync_buf_clear(scratch);
	if (q)
		specsync_buf_puts(scratch, q->id);
	else
		specsync_buf_puts(scratch, "requirement");
	field(out, scratch->ptr, col++, payload);
	specsync_buf_clear(scratch);
	if (q)
		text_state(scratch, cfg, q);
	else
		specsync_buf_puts(scratch, "state");
	field(out, scratch->ptr, col++, payload);
	for (size_t s = 0; s < cfg->side_count; s++) {
		const specsync_raci_cell *c = q ? cell_of(cfg, q->id, s) : NULL;
		specsync_buf_clear(scratch);
		if (q)
			text_locations(scratch, q, s);
		else
			specsync_buf_printf(scratch, "%s location", cfg->sides[s].name);
		field(out, scratch->ptr ? scratch->ptr : "", col++, payload);
		for (int l = 0; l < 4; l++) {
			specsync_buf_clear(scratch);
			if (q)
				text_roles(scratch, cfg, c, l);
			else
				specsync_buf_printf(scratch, "%s %s", cfg->sides[s].name,
						    letter_keys[l]);
			field(out, scratch->ptr ? scratch->ptr : "", col++, payload);
		}
	}
}

/* ---- CSV ---------------------------------------------------------------------- */

/*
 * A field that a spreadsheet would take for a formula (it starts with = + -
 * @, a tab or a CR: OWASP's rule against CSV injection) gets a ' in front,
 * which spreadsheets show as text.
 */
static void csv_field(specsync_buf *out, const char *text, size_t column, void *payload)
{
	bool formula = *text && strchr("=+-@\t\r", *text);

	(void)payload;
	if (column)
		specsync_buf_putc(out, ',');
	if (!text[strcspn(text, ",\"\r\n")]) {
		specsync_buf_puts(out, formula ? "'" : "");
		specsync_buf_puts(out, text);
		return;
	}
	specsync_buf_puts(out, formula ? "\"'" : "\"");
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			specsync_buf_putc(out, '"');
		specsync_buf_putc(out, *p);
	}
	specsync_buf_putc(out, '"');
}

static void render_csv(specsync_buf *out, const specsync_result *r, specsync_buf *scratch)
{
	row_fields(scratch, out, r->cfg, NULL, csv_field, NULL);
	specsync_buf_puts(out, "\r\n");
	for (size_t i = 0; i < r->requirement_count; i++) {
		row_fields(scratch, out, r->cfg, &r->requirements[i], csv_field, NULL);
		specsync_buf_puts(out, "\r\n");
	}
}

/* ---- Markdown ------------------------------------------------------------------ */

static void md_field(specsync_buf *out, const char *text, size_t column, void *payload)
{
	(void)column, (void)payload;
	specsync_buf_puts(out, "| ");
	specsync_render_md_inline(out, text);
	specsync_buf_putc(out, ' ');
}

static void md_rule(specsync_buf *out, size_t columns)
{
	for (size_t i = 0; i < columns; i++)
		specsync_buf_puts(out, "| --- ");
	specsync_buf_puts(out, "|\n");
}

static void render_markdown(specsync_buf *out, const specsync_result *r, specsync_buf *scratch)
{
	size_t pending = 0;

	for (size_t i = 0; i < r->requirement_count; i++)
		pending += r->requirements[i].pending_mask != 0;
	specsync_buf_printf(out,
			    "# Traceability matrix at %.12s\n\n%zu requirement%s, %zu "
			    "synchronised, %zu pending.\n\n",
			    r->head, r->requirement_count, r->requirement_count == 1 ? "" : "s",
			    r->requirement_count - pending, pending);
	row_fields(scratch, out, r->cfg, NULL, md_field, NULL);
	specsync_buf_puts(out, "|\n");
	md_rule(out, 2 + 5 * r->cfg->side_count);
	for (size_t i = 0; i < r->requirement_count; i++) {
		row_fields(scratch, out, r->cfg, &r->requirements[i], md_field, NULL);
		specsync_buf_puts(out, "|\n");
	}
}

/* ---- JSON ----------------------------------------------------------------------- */

static void json_roles(specsync_buf *out, const specsync_config *cfg, const specsync_raci_cell *c)
{
	specsync_buf_putc(out, '{');
	for (int l = 0; l < 4; l++) {
		specsync_buf_printf(out, "%s\"%s\":[", l ? "," : "", letter_keys[l]);
		for (size_t i = 0; c && i < c->counts[l]; i++) {
			const specsync_config_role *role = &cfg->roles[c->letters[l][i]];
			specsync_buf_puts(out, i ? ",{\"role\":" : "{\"role\":");
			specsync_json_str(out, role->key);
			specsync_buf_puts(out, ",\"name\":");
			specsync_json_str(out, role->name);
			specsync_buf_putc(out, '}');
		}
		specsync_buf_putc(out, ']');
	}
	specsync_buf_putc(out, '}');
}

static void json_row(specsync_buf *out, const specsync_config *cfg, const specsync_requirement *q)
{
	bool first = true;

	specsync_buf_puts(out, "{\"id\":");
	specsync_json_str(out, q->id);
	specsync_buf_printf(out, ",\"state\":\"%s\",\"pending\":[",
			    q->pending_mask ? "pending" : "synchronised");
	for (size_t s = 0; s < cfg->side_count; s++)
		if (q->pending_mask & (1ull << s)) {
			specsync_buf_puts(out, first ? "" : ",");
			specsync_json_str(out, cfg->sides[s].name);
			first = false;
		}
	specsync_buf_puts(out, "],\"sides\":{");
	for (size_t s = 0; s < cfg->side_count; s++) {
		specsync_buf_puts(out, s ? "," : "");
		specsync_json_str(out, cfg->sides[s].name);
		specsync_buf_puts(out, ":{\"locations\":[");
		for (size_t i = 0; i < q->location_counts[s]; i++) {
			specsync_buf_puts(out, i ? ",{\"path\":" : "{\"path\":");
			specsync_json_str(out, q->locations[s][i].path);
			specsync_buf_printf(out, ",\"line\":%u}", q->locations[s][i].line);
		}
		specsync_buf_puts(out, "],\"raci\":");
		json_roles(out, cfg, cell_of(cfg, q->id, s));
		specsync_buf_putc(out, '}');
	}
	specsync_buf_puts(out, "}}");
}

static void render_json(specsync_buf *out, const specsync_result *r)
{
	const specsync_config *cfg = r->cfg;

	specsync_buf_puts(out, "{\"version\":1,\"head\":");
	specsync_json_str(out, r->head);
	specsync_buf_puts(out, ",\"sides\":[");
	for (size_t s = 0; s < cfg->side_count; s++) {
		specsync_buf_puts(out, s ? "," : "");
		specsync_json_str(out, cfg->sides[s].name);
	}
	specsync_buf_puts(out, "],\"requirements\":[");
	for (size_t i = 0; i < r->requirement_count; i++) {
		specsync_buf_puts(out, i ? ",\n" : "\n");
		json_row(out, cfg, &r->requirements[i]);
	}
	specsync_buf_puts(out, "]}\n");
}

/* ---- HTML ----------------------------------------------------------------------- */

static void html_roles(specsync_buf *out, const specsync_config *cfg, const specsync_raci_cell *c,
		       int letter)
{
	specsync_buf_puts(out, "<td>");
	for (size_t i = 0; c && i < c->counts[letter]; i++) {
		specsync_buf_puts(out, i ? "<br>" : "");
		specsync_html_esc(out, cfg->roles[c->letters[letter][i]].name);
	}
	specsync_buf_puts(out, "</td>");
}

static void html_row(specsync_buf *out, const specsync_config *cfg, const specsync_requirement *q)
{
	specsync_buf_puts(out, "<tr><td class=\"id\">");
	specsync_html_esc(out, q->id);
	specsync_buf_puts(out, "</td><td>");
	if (!q->pending_mask)
		specsync_buf_puts(out, "<span class=\"ok\">synchronised</span>");
	for (size_t s = 0; s < cfg->side_count; s++)
		if (q->pending_mask & (1ull << s)) {
			specsync_buf_printf(out, "<span class=\"side\" style=\"background:%s\">",
					    specsync_html_side_color(s));
			specsync_html_esc(out, cfg->sides[s].name);
			specsync_buf_puts(out, "</span> ");
		}
	specsync_buf_puts(out, q->pending_mask ? "lags</td>" : "</td>");
	for (size_t s = 0; s < cfg->side_count; s++) {
		const specsync_raci_cell *c = cell_of(cfg, q->id, s);
		specsync_buf_puts(out, "<td class=\"sep\">");
		for (size_t i = 0; i < q->location_counts[s]; i++) {
			specsync_buf_puts(out, i ? "<br><code>" : "<code>");
			specsync_html_location(out, &q->locations[s][i]);
			specsync_buf_puts(out, "</code>");
		}
		if (!q->location_counts[s])
			specsync_buf_puts(out, "<em class=\"muted\">missing</em>");
		specsync_buf_puts(out, "</td>");
		for (int l = 0; l < 4; l++)
			html_roles(out, cfg, c, l);
	}
	specsync_buf_puts(out, "</tr>\n");
}

static void render_html(specsync_buf *out, const specsync_result *r)
{
	const specsync_config *cfg = r->cfg;
	size_t pending = 0;

	for (size_t i = 0; i < r->requirement_count; i++)
		pending += r->requirements[i].pending_mask != 0;
	specsync_html_begin(out, "specsync traceability matrix");
	specsync_buf_printf(
		out,
		"<header class=\"top\"><h1>Traceability matrix</h1><p>revision "
		"<code>%.12s</code> &middot; %zu requirement%s &middot; %zu "
		"synchronised &middot; %zu pending</p></header>\n<main class=\"wide\"><section "
		"class=\"long\"><div class=\"scroll\"><table class=\"matrix\"><thead>"
		"<tr><th rowspan=\"2\">Requirement</th>"
		"<th rowspan=\"2\">State</th>",
		r->head, r->requirement_count, r->requirement_count == 1 ? "" : "s",
		r->requirement_count - pending, pending);
	for (size_t s = 0; s < cfg->side_count; s++) {
		specsync_buf_puts(out, "<th colspan=\"5\" class=\"sep\">");
		specsync_html_esc(out, cfg->sides[s].name);
		specsync_buf_puts(out, "</th>");
	}
	specsync_buf_puts(out, "</tr><tr>");
	for (size_t s = 0; s < cfg->side_count; s++)
		specsync_buf_puts(out,
				  "<th class=\"sep\">Location</th><th>R</th><th>A</th><th>C</th>"
				  "<th>I</th>");
	specsync_buf_puts(out, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < r->requirement_count; i++)
		html_row(out, cfg, &r->requirements[i]);
	specsync_buf_printf(out,
			    "</tbody></table></div></section></main>\n<footer>specsync %s &middot; "
			    "revision %s</footer>\n",
			    SPECSYNC_VERSION_STRING, r->head);
	specsync_html_end(out);
}

/* CSV and Markdown build each cell in a scratch buffer. */
typedef void (*scratch_fn)(specsync_buf *out, const specsync_result *r, specsync_buf *scratch);

static int with_scratch(specsync_buf *out, const specsync_result *r, scratch_fn fn)
{
	specsync_buf scratch = SPECSYNC_BUF_INIT;
	size_t from = out->size;

	fn(out, r, &scratch);
	specsync_render_neutralise(out, from, false);
	if (scratch.failed)
		out->failed = true;
	specsync_buf_dispose(&scratch);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

int specsync_render_matrix_csv(specsync_buf *out, const specsync_result *r,
			       const specsync_render_options *opts)
{
	(void)opts;
	return with_scratch(out, r, render_csv);
}

int specsync_render_matrix_markdown(specsync_buf *out, const specsync_result *r,
				    const specsync_render_options *opts)
{
	(void)opts;
	return with_scratch(out, r, render_markdown);
}

int specsync_render_matrix_json(specsync_buf *out, const specsync_result *r,
				const specsync_render_options *opts)
{
	(void)opts;
	render_json(out, r);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

int specsync_render_matrix_html(specsync_buf *out, const specsync_result *r,
				const specsync_render_options *opts)
{
	(void)opts;
	render_html(out, r);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
