/*
 * The output formats: one table names every format of every command
 * (audit and check, matrix, lint), parses the names and dispatches to the
 * renderers, one file each (renderers.h).
 */
#include "common.h"
#include "render.h"
#include "renderers.h"
#include "result.h"

typedef int (*report_fn)(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);
typedef int (*lint_fn)(specsync_buf *out, const specsync_lint_result *r,
		       const specsync_render_options *opts);

typedef enum { FOR_REPORT, FOR_MATRIX, FOR_LINT } family;

static int render_text(specsync_buf *out, const specsync_result *r,
		       const specsync_render_options *opts)
{
	size_t from = out->size;
	int error;

	if (specsync_result_is_check(r))
		error = specsync_render_check_text(out, r, opts);
	else
		error = specsync_render_text(out, r, opts);
	specsync_render_neutralise(out, from, opts->color);
	return error;
}

/* Returns `error` once the text appended since `from` is neutralised. */
static int neutralised(specsync_buf *out, size_t from, int error)
{
	specsync_render_neutralise(out, from, false);
	return error;
}

static int render_markdown(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts)
{
	size_t from = out->size;

	return neutralised(out, from, specsync_render_markdown(out, r, opts));
}

/* The digest goes to terminals as well as to mail: as text, but never coloured. */
static int render_digest(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts)
{
	size_t from = out->size;

	return neutralised(out, from, specsync_render_digest(out, r, opts));
}

/*
 * Every format of every command, in the order the usage errors list them:
 * the reports of audit and check (specsync_format), the matrix's encodings
 * (specsync_matrix_format) and lint's (specsync_format).
 */
#define REPORT_FORMATS(X)                                                                          \
	X(FOR_REPORT, "text", SPECSYNC_FORMAT_TEXT, render_text, NULL)                               \
	X(FOR_REPORT, "json", SPECSYNC_FORMAT_JSON, specsync_render_json, NULL)                      \
	X(FOR_REPORT, "sarif", SPECSYNC_FORMAT_SARIF, specsync_render_sarif, NULL)                   \
	X(FOR_REPORT, "junit", SPECSYNC_FORMAT_JUNIT, specsync_render_junit, NULL)                   \
	X(FOR_REPORT, "github", SPECSYNC_FORMAT_GITHUB, specsync_render_github, NULL)                \
	X(FOR_REPORT, "gitlab", SPECSYNC_FORMAT_GITLAB, specsync_render_gitlab, NULL)                \
	X(FOR_REPORT, "markdown", SPECSYNC_FORMAT_MD, render_markdown, NULL)                         \
	X(FOR_REPORT, "html", SPECSYNC_FORMAT_HTML, specsync_render_html, NULL)                      \
	X(FOR_REPORT, "digest", SPECSYNC_FORMAT_DIGEST, render_digest, NULL)                         \
	X(FOR_REPORT, "mbox", SPECSYNC_FORMAT_MBOX, specsync_render_mbox, NULL)
#define MATRIX_FORMATS(X)                                                                          \
	X(FOR_MATRIX, "csv", SPECSYNC_MATRIX_CSV, specsync_render_matrix_csv, NULL)                  \
	X(FOR_MATRIX, "markdown", SPECSYNC_MATRIX_MARKDOWN, specsync_render_matrix_markdown, NULL)   \
	X(FOR_MATRIX, "json", SPECSYNC_MATRIX_JSON, specsync_render_matrix_json, NULL)               \
	X(FOR_MATRIX, "html", SPECSYNC_MATRIX_HTML, specsync_render_matrix_html, NULL)
#define LINT_FORMATS(X)                                                                            \
	X(FOR_LINT, "text", SPECSYNC_FORMAT_TEXT, NULL, specsync_render_lint_text)                   \
	X(FOR_LINT, "json", SPECSYNC_FORMAT_JSON, NULL, specsync_render_lint_json)

#define ENTRY(fam, name, value, report, lint) {fam, name, (int)(value), report, lint},
#define NAME(fam, name, value, report, lint) ", " name

static const struct format_entry {
	family family;
	const char *name;
	int value; /* a specsync_format or a specsync_matrix_format */
	report_fn report;
	lint_fn lint;
} formats[] = {REPORT_FORMATS(ENTRY) MATRIX_FORMATS(ENTRY) LINT_FORMATS(ENTRY)};

