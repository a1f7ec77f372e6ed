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

void cli_print_warnings(const specsync_result *result)
{
	const char *w = specsync_result_warnings(result);

	while (w && *w) {
		size_t n = strcspn(w, "\n");
		fprintf(stderr, "%s: warning: %.*s\n", cli_program, (int)n, w);
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
