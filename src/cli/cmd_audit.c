/*
 * specsync audit [REV]
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: specsync audit [REV] [options]\n"
	"\n"
	"Walks the first-parent history of REV (default HEAD) from its root and reports\n"
	"the requirements changed on one side only, edits made outside one's role and\n"
	"invalid acknowledgements.\n"
	"\n"
	"Options:\n"
	"  --format FMT         text (default), json, sarif, junit, github, gitlab or\n"
	"                       markdown; with github, the markdown report is also\n"
	"                       appended to $GITHUB_STEP_SUMMARY when it is set\n"
	"  -o, --output FILE    write to FILE (atomically) instead of standard output\n"
	"  --config FILE        configuration file (default .specsync.yml at the root)\n"
	"  --since REV          count every requirement as synchronised at REV\n"
	"  --all                text: also list episodes closed earlier\n"
	"  --no-cache           neither read nor write the cache in the git directory\n"
	"  --color auto|always|never   colours in text (default auto; NO_COLOR honoured)\n"
	"  -C DIR               run as if started in DIR\n"
	"\n"
	"Exit status: 0 when no open finding has policy 'error', 1 when one has,\n"
	"2 for usage, configuration or repository errors.\n";

typedef struct audit_args {
	const char *rev, *format, *output, *config, *since, *color, *dir;
	specsync_format fmt;
	bool all, no_cache;
} audit_args;

static int parse(audit_args *o, int argc, char **argv)
{
	cli_args a;
	const char *arg;
	const char *known;
	bool opt;
	int status = 0;

	memset(o, 0, sizeof(*o));
	o->format = "text";
	cli_args_init(&a, argc, argv);
	while ((arg = cli_next(&a, &opt)) != NULL && !status) {
		if (!opt) {
			if (o->rev)
				return cli_usage_error("audit", "unexpected argument '%s'", arg);
			o->rev = arg;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage, stdout);
			return -1;
		} else if (cli_is(&a, arg, "--format", NULL, true, &status)) {
			o->format = a.value;
		} else if (cli_is(&a, arg, "--output", "-o", true, &status)) {
			o->output = a.value;
		} else if (cli_is(&a, arg, "--config", NULL, true, &status)) {
			o->config = a.value;
		} else if (cli_is(&a, arg, "--since", NULL, true, &status)) {
			o->since = a.value;
		} else if (cli_is(&a, arg, "--color", NULL, true, &status)) {
			o->color = a.value;
		} else if (cli_is(&a, arg, NULL, "-C", true, &status)) {
			o->dir = a.value;
		} else if (cli_is(&a, arg, "--all", NULL, false, &status)) {
			o->all = true;
		} else if (cli_is(&a, arg, "--no-cache", NULL, false, &status)) {
			o->no_cache = true;
		} else {
			return cli_usage_error("audit", "unknown option '%s'", arg);
		}
	}
	if (status)
		return status;
	if (specsync_format_parse(&o->fmt, o->format, &known) < 0)
		return cli_usage_error("audit", "unknown format '%s' (expected one of: %s)",
				       o->format, known);
	if (o->color && strcmp(o->color, "auto") && strcmp(o->color, "always") &&
	    strcmp(o->color, "never"))
		return cli_usage_error("audit", "--color takes auto, always or never");
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	audit_args o;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_result *result = NULL;
	specsync_audit_options ao = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf out = SPECSYNC_BUF_INIT;
	specsync_error err;
	int status;
	bool text;

	if ((status = parse(&o, argc, argv)) != 0)
		return status < 0 ? EXIT_CLEAN : status;
	text = o.fmt == SPECSYNC_FORMAT_TEXT;
	specsync_error_clear(&err);
	if ((status = cli_open(&repo, &cfg, o.dir ? o.dir : ".", o.config, o.rev, 0)) != 0)
		goto done;
	ao.rev = o.rev;
	ao.since = o.since;
	ao.no_cache = o.no_cache;
	if (specsync_audit(&result, repo, cfg, &ao, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	ro.color = text && !o.output && cli_color(o.color, stdout);
	ro.all = o.all;
	if (specsync_render(&out, result, o.fmt, &ro) < 0) {
		status = cli_usage_error(NULL, "out of memory while rendering");
		goto done;
	}
	if ((status = cli_write_output(o.output, out.ptr, out.size)) != 0)
		goto done;
	if (o.fmt == SPECSYNC_FORMAT_GITHUB)
		cli_github_summary(result, NULL);
	status = specsync_result_max_level(result) == SPECSYNC_LEVEL_ERROR ? EXIT_FINDINGS
									   : EXIT_CLEAN;
done:
	specsync_buf_dispose(&out);
	specsync_result_free(result);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}
