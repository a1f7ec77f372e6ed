/*
 * specsync report --from WHEN [--to WHEN]: the steering-committee report.
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
	"usage: specsync report --from WHEN [--to WHEN] [options]\n"
	"\n"
	"What happened to the specifications between two points of the first-parent\n"
	"history: drift opened (per side and RACI scope, with who must act) and resolved\n"
	"(how, by whom, after how long), drift still open at the end (oldest first, with\n"
	"its Accountable), out-of-role edits (by person and side), invalid\n"
	"acknowledgements, trends against the previous period of the same length, and\n"
	"the decisions to take. WHEN is a revision, or a date (2026-11-01,\n"
	"\"2026-11-01 14:00\" UTC, \"2 weeks ago\"): the last first-parent commit at or\n"
	"before it by committer time. The whole history is analysed once.\n"
	"\n"
	"Options:\n"
	"  --from WHEN          start of the period (excluded); required\n"
	"  --to WHEN            end of the period (included); default HEAD\n"
	"  --format FORMAT      markdown (default), html or json\n"
	"  -o, --output FILE    write to FILE (atomically) instead of standard output\n"
	"  --config FILE        configuration file (default .specsync.yml at the root)\n"
	"  --since REV          count every requirement as synchronised at REV\n"
	"  --no-cache           neither read nor write the cache in the git directory\n"
	"  -C DIR               run as if started in DIR\n"
	"\n"
	"Exit status: 0, or 2 for usage, configuration or repository errors (the\n"
	"report states facts; 'specsync audit' gives the policy's verdict).\n";

typedef struct report_args {
	cli_common c;
	const char *from, *to;
	specsync_format fmt;
} report_args;

static int parse_format(report_args *o)
{
	if (!o->c.format || !strcmp(o->c.format, "markdown") || !strcmp(o->c.format, "md"))
		o->fmt = SPECSYNC_FORMAT_MD;
	else if (!strcmp(o->c.format, "html"))
		o->fmt = SPECSYNC_FORMAT_HTML;
	else if (!strcmp(o->c.format, "json"))
		o->fmt = SPECSYNC_FORMAT_JSON;
	else
		return cli_usage_error("report",
				       "unknown format '%s' (expected one of: markdown, "
				       "html, json)",
				       o->c.format);
	return 0;
}

enum { OPT_FROM = CLI_OPT_OWN, OPT_TO };

static const cli_option options[] = {
	CLI_O_HELP,
	CLI_O_FORMAT,
	CLI_O_OUTPUT,
	CLI_O_CONFIG,
	CLI_O_SINCE,
	CLI_O_DIR,
	CLI_O_NO_CACHE,
	{"from", 0, true, OPT_FROM},
	{"to", 0, true, OPT_TO},
	CLI_O_END,
};

static int own(void *payload, int id, const char *value)
{
	report_args *o = payload;

	if (id == OPT_FROM)
		o->from = value;
	else
		o->to = value;
	return 0;
}

static int parse(report_args *o, int argc, char **argv)
{
	const char *none[1];
	int status;

	memset(o, 0, sizeof(*o));
	status = cli_parse_command(&o->c, "report", usage, options, own, o, argc, argv, none, 0);
	if (status)
		return status;
	if (!o->from)
		return cli_usage_error("report", "--from WHEN is required");
	return parse_format(o);
}

int cmd_report(int argc, char **argv)
{
	report_args o;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_period *period = NULL;
	specsync_period_options po = SPECSYNC_PERIOD_OPTIONS_INIT;
	specsync_audit_options progress = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_buf out = SPECSYNC_BUF_INIT;
	specsync_error err;
	int status, error;

	if ((status = parse(&o, argc, argv)) != 0)
		return status < 0 ? EXIT_CLEAN : status;
	specsync_error_clear(&err);
	/* a bare repository: the configuration of HEAD (--to may be a date) */
	if ((status = cli_open(&repo, &cfg, o.c.dir ? o.c.dir : ".", o.c.config, NULL, 0)) != 0)
		goto done;
	po.from = o.from;
	po.to = o.to;
	po.since = o.c.since;
	po.no_cache = o.c.no_cache;
	cli_progress_start(&progress, "walking the history");
	po.progress = progress.progress;
	po.progress_payload = progress.progress_payload;
	error = specsync_period_report(&period, repo, cfg, &po, &err);
	cli_progress_end(&progress);
	if (error < 0) {
		status = cli_report(&err);
		goto done;
	}
	cli_print_warnings(specsync_period_result(period));
	status = cli_emit(o.c.output, &out, specsync_render_period(&out, period, o.fmt, NULL));
done:
	specsync_buf_dispose(&out);
	specsync_period_free(period);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}
