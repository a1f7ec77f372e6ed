/*
 * The specsync command line: shared helpers for the cmd_*.c files. Uses
 * only the public header.
 */
#ifndef SPECSYNC_CLI_H
#define SPECSYNC_CLI_H

#include "specsync.h"
#include <stdbool.h>
#include <stdio.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

/* A tiny argument scanner: --name=value, --name value, -x value, --. */
typedef struct cli_args {
	int argc;
	char **argv;
	int i;             /* next argument */
	bool only_positional;
	const char *value; /* value of the last matched option */
	char *current;
} cli_args;

void cli_args_init(cli_args *a, int argc, char **argv);
/* Returns the next argument; sets *is_option. NULL at the end. */
const char *cli_next(cli_args *a, bool *is_option);
/* True when `arg` is option `name` (e.g. "--format", "-o"); with
 * `takes_value` fetches its value into a->value (error when missing). */
bool cli_is(cli_args *a, const char *arg, const char *long_name, const char *short_name,
	    bool takes_value, int *status);

/* The options several commands share, parsed in one place. */
typedef struct cli_common {
	const char *rev, *format, *output, *config, *since, *color, *dir;
	bool no_cache;
} cli_common;

enum {
	CLI_REV = 1 << 0,      /* one positional revision */
	CLI_FORMAT = 1 << 1,   /* --format NAME */
	CLI_OUTPUT = 1 << 2,   /* -o, --output FILE */
	CLI_CONFIG = 1 << 3,   /* --config FILE */
	CLI_SINCE = 1 << 4,    /* --since REV */
	CLI_COLOR = 1 << 5,    /* --color auto|always|never */
	CLI_DIR = 1 << 6,      /* -C DIR */
	CLI_NO_CACHE = 1 << 7  /* --no-cache */
};

/*
 * Takes `arg` when it is one of the options in `which` (or, with CLI_REV,
 * the positional revision): returns true, with *status set to 2 after a
 * usage message when the argument is wrong. `cmd` names the command in
 * messages.
 */
bool cli_common_arg(cli_common *c, unsigned which, cli_args *a, const char *arg, bool opt,
		    const char *cmd, int *status);
/* Checks the values once every argument is read; 0 or 2. */
int cli_common_check(const cli_common *c, const char *cmd);

int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_report(const specsync_error *err);
/* Maps a library error to an exit status (always 2) after printing it. */

/* Colour decision: --color=auto|always|never, NO_COLOR, isatty. */
bool cli_color(const char *mode, FILE *stream);

/*
 * Writes `data` to stdout when path is NULL or "-" (a closed pipe is not an
 * error); to a regular file atomically (temporary file beside it, renamed;
 * removed on failure or SIGINT/SIGTERM/SIGHUP; the mode of the file it
 * replaces, else 0666 less the umask); to a device, FIFO or symbolic link
 * in place. Returns 0, or prints the error and returns 2.
 */
int cli_write_output(const char *path, const char *data, size_t len);

/*
 * GitHub Actions: when GITHUB_STEP_SUMMARY names a file, appends the
 * markdown report of `result` to it, within the runner's 1 MiB per step
 * (counting what the step wrote there before). Problems are warnings on
 * stderr: the job summary never changes the exit status.
 */
void cli_github_summary(const specsync_result *result, const char *notice);

/* Opens the repository at `dir` and loads the configuration. */
int cli_open(specsync_repo **repo, specsync_config **cfg, const char *dir,
	     const char *config_path, const char *rev, unsigned flags);

/* Opens the repository of `c->dir`, loads the configuration and runs the
 * audit `c` describes (rev, since, no-cache), with the progress line and
 * the warnings on standard error. Returns 0 or 2 after a message; free the
 * three objects in any case. */
int cli_audit(specsync_result **result, specsync_repo **repo, specsync_config **cfg,
	      const cli_common *c);

/* Prints the result's warnings (skipped documents) to stderr. */
void cli_print_warnings(const specsync_result *result);

/*
 * Progress of a history walk on standard error, only when it is a
 * terminal: sets opts->progress to a printer of a carriage-return line
 * ("specsync: walking the history 1234/100000"), shown after a short
 * delay so that quick runs print nothing. cli_progress_end() erases it.
 */
void cli_progress_start(specsync_audit_options *opts, const char *label);
void cli_progress_end(specsync_audit_options *opts);

/* ---- checks: shared by `check` and `hooks run` ---------------------------- */

/*
 * Reads a commit message file as git leaves it for the commit-msg hook and
 * drops what git would: '#' comment lines and everything from a scissors
 * line on (commit -v). *out is malloc'ed. Prints and returns 2 on failure.
 */
int cli_read_message(char **out, const char *path);

typedef struct cli_check_output {
	const char *const *formats; /* "text", "json", "json=FILE"...; none: text */
	size_t format_count;
	const char *color;          /* --color value, or NULL for auto */
	const char *notice;         /* a sentence for the reader, or NULL: text
				       prints "notice: <it>" first, the CI
				       formats carry it (render options) */
	const char *bypass;         /* text output: how to get past a blocking
				       result (e.g. "git commit --no-verify"),
				       printed only when it blocks; NULL: none */
} cli_check_output;

/* Renders a check's result in every format. 0, or prints and returns 2. */
int cli_emit_check(const specsync_result *result, const cli_check_output *o);

/* A check blocks when a finding that counts has policy 'error'. */
bool cli_check_blocks(const specsync_result *result);
/* EXIT_FINDINGS when the result blocks, else EXIT_CLEAN. */
int cli_check_status(const specsync_result *result);

int cmd_audit(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_hooks(int argc, char **argv);
int cmd_init(int argc, char **argv);

extern const char *cli_program;
/* Set when a GitHub format was asked for: errors then also become an
 * `::error` annotation on standard output, where the runner reads them. */
extern bool cli_github_errors;

#endif
