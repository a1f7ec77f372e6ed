/*
 * specsync matrix [REV]
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
	"usage: specsync matrix [REV] [options]\n"
	"\n"
	"Prints the traceability matrix at REV (default HEAD): one row per requirement,\n"
	"where it is on each side (file:line, or missing), its state (synchronised, or\n"
	"the sides that owe an update) and its Responsible, Accountable, Consulted and\n"
	"Informed roles on each side.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT      markdown (default), csv (RFC 4180), json or html\n"
	"  -o, --output FILE    write to FILE (atomically) instead of standard output\n"
	"  --config FILE        configuration file (default .specsync.yml at the root)\n"
	"  --since REV          count every requirement as synchronised at REV\n"
	"  --no-cache           neither read nor write the cache in the git directory\n"
	"  -C DIR               run as if started in DIR\n"
	"\n"
	"Exit status: 0, or 2 for usage, configuration or repository errors (pending\n"
	"requirements are a state here, not a failure: see 'specsync audit').\n";

typedef struct matrix_args {
	cli_common c;
	specsync_matrix_format fmt;
} matrix_args;

static const cli_option options[] = {
	CLI_O_HELP,  CLI_O_FORMAT, CLI_O_OUTPUT,   CLI_O_CONFIG,
	CLI_O_SINCE, CLI_O_DIR,    CLI_O_NO_CACHE, CLI_O_END,
};

static int parse(matrix_args *o, int argc, char **argv)
{
	const char *known;
	int status;

	memset(o, 0, sizeof(*o));
	o->fmt = SPECSYNC_MATRIX_MARKDOWN;
	status =
		cli_parse_command(&o->c, "matrix", usage, options, NULL, NULL, argc, argv, NULL, 1);
	if (!status && o->c.format &&
	    specsync_matrix_format_parse(&o->fmt, o->c.format, &known) < 0)
		return cli_unknown_value("matrix", "format", o->c.format, known);
	return status;
}

static int render(specsync_buf *out, const specsync_result *result, void *payload)
{
	const matrix_args *o = payload;

	return specsync_render_matrix(out, result, o->fmt, NULL);
}

int cmd_matrix(int argc, char **argv)
{
	matrix_args o;
	int status;

	if ((status = parse(&o, argc, argv)) != 0)
		return status < 0 ? EXIT_CLEAN : status;
	return cli_audit_render(&o.c, render, NULL, &o);
}
