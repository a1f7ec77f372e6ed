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
	bool print, force;
	const char *rev, *dir;
} init_args;

static int parse(init_args *o, int argc, char **argv)
{
	cli_args a;
	const char *arg;
	bool opt;
	int status = 0;

	memset(o, 0, sizeof(*o));
	cli_args_init(&a, argc, argv);
	while ((arg = cli_next(&a, &opt)) != NULL && !status) {
		if (!opt)
			return cli_usage_error("init", "unexpected argument '%s'", arg);
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage, stdout);
			return -1;
		}
		if (cli_is(&a, arg, "--print", NULL, false, &status))
			o->print = true;
		else if (cli_is(&a, arg, "--force", NULL, false, &status))
			o->force = true;
		else if (cli_is(&a, arg, "--rev", NULL, true, &status))
			o->rev = a.value;
		else if (cli_is(&a, arg, NULL, "-C", true, &status))
			o->dir = a.value;
		else
			return cli_usage_error("init", "unknown option '%s'", arg);
	}
	return status;
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
	if (specsync_repo_open(&repo, o.dir ? o.dir : ".", 0, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	if (!o.print && (status = target(&path, repo, o.force)) != 0)
		goto done;
	io.rev = o.rev;
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
