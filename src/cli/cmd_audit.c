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
	"  --all                text: full detail (every finding, commit and place,\n"
	"                       each out-of-role edit) and the episodes closed earlier\n"
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

enum { OPT_ALL = CLI_OPT_OWN };

static const cli_option options[] = {
	CLI_O_HELP,   CLI_O_FORMAT,   CLI_O_OUTPUT,
	CLI_O_CONFIG, CLI_O_SINCE,    CLI_O_COLOR,
	CLI_O_DIR,    CLI_O_NO_CACHE, {"all", 0, false, OPT_ALL},
	CLI_O_END,
};

static int own_option(void *payload, int id, const char *value)
{
	audit_args *o = payload;

	(void)value;
	if (id == OPT_ALL)
		o->all = true;
	return 0;
}

static int parse(audit_args *o, int argc, char **argv)
{
	const char *known;
	int status;

	memset(o, 0, sizeof(*o));
	o->c.format = "text";
	status = cli_parse_command(&o->c, "audit", usage, options, own_option, o, argc, argv, NULL,
				   1);
	if (status)
		return status;
	if (specsync_format_parse(&o->fmt, o->c.format, &known) < 0)
		return cli_unknown_value("audit", "format", o->c.format, known);
	return cli_common_check(&o->c, "audit");
}

int cmd_audit(int argc, char **argv)
{
	audit_args o;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_result *result = NULL;
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
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
	if ((status = cli_render_output(o.c.output, result, o.fmt, &ro, NULL, NULL)) != 0)
		goto done;
	if (o.fmt == SPECSYNC_FORMAT_GITHUB)
		cli_github_summary(result, NULL);
	status = specsync_result_max_level(result) == SPECSYNC_LEVEL_ERROR ? EXIT_FINDINGS
									   : EXIT_CLEAN;
done:
	specsync_result_free(result);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}
