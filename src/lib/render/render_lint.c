/*
 * `specsync lint` output: text like a compiler's, or JSON.
 */
#include "common.h"
#include "json.h"
#include "render.h"
#include "renderers.h"

static void counts(const specsync_lint_finding *f, size_t n, size_t *errors, size_t *warnings)
{
	*errors = *warnings = 0;
	for (size_t i = 0; i < n; i++) {
		*errors += f[i].level == SPECSYNC_LEVEL_ERROR;
		*warnings += f[i].level == SPECSYNC_LEVEL_WARNING;
	}
}

/* "coverage: functional 12 requirements (2 on this side only), ..." */
static void coverage_line(specsync_buf *out, const specsync_lint_result *r)
{
	size_t n;
	const specsync_lint_coverage *c = specsync_lint_coverage_of(r, &n);

	specsync_buf_puts(out, "coverage:");
	for (size_t s = 0; s < n; s++)
		specsync_buf_printf(out, "%s %s %zu requirement%s (%zu on this side only)",
				    s ? "," : "", c[s].side, c[s].requirements,
				    c[s].requirements == 1 ? "" : "s", c[s].one_side);
	specsync_buf_putc(out, '\n');
}

static void text(specsync_buf *out, const specsync_lint_result *r, bool color)
{
	size_t n, errors, warnings;
	const specsync_lint_finding *f = specsync_lint_findings(r, &n);

	counts(f, n, &errors, &warnings);
	for (size_t i = 0; i < n; i++) {
		bool err = f[i].level == SPECSYNC_LEVEL_ERROR;
		specsync_render_put_path(out, f[i].path);
		if (f[i].line)
			specsync_buf_printf(out, ":%u", f[i].line);
		if (f[i].line && f[i].column)
			specsync_buf_printf(out, ":%u", f[i].column);
		specsync_buf_printf(out, ": %s%s%s: %s [%s]\n",
				    color ? (err ? "\033[31m" : "\033[33m") : "",
				    specsync_level_name(f[i].level), color ? "\033[m" : "",
				    f[i].message, f[i].rule);
	}
	coverage_line(out, r);
	specsync_buf_printf(out, "specsync lint of %.12s: %zu error%s, %zu warning%s\n",
			    specsync_lint_head(r), errors, errors == 1 ? "" : "s", warnings,
			    warnings == 1 ? "" : "s");
}

static void json_coverage(specsync_buf *out, const specsync_lint_result *r)
{
	size_t n;
	const specsync_lint_coverage *c = specsync_lint_coverage_of(r, &n);

	for (size_t s = 0; s < n; s++) {
		specsync_buf_puts(out, s ? ",{\"side\":" : "{\"side\":");
		specsync_json_str(out, c[s].side);
		specsync_buf_printf(out, ",\"requirements\":%zu,\"one_side\":%zu}",
				    c[s].requirements, c[s].one_side);
	}
}

static void json(specsync_buf *out, const specsync_lint_result *r)
{
	size_t n, errors, warnings;
	const specsync_lint_finding *f = specsync_lint_findings(r, &n);

	counts(f, n, &errors, &warnings);
	specsync_buf_puts(out, "{\"version\":1,\"tool\":{\"name\":\"specsync\",\"version\":"
			       "\"" SPECSYNC_VERSION_STRING "\"},\"head\":");
	specsync_json_str(out, specsync_lint_head(r));
	specsync_buf_printf(out, ",\"summary\":{\"errors\":%zu,\"warnings\":%zu},\"coverage\":[",
			    errors, warnings);
	json_coverage(out, r);
	specsync_buf_puts(out, "],\"findings\":[");
	for (size_t i = 0; i < n; i++) {
		specsync_buf_puts(out, i ? ",\n{\"rule\":" : "\n{\"rule\":");
		specsync_json_str(out, f[i].rule);
		specsync_buf_puts(out, ",\"level\":");
		specsync_json_str(out, specsync_level_name(f[i].level));
		specsync_buf_puts(out, ",\"message\":");
		specsync_json_str(out, f[i].message);
		specsync_buf_puts(out, ",\"path\":");
		specsync_json_str(out, f[i].path);
		specsync_buf_printf(out, ",\"line\":%u,\"column\":%u,\"requirement\":", f[i].line,
				    f[i].column);
		specsync_json_str(out, f[i].requirement);
		specsync_buf_puts(out, ",\"side\":");
		specsync_json_str(out, f[i].side);
		specsync_buf_putc(out, '}');
	}
	specsync_buf_puts(out, "]}\n");
}

int specsync_render_lint_text(specsync_buf *out, const specsync_lint_result *r,
			      const specsync_render_options *opts)
{
	size_t from = out->size;

	text(out, r, opts && opts->color);
	specsync_render_neutralise(out, from, opts && opts->color);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

int specsync_render_lint_json(specsync_buf *out, const specsync_lint_result *r,
			      const specsync_render_options *opts)
{
	(void)opts;
	json(out, r);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
