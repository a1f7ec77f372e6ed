/*
 * GitHub Actions workflow commands: one annotation per reported finding
 * (`::error`, `::warning`, `::notice`), then the text report in a
 * collapsed group.
 *
 * Untrusted text (paths, requirement IDs, names, commit summaries from the
 * repository) must not be able to issue commands:
 *  - in annotations it is escaped the runner's way (data: % CR LF;
 *    properties also : and ,), so it never starts a line; other control
 *    characters and invalid UTF-8 become U+FFFD;
 *  - the text report is wrapped in `::stop-commands::TOKEN` ... `::TOKEN::`
 *    with a token that does not occur in it, so nothing in it is processed
 *    (the runner also looks for the legacy `##[command]` anywhere in a
 *    line); lines of it that would still look like commands are prefixed
 *    with "> " for the log viewer's sake.
 *
 * The runner shows 10 error, 10 warning and 10 notice annotations per step:
 * past that, one notice says how many more there are (every finding is in
 * the report below and in the job summary).
 */
#include "common.h"
#include "hash.h"
#include "json.h"
#include "render.h"
#include "renderers.h"

#include <stdio.h>

#define MAX_PER_KIND 10

static void escape(specsync_buf *out, const char *s, bool property)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p);

	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n = specsync_utf8_len(p + i, len - i);
		if (c == '%')
			specsync_buf_puts(out, "%25");
		else if (c == '\r')
			specsync_buf_puts(out, "%0D");
		else if (c == '\n')
			specsync_buf_puts(out, "%0A");
		else if (property && c == ':')
			specsync_buf_puts(out, "%3A");
		else if (property && c == ',')
			specsync_buf_puts(out, "%2C");
		else if (c < 0x20 || c == 0x7f || n == 0)
			specsync_buf_puts(out, "\xef\xbf\xbd");
		else
			specsync_buf_put(out, (const char *)p + i, n);
		i += n ? n : 1;
	}
}

static const char *command(specsync_ci_level l)
{
	return l == SPECSYNC_CI_ERROR ? "error" : l == SPECSYNC_CI_WARNING ? "warning" : "notice";
}

static void annotation(specsync_buf *out, const char *cmd, const specsync_location *loc,
		       const char *title, const char *message)
{
	specsync_buf_printf(out, "::%s ", cmd);
	if (loc) {
		specsync_buf_puts(out, "file=");
		escape(out, loc->path, true);
		specsync_buf_printf(out, ",line=%u,", loc->line);
	}
	specsync_buf_puts(out, "title=");
	escape(out, title, true);
	specsync_buf_puts(out, "::");
	escape(out, message, false);
	specsync_buf_putc(out, '\n');
}

static void finding_annotation(specsync_buf *out, const specsync_result *r,
			       const specsync_finding *f, specsync_ci_level level)
{
	specsync_buf title = SPECSYNC_BUF_INIT, msg = SPECSYNC_BUF_INIT;
	specsync_location loc = specsync_anchor(r, f);

	if (f->kind == SPECSYNC_FINDING_UNSYNCED)
		specsync_buf_printf(&title, "specsync: %s, %s side not updated%s", f->requirement,
				    f->lagging_side,
				    level == SPECSYNC_CI_NOTE ? " (open before)" : "");
	else
		specsync_buf_printf(&title, "specsync: %s, %s", f->requirement,
				    f->kind == SPECSYNC_FINDING_OUT_OF_ROLE
					    ? "edit outside one's role"
					    : "invalid acknowledgement");
	specsync_describe_finding(&msg, f);
	specsync_buf_putc(&msg, '.');
	specsync_describe_action(&msg, r, f, "\n");
	annotation(out, command(level), &loc, title.ptr, msg.ptr ? msg.ptr : "");
	specsync_buf_dispose(&title);
	specsync_buf_dispose(&msg);
}

static void plural(specsync_buf *out, size_t n, const char *what, bool *first)
{
	if (!n)
		return;
	specsync_buf_printf(out, "%s%zu more %s%s", *first ? "" : ", ", n, what, n == 1 ? "" : "s");
	*first = false;
}

