/*
 * specsync lint [REV]
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
	"usage: specsync lint [REV] [options]\n"
	"\n"
	"Checks the configuration's RACI (exactly one Accountable and at least one\n"
	"Responsible per scope and side, roles with members, one person Accountable on\n"
	"two sides) and the documents at REV (default HEAD): IDs defined twice in\n"
	"`defines` mode, files claimed by two sides, requirements missing on a side,\n"
	"binary or oversized files. Lists every problem, errors and warnings, then the\n"
	"coverage per side (requirements on that side only).\n"
	"\n"
	"Options:\n"
	"  --format text|json   output format (default text)\n"
	"  -o, --output FILE    write to FILE (atomically) instead of standard output\n"
	"  --config FILE        configuration file (default .specsync.yml at the root)\n"
	"  --color auto|always|never   colours in text (default auto; NO_COLOR honoured)\n"
	"  -C DIR               run as if started in DIR\n"
	"\n"
	"Exit status: 0 when no problem is an error, 1 when one is, 2 for usage,\n"
	"configuration or repository errors (a side whose paths match no file, an ID\n"
	"pattern that matches nothing).\n";

typedef struct lint_args {
	cli_common c;
	specsync_format fmt;
} lint_args;

static const cli_option options[] = {
	CLI_O_HELP, CLI_O_FORMAT, CLI_O_OUTPUT, CLI_O_CONFIG, CLI_O_COLOR, CLI_O_DIR, CLI_O_END,
};

static int parse(lint_args *o, int argc, char **argv)
{
	const char *known;
	int status;

	memset(o, 0, sizeof(*o));
	o->c.format = "text";
	status = cli_parse_command(&o->c, "lint", usage, options, NULL, NULL, argc, argv, NULL, 1);
	if (status)
		return status;
	if (specsync_lint_format_parse(&o->fmt, o->c.format, &known) < 0)
		return cli_unknown_value("lint", "format", o->c.format, known);
	return cli_common_check(&o->c, "lint");
}

int cmd_lint(int argc, char **argv)
{
	lint_args o;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_lint_result *result = NULL;
	specsync_lint_options lo = SPECSYNC_LINT_OPTIONS_INIT;
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf out = SPECSYNC_BUF_INIT;
	specsync_error err;
	int status;

	if ((status = parse(&o, argc, argv)) != 0)
		return status < 0 ? EXIT_CLEAN : status;
	specsync_error_clear(&err);
	if ((status = cli_open(&repo, &cfg, o.c.dir ? o.c.dir : ".", o.c.config, o.c.rev, 0)) != 0)
		goto done;
	if ((status = cli_check_scope(repo, cfg, o.c.rev, false)) != 0)
		goto done;
	lo.rev = o.c.rev;
	if (specsync_lint(&result, repo, cfg, &lo, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	ro.color = o.fmt == SPECSYNC_FORMAT_TEXT && !o.c.output && cli_color(o.c.color, stdout);
	if (specsync_render_lint(&out, result, o.fmt, &ro) < 0) {
		status = cli_usage_error(NULL, "out of memory while rendering");
		goto done;
	}
	if ((status = cli_write_output(o.c.output, out.ptr, out.size)) != 0)
		goto done;
	status = specsync_lint_max_level(result) == SPECSYNC_LEVEL_ERROR ? EXIT_FINDINGS
									 : EXIT_CLEAN;
done:
	specsync_buf_dispose(&out);
	specsync_lint_result_free(result);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}