/* The names of one family, "text, json, ..." once the first ", " is
 * skipped. */
static const char *const names[] = {
	[FOR_REPORT] = REPORT_FORMATS(NAME),
	[FOR_MATRIX] = MATRIX_FORMATS(NAME),
	[FOR_LINT] = LINT_FORMATS(NAME),
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static const struct format_entry *by_name(family fam, const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].family == fam && !strcmp(name, formats[i].name))
			return &formats[i];
	return NULL;
}

static const struct format_entry *by_value(family fam, int value)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].family == fam && formats[i].value == value)
			return &formats[i];
	return NULL;
}

static int parse(int *out, family fam, const char *name, const char **expected)
{
	const struct format_entry *e = by_name(fam, name);

	if (expected)
		*expected = names[fam] + 2;
	if (!e)
		return SPECSYNC_EUSAGE;
	*out = e->value;
	return 0;
}

int specsync_format_parse(specsync_format *out, const char *name, const char **expected)
{
	int v;
	int error = parse(&v, FOR_REPORT, name, expected);

	if (!error)
		*out = (specsync_format)v;
	return error;
}

int specsync_matrix_format_parse(specsync_matrix_format *out, const char *name,
				 const char **expected)
{
	int v;
	int error = parse(&v, FOR_MATRIX, name, expected);

	if (!error)
		*out = (specsync_matrix_format)v;
	return error;
}

int specsync_lint_format_parse(specsync_format *out, const char *name, const char **expected)
{
	int v;
	int error = parse(&v, FOR_LINT, name, expected);

	if (!error)
		*out = (specsync_format)v;
	return error;
}

/* `opts` as this version reads them: a caller built against version 1
 * has no fields past `all`; NULL gives the defaults. */
static specsync_render_options options_of(const specsync_render_options *opts)
{
	specsync_render_options o = SPECSYNC_RENDER_OPTIONS_INIT;

	if (opts) {
		o.color = opts->color;
		o.all = opts->all;
	}
	if (opts && opts->version >= 2) {
		o.notice = opts->notice;
		o.max_size = opts->max_size;
	}
	if (opts && opts->version >= 3)
		o.sender = opts->sender;
	return o;
}

int specsync_render(specsync_buf *out, const specsync_result *result, specsync_format format,
		    const specsync_render_options *opts)
{
	specsync_render_options o = options_of(opts);
	const struct format_entry *e = by_value(FOR_REPORT, (int)format);

	return e ? e->report(out, result, &o) : SPECSYNC_EUSAGE;
}

int specsync_render_stream(const specsync_result *result, specsync_format format,
			   const specsync_render_options *opts, specsync_write_fn write,
			   void *payload)
{
	specsync_render_options o = options_of(opts);
	const struct format_entry *e = by_value(FOR_REPORT, (int)format);
	specsync_render_sink sink = { write, payload, 0 };
	specsync_buf out = SPECSYNC_BUF_INIT;
	int error;

	if (!e)
		return SPECSYNC_EUSAGE;
	/* only JSON grows with the history's every episode; the others are
	 * bounded by the open findings, and some of them look back at what
	 * they wrote (neutralising, size limits) */
	if (format == SPECSYNC_FORMAT_JSON)
		error = specsync_render_json_to(&out, &sink, result, &o);
	else
		error = e->report(&out, result, &o);
	if (!error)
		error = specsync_render_flush(&out, &sink, true);
	specsync_buf_dispose(&out);
	return sink.error ? sink.error : error;
}

int specsync_render_matrix(specsync_buf *out, const specsync_result *result,
			   specsync_matrix_format format, const specsync_render_options *opts)
{
	const struct format_entry *e = by_value(FOR_MATRIX, (int)format);

	return e ? e->report(out, result, opts) : SPECSYNC_EUSAGE;
}

int specsync_render_lint(specsync_buf *out, const specsync_lint_result *result,
			 specsync_format format, const specsync_render_options *opts)
{
	const struct format_entry *e = by_value(FOR_LINT, (int)format);

	return e ? e->lint(out, result, opts) : SPECSYNC_EUSAGE;
}
