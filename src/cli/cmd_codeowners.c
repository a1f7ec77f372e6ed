/*
 * specsync codeowners [REV]: CODEOWNERS from the RACI, or --check it.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
	"usage: specsync codeowners [REV] [options]\n"
	"\n"
	"Writes a CODEOWNERS file from the configuration's RACI: each side's files are\n"
	"owned by its Responsible members, and the files holding requirements of another\n"
	"RACI scope (at REV, default HEAD) by that scope's Responsible members. People\n"
	"are written as their handle from the configuration's 'handles:' mapping, else\n"
	"as their e-mail. With --check, compares with the CODEOWNERS committed at REV\n"
	"instead and fails when they disagree.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT      github (default) or gitlab (one [section] per side)\n"
	"  -o, --output FILE    write to FILE (atomically) instead of standard output\n"
	"  --check              compare with the committed CODEOWNERS (exit 1 if they differ)\n"
	"  --file PATH          with --check: the committed file to compare (default: where\n"
	"                       the platform looks: .github/CODEOWNERS, CODEOWNERS,\n"
	"                       docs/CODEOWNERS; GitLab: CODEOWNERS, docs/, .gitlab/)\n"
	"  --config FILE        configuration file (default .specsync.yml at the root)\n"
	"  --no-cache           neither read nor write the cache in the git directory\n"
	"  -C DIR               run as if started in DIR\n"
	"\n"
	"Exit status: 0 (with --check: the committed file agrees), 1 (--check: it\n"
	"disagrees or is missing), 2 usage, configuration or repository errors.\n";

enum { OPT_CHECK = CLI_OPT_OWN, OPT_FILE };

typedef struct co_args {
	cli_common c;
	bool check;
	const char *file;
	specsync_codeowners_format fmt;
} co_args;

static const cli_option options[] = {
	CLI_O_HELP,
	CLI_O_FORMAT,
	CLI_O_OUTPUT,
	CLI_O_CONFIG,
	CLI_O_DIR,
	CLI_O_NO_CACHE,
	{"check", 0, false, OPT_CHECK},
	{"file", 0, true, OPT_FILE},
	CLI_O_END,
};

static int own(void *payload, int id, const char *value)
{
	co_args *o = payload;

	if (id == OPT_CHECK)
		o->check = true;
	else
		o->file = value;
	return 0;
}

static int parse(co_args *o, int argc, char **argv)
{
	int status;

	memset(o, 0, sizeof(*o));
	status =
		cli_parse_command(&o->c, "codeowners", usage, options, own, o, argc, argv, NULL, 1);
	if (status)
		return status;
	if (!o->c.format || !strcmp(o->c.format, "github"))
		o->fmt = SPECSYNC_CODEOWNERS_GITHUB;
	else if (!strcmp(o->c.format, "gitlab"))
		o->fmt = SPECSYNC_CODEOWNERS_GITLAB;
	else
		return cli_unknown_value("codeowners", "format", o->c.format, "github, gitlab");
	if (o->file && !o->check)
		return cli_usage_error("codeowners", "--file needs --check");
	return 0;
}

/* The committed CODEOWNERS at the audited revision: *path names it. */
static int read_committed(char **text, const char **path, specsync_repo *repo,
			  const specsync_result *result, const co_args *o)
{
	size_t n, len;
	const char *const *paths = specsync_codeowners_paths(o->fmt, &n);
	specsync_error err;
	int error;

	for (size_t i = 0; i < (o->file ? 1 : n); i++) {
		*path = o->file ? o->file : paths[i];
		specsync_error_clear(&err);
		error = specsync_repo_read_file(text, &len, repo, specsync_result_head(result),
						*path, &err);
		if (error == 0)
			return 0;
		if (error != SPECSYNC_ENOTFOUND)
			return cli_report(&err);
	}
	*text = NULL;
	return 0;
}

static int check(specsync_repo *repo, const specsync_result *result, const co_args *o,
		 const char *expected)
{
	char *committed = NULL;
	const char *path = NULL;
	specsync_buf diff = SPECSYNC_BUF_INIT;
	int status, n;

	if ((status = read_committed(&committed, &path, repo, result, o)) != 0)
		return status;
	if (!committed) {
		fprintf(stderr,
			"%s: no CODEOWNERS at %.12s (looked for %s); generate it with "
			"'specsync codeowners -o %s'\n",
			cli_program, specsync_result_head(result),
			o->file ? o->file
			: o->fmt == SPECSYNC_CODEOWNERS_GITLAB
				? "CODEOWNERS, docs/CODEOWNERS, .gitlab/CODEOWNERS"
				: ".github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS",
			o->file                                ? o->file
			: o->fmt == SPECSYNC_CODEOWNERS_GITLAB ? "CODEOWNERS"
							       : ".github/CODEOWNERS");
		return EXIT_FINDINGS;
	}
	n = specsync_codeowners_diff(&diff, expected, committed);
	if (n > 0) {
		printf("%s disagrees with the RACI (%d rule%s):\n%s", path, n, n == 1 ? "" : "s",
		       diff.ptr);
		printf("Regenerate it: specsync codeowners%s -o %s\n",
		       o->fmt == SPECSYNC_CODEOWNERS_GITLAB ? " --format gitlab" : "", path);
		status = EXIT_FINDINGS;
	} else if (n == 0) {
		printf("%s agrees with the RACI.\n", path);
	} else {
		status = cli_usage_error(NULL, "out of memory");
	}
	specsync_buf_dispose(&diff);
	free(committed);
	return status;
}

/* The places the platforms read (.github/, docs/) may not exist yet in a
 * fresh repository: `-o .github/CODEOWNERS` creates the directory holding
 * the file (one level). 0, or -1 after a message. */
static int make_parent(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	char dir[4096];

	if (!slash || slash == path || (size_t)(slash - path) >= sizeof(dir))
		return 0;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (mkdir(dir, 0777) == 0 || errno == EEXIST)
		return 0;
	fprintf(stderr, "%s: error: cannot create the directory %s: %s\n", cli_program, dir,
		strerror(errno));
	return -1;
}

static int render(specsync_buf *out, const specsync_result *result, void *payload)
{
	const co_args *o = payload;

	return specsync_codeowners(out, result, o->fmt);
}

/* --check compares; else the file is written, its directory made. */
static int emit(specsync_repo *repo, const specsync_result *result, const specsync_buf *out,
		void *payload)
{
	const co_args *o = payload;

	if (o->check)
		return check(repo, result, o, out->ptr);
	return make_parent(o->c.output) ? EXIT_TROUBLE : cli_emit(o->c.output, out, 0);
}

int cmd_codeowners(int argc, char **argv)
{
	co_args o;
	int status;

	if ((status = parse(&o, argc, argv)) != 0)
		return status < 0 ? EXIT_CLEAN : status;
	return cli_audit_render(&o.c, render, emit, &o);
}
