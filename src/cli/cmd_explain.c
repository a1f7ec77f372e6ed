/*
 * specsync explain ID [REV]
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
	"usage: specsync explain ID [REV] [options]\n"
	"\n"
	"Shows every unit of change (first-parent commit) of REV's history that changed\n"
	"requirement ID: author, date, what happened, the sides still owing an update\n"
	"after it, and a word-level diff of its sections on each changed side.\n"
	"\n"
	"Options:\n"
	"  --config FILE        configuration file (default .specsync.yml at the root)\n"
	"  --color auto|always|never   colours (default auto; NO_COLOR honoured)\n"
	"  -C DIR               run as if started in DIR\n";

int cmd_explain(int argc, char **argv)
{
	cli_args a;
	const char *arg, *id = NULL, *rev = NULL, *config = NULL, *color = NULL, *dir = ".";
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_explanation *ex = NULL;
	specsync_audit_options ao = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf out = SPECSYNC_BUF_INIT;
	specsync_error err;
	bool opt;
	int status = 0;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_next(&a, &opt)) != NULL && !status) {
		if (!opt) {
			if (!id)
				id = arg;
			else if (!rev)
				rev = arg;
			else
				return cli_usage_error("explain", "unexpected argument '%s'", arg);
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage, stdout);
			return EXIT_CLEAN;
		} else if (cli_is(&a, arg, "--config", NULL, true, &status)) {
			config = a.value;
		} else if (cli_is(&a, arg, "--color", NULL, true, &status)) {
			color = a.value;
		} else if (cli_is(&a, arg, NULL, "-C", true, &status)) {
			dir = a.value;
		} else {
			return cli_usage_error("explain", "unknown option '%s'", arg);
		}
	}
	if (status)
		return status;
	if (!id)
		return cli_usage_error("explain", "which requirement? (e.g. specsync explain REQ-042)");
	specsync_error_clear(&err);
	if ((status = cli_open(&repo, &cfg, dir, config, rev, 0)) != 0)
		goto done;
	ao.rev = rev;
	if (specsync_explain(&ex, repo, cfg, id, &ao, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	ro.color = cli_color(color, stdout);
	specsync_render_explanation(&out, ex, cfg, &ro);
	status = cli_write_output(NULL, out.ptr, out.size);
done:
	specsync_buf_dispose(&out);
	specsync_explanation_free(ex);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}