static void annotations(specsync_buf *out, const specsync_result *r,
			const specsync_render_options *opts)
{
	size_t total[4] = {0, 0, 0, 0}, shown[4] = {0, 0, 0, 0}, cap[4];
	bool overflow, first = true;

	for (size_t i = 0; i < r->finding_count; i++)
		total[specsync_ci_level_of(r, &r->findings[i])]++;
	cap[SPECSYNC_CI_ERROR] = cap[SPECSYNC_CI_WARNING] = MAX_PER_KIND;
	cap[SPECSYNC_CI_NOTE] = MAX_PER_KIND - (opts->notice ? 1 : 0);
	overflow = total[SPECSYNC_CI_ERROR] > MAX_PER_KIND ||
		   total[SPECSYNC_CI_WARNING] > MAX_PER_KIND ||
		   total[SPECSYNC_CI_NOTE] > cap[SPECSYNC_CI_NOTE];
	if (overflow)
		cap[SPECSYNC_CI_NOTE]--;
	if (opts->notice) {
		specsync_location cfg = {".specsync.yml", 1};
		annotation(out, "notice", &cfg, "specsync: configuration", opts->notice);
	}
	for (size_t i = 0; i < r->finding_count; i++) {
		const specsync_finding *f = &r->findings[i];
		specsync_ci_level l = specsync_ci_level_of(r, f);
		if (l == SPECSYNC_CI_SKIP || shown[l] == cap[l])
			continue;
		shown[l]++;
		finding_annotation(out, r, f, l);
	}
	if (overflow) {
		specsync_buf msg = SPECSYNC_BUF_INIT;
		plural(&msg, total[SPECSYNC_CI_ERROR] - shown[SPECSYNC_CI_ERROR], "error", &first);
		plural(&msg, total[SPECSYNC_CI_WARNING] - shown[SPECSYNC_CI_WARNING], "warning",
		       &first);
		plural(&msg, total[SPECSYNC_CI_NOTE] - shown[SPECSYNC_CI_NOTE], "note", &first);
		specsync_buf_printf(&msg,
				    " not annotated (GitHub shows %d of each kind per step): "
				    "see the job summary and the specsync report in the log",
				    MAX_PER_KIND);
		annotation(out, "notice", NULL, "specsync: more findings", msg.ptr);
		specsync_buf_dispose(&msg);
	}
}

/* A token that occurs nowhere in `text`, derived from it (so the output is
 * reproducible) and checked (so no text can guess it into existence). */
static void stop_token(char out[48], const specsync_buf *text)
{
	for (uint64_t salt = 0;; salt++) {
		specsync_hasher h;
		specsync_hash128 v;
		specsync_hasher_init(&h);
		specsync_hasher_update(&h, &salt, sizeof(salt));
		specsync_hasher_update(&h, text->ptr ? text->ptr : "", text->size);
		v = specsync_hasher_final(&h);
		snprintf(out, 48, "specsync-%016llx%016llx", (unsigned long long)v.h1,
			 (unsigned long long)v.h2);
		if (!text->ptr || !strstr(text->ptr, out))
			return;
	}
}

static bool looks_like_command(const char *line, size_t len)
{
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	return (len >= 2 && !memcmp(line, "::", 2)) || (len >= 3 && !memcmp(line, "##[", 3));
}

/* Copies a line of the report with control characters (ANSI escapes
 * included) and invalid UTF-8 turned into U+FFFD. */
static void clean_line(specsync_buf *out, const char *line, size_t len)
{
	const unsigned char *p = (const unsigned char *)line;

	for (size_t i = 0; i < len;) {
		size_t n = specsync_utf8_len(p + i, len - i);
		if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f || n == 0)
			specsync_buf_puts(out, "\xef\xbf\xbd");
		else
			specsync_buf_put(out, line + i, n);
		i += n ? n : 1;
	}
}

static int report(specsync_buf *out, const specsync_result *r)
{
	specsync_render_options plain = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf text = SPECSYNC_BUF_INIT;
	char token[48];
	int error;

	error = specsync_result_is_check(r) ? specsync_render_check_text(&text, r, &plain)
					    : specsync_render_text(&text, r, &plain);
	if (error < 0) {
		specsync_buf_dispose(&text);
		return error;
	}
	stop_token(token, &text);
	specsync_buf_printf(out, "::group::specsync report\n::stop-commands::%s\n", token);
	/* the runner splits lines at CR too */
	for (size_t i = 0; i < text.size;) {
		size_t n = strcspn(text.ptr + i, "\r\n");
		if (looks_like_command(text.ptr + i, n))
			specsync_buf_puts(out, "> ");
		clean_line(out, text.ptr + i, n);
		specsync_buf_putc(out, '\n');
		i += n + (text.ptr[i + n] ? 1 : 0);
	}
	specsync_buf_printf(out, "::%s::\n::endgroup::\n", token);
	specsync_buf_dispose(&text);
	return 0;
}

int specsync_render_github(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts)
{
	int error;

	annotations(out, r, opts);
	if ((error = report(out, r)) < 0)
		return error;
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

int specsync_render_github_error(specsync_buf *out, const specsync_error *err)
{
	specsync_location loc = { err->path, err->line ? err->line : 1 };

	annotation(out, "error", err->path[0] ? &loc : NULL, "specsync could not check",
		   err->message[0] ? err->message : "unknown error");
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
