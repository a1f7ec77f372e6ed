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

static const cli_option options[] = {
	CLI_O_HELP, CLI_O_CONFIG, CLI_O_COLOR, CLI_O_DIR, CLI_O_END,
};

int cmd_explain(int argc, char **argv)
{
	const char *operands[2] = {NULL, NULL}, *id, *rev;
	cli_common c;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_explanation *ex = NULL;
	specsync_audit_options ao = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf out = SPECSYNC_BUF_INIT;
	specsync_error err;
	int status;

	memset(&c, 0, sizeof(c));
	status = cli_parse_command(&c, "explain", usage, options, NULL, NULL, argc, argv, operands,
				   2);
	if (status)
		return status < 0 ? EXIT_CLEAN : status;
	if ((status = cli_common_check(&c, "explain")) != 0)
		return status;
	id = operands[0];
	rev = operands[1];
	if (!id)
		return cli_usage_error("explain",
				       "which requirement? (e.g. specsync explain REQ-042)");
	specsync_error_clear(&err);
	if ((status = cli_open(&repo, &cfg, c.dir ? c.dir : ".", c.config, rev, 0)) != 0)
		goto done;
	ao.rev = rev;
	if (specsync_explain(&ex, repo, cfg, id, &ao, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	ro.color = cli_color(c.color, stdout);
	specsync_render_explanation(&out, ex, cfg, &ro);
	status = cli_write_output(NULL, out.ptr, out.size);
done:
	specsync_buf_dispose(&out);
	specsync_explanation_free(ex);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}
