/*
 * specsync init [--print] [--force]
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
	"usage: specsync init [--print] [--force] [options]\n"
	"\n"
	"Proposes a .specsync.yml for an existing repository, from the text files\n"
	"tracked at REV (default HEAD) and the history behind them: the requirement ID\n"
	"pattern and the IDs that only occur as prose examples; the functional and\n"
	"technical sides (path globs, and how their documents are read: Markdown,\n"
	"AsciiDoc and reStructuredText headings, sphinx-needs, StrictDoc, OpenFastTrace,\n"
	"Doorstop, IDs in code); roles and a RACI from the git authors of each side's\n"
	"files. Every guess is marked with a comment. Prints what it found and what to\n"
	"review, then writes .specsync.yml at the root of the working tree.\n"
	"\n"
	"Options:\n"
	"  --print        write the configuration to standard output (the summary goes\n"
	"                 to standard error) and leave the working tree alone\n"
	"  --force        overwrite an existing .specsync.yml\n"
	"  --rev REV      read the tracked files of REV instead of HEAD\n"
	"  -C DIR         run as if started in DIR\n"
	"\n"
	"Exit status: 0 when the configuration was written (or printed), 2 when\n"
	".specsync.yml exists (without --force), no requirement IDs were found, or on\n"
	"usage or repository errors.\n";

typedef struct init_args {
	cli_common c;
	bool print, force;
} init_args;

enum { OPT_PRINT = CLI_OPT_OWN, OPT_FORCE, OPT_REV };

static const cli_option options[] = {
	CLI_O_HELP,
	{"print", 0, false, OPT_PRINT},
	{"force", 0, false, OPT_FORCE},
	{"rev", 0, true, OPT_REV},
	CLI_O_DIR,
	CLI_O_END,
};

static int own(void *payload, int id, const char *value)
{
	init_args *o = payload;

	if (id == OPT_PRINT)
		o->print = true;
	else if (id == OPT_FORCE)
		o->force = true;
	else if (id == OPT_REV)
		o->c.rev = value;
	return 0;
}

static int parse(init_args *o, int argc, char **argv)
{
	int status;

	memset(o, 0, sizeof(*o));
	status = cli_parse_command(&o->c, "init", usage, options, own, o, argc, argv, NULL, 0);
	if (status)
		return status;
	return cli_common_check(&o->c, "init");
}

/* The file to write: <work tree>/.specsync.yml, refused when it exists. */
static int target(char **out, specsync_repo *repo, bool force)
{
	const char *wd = specsync_repo_workdir(repo);
	struct stat st;
	size_t n;

	*out = NULL;
	if (!wd)
		return cli_usage_error("init", "a bare repository has no working tree to write "
					       ".specsync.yml to; use --print");
	n = strlen(wd) + sizeof(".specsync.yml");
	if (!(*out = malloc(n)))
		return cli_usage_error(NULL, "out of memory");
	snprintf(*out, n, "%s.specsync.yml", wd);
	if (!force && lstat(*out, &st) == 0) {
		fprintf(stderr,
			"%s: %s already exists: not overwritten (--force replaces it, --print "
			"shows the proposal)\n",
			cli_program, *out);
		free(*out);
		*out = NULL;
		return EXIT_TROUBLE;
	}
	return 0;
}

int cmd_init(int argc, char **argv)
{
	init_args o;
	specsync_repo *repo = NULL;
	specsync_init_result *result = NULL;
	specsync_init_options io = SPECSYNC_INIT_OPTIONS_INIT;
	specsync_buf summary = SPECSYNC_BUF_INIT;
	specsync_error err;
	char *path = NULL;
	const char *yaml;
	size_t len;
	int status;

	if ((status = parse(&o, argc, argv)) != 0)
		return status < 0 ? EXIT_CLEAN : status;
	specsync_error_clear(&err);
	if (specsync_repo_open(&repo, o.c.dir ? o.c.dir : ".", 0, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	if (!o.print && (status = target(&path, repo, o.force)) != 0)
		goto done;
	io.rev = o.c.rev;
	if (specsync_init(&result, repo, &io, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	if (specsync_render_init(&summary, result) < 0 || summary.failed) {
		status = cli_usage_error(NULL, "out of memory");
		goto done;
	}
	yaml = specsync_init_config(result, &len);
	fputs(summary.ptr, o.print ? stderr : stdout);
	if ((status = cli_write_output(o.print ? NULL : path, yaml, len)) != 0)
		goto done;
	if (!o.print)
		puts("\nWrote .specsync.yml. Next: specsync lint, then specsync audit.");
done:
	free(path);
	specsync_buf_dispose(&summary);
	specsync_init_result_free(result);
	specsync_repo_free(repo);
	return status;
}
