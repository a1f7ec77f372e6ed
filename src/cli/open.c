/*
 * Opening the repository and its configuration, and running the audit that
 * audit, matrix and report share.
 */
#include "cli.h"

#include <string.h>

int cli_open(specsync_repo **repo, specsync_config **cfg, const char *dir, const char *config_path,
	     const char *rev, unsigned flags)
{
	specsync_error err;

	*repo = NULL;
	*cfg = NULL;
	specsync_error_clear(&err);
	if (specsync_repo_open(repo, dir, flags, &err) < 0)
		return cli_report(&err);
	if (specsync_repo_load_config(cfg, *repo, config_path, rev, &err) < 0) {
		specsync_repo_free(*repo);
		*repo = NULL;
		return cli_report(&err);
	}
	return 0;
}

/* Whether a warning line of `w` starts with "PATH: " (said while reading). */
static bool mentioned(const char *w, const char *path)
{
	size_t n = strlen(path);

	for (; w && *w; w += strcspn(w, "\n"), w += *w == '\n')
		if (!strncmp(w, path, n) && !strncmp(w + n, ": ", 2))
			return true;
	return false;
}

/* One line for each document of the revision that was not read. */
static void print_skipped(const specsync_result *result, const char *w)
{
	static const char *const why[] = {
		"binary (a NUL byte in its first 8000 bytes)",
		"UTF-16 (byte-order mark; specsync reads UTF-8: save it as UTF-8)",
		"over max_file_size",
	};
	size_t n;
	const specsync_skipped_file *f = specsync_result_skipped(result, &n);

	for (size_t i = 0; i < n; i++) {
		if (mentioned(w, f[i].path))
			continue;
		fprintf(stderr, "%s: warning: ", cli_program);
		cli_put_safe(stderr, f[i].path, strlen(f[i].path));
		fprintf(stderr, ": %llu bytes, %s: not read, no requirement counted in it\n",
			(unsigned long long)f[i].size, why[f[i].reason]);
	}
}

void cli_print_warnings(const specsync_result *result)
{
	const char *w = specsync_result_warnings(result);

	print_skipped(result, w);
	while (w && *w) {
		size_t n = strcspn(w, "\n");
		fprintf(stderr, "%s: warning: ", cli_program);
		cli_put_safe(stderr, w, n);
		fputc('\n', stderr);
		w += n + (w[n] == '\n');
	}
}

int cli_audit(specsync_result **result, specsync_repo **repo, specsync_config **cfg,
	      const cli_common *c)
{
	specsync_audit_options ao = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_error err;
	int status, error;

	*result = NULL;
	specsync_error_clear(&err);
	if ((status = cli_open(repo, cfg, c->dir ? c->dir : ".", c->config, c->rev, 0)) != 0)
		return status;
	if ((status = cli_check_scope(*repo, *cfg, c->rev, false)) != 0)
		return status;
	ao.rev = c->rev;
	ao.since = c->since;
	ao.no_cache = c->no_cache;
	cli_progress_start(&ao, "walking the history");
	error = specsync_audit(result, *repo, *cfg, &ao, &err);
	cli_progress_end(&ao);
	if (error < 0)
		return cli_report(&err);
	cli_print_warnings(*result);
	return 0;
}

int cli_audit_render(const cli_common *c, cli_render_cb render, cli_emit_cb emit, void *payload)
{
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_result *result = NULL;
	specsync_buf out = SPECSYNC_BUF_INIT;
	int status, rendered;

	if ((status = cli_audit(&result, &repo, &cfg, c)) == 0) {
		rendered = render(&out, result, payload);
		if (rendered < 0 || !emit)
			status = cli_emit(c->output, &out, rendered);
		else
			status = emit(repo, result, &out, payload);
	}
	specsync_buf_dispose(&out);
	specsync_result_free(result);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}

int cli_check_scope(specsync_repo *repo, const specsync_config *cfg, const char *rev, bool index)
{
	specsync_scope_options so = SPECSYNC_SCOPE_OPTIONS_INIT;
	specsync_scope *scope = NULL;
	const specsync_scope_warning *w;
	specsync_error err;
	size_t n;

	specsync_error_clear(&err);
	so.rev = rev;
	so.index = index;
	if (specsync_scope_check(&scope, repo, cfg, &so, &err) < 0)
		return cli_report(&err);
	w = specsync_scope_warnings(scope, &n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s: warning: %s\n", cli_program, w[i].message);
	specsync_scope_free(scope);
	return 0;
}
