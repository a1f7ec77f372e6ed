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
	"  --format FMT         text (default), json, sarif, junit, github, gitlab,\n"
	"                       markdown, html (a self-contained report), digest (what\n"
	"                       each person must do or know) or mbox (the digests as\n"
	"                       one e-mail per person; the sender is $EMAIL, else\n"
	"                       specsync <noreply@localhost>); with github, the\n"
	"                       markdown report is also appended to\n"
	"                       $GITHUB_STEP_SUMMARY when it is set\n"
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
	cli_common c;
	specsync_format fmt;
	bool all;
} audit_args;

#define AUDIT_OPTIONS \
	(CLI_REV | CLI_FORMAT | CLI_OUTPUT | CLI_CONFIG | CLI_SINCE | CLI_COLOR | CLI_DIR | \
	 CLI_NO_CACHE)

static int parse(audit_args *o, int argc, char **argv)
{
	cli_args a;
	const char *arg, *known;
	bool opt;
	int status = 0;

	memset(o, 0, sizeof(*o));
	o->c.format = "text";
	cli_args_init(&a, argc, argv);
	while ((arg = cli_next(&a, &opt)) != NULL && !status) {
		if (cli_common_arg(&o->c, AUDIT_OPTIONS, &a, arg, opt, "audit", &status))
			continue;
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage, stdout);
			return -1;
		} else if (cli_is(&a, arg, "--all", NULL, false, &status)) {
			o->all = true;
		} else {
			return cli_usage_error("audit", "unknown option '%s'", arg);
		}
	}
	if (status)
		return status;
	if (specsync_format_parse(&o->fmt, o->c.format, &known) < 0)
		return cli_usage_error("audit", "unknown format '%s' (expected one of: %s)",
				       o->c.format, known);
	return cli_common_check(&o->c, "audit");
}

int cmd_audit(int argc, char **argv)
{
	audit_args o;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_result *result = NULL;
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf out = SPECSYNC_BUF_INIT;
	int status;
	bool text;

	if ((status = parse(&o, argc, argv)) != 0)
		return status < 0 ? EXIT_CLEAN : status;
	text = o.fmt == SPECSYNC_FORMAT_TEXT;
	if ((status = cli_audit(&result, &repo, &cfg, &o.c)) != 0)
		goto done;
	ro.color = text && !o.c.output && cli_color(o.c.color, stdout);
	ro.all = o.all;
	ro.sender = getenv("EMAIL");
	if (specsync_render(&out, result, o.fmt, &ro) < 0) {
		status = cli_usage_error(NULL, "out of memory while rendering");
		goto done;
	}
	if ((status = cli_write_output(o.c.output, out.ptr, out.size)) != 0)
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
