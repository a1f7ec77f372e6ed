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

/* ---- options (options.c) -------------------------------------------------
 *
 * Option parsing is glibc's getopt_long, as users of other GNU-style tools
 * expect: `--name=value` and `--name value`, `-oFILE` and `-o FILE`, short
 * options bundled (`-qC dir`), unambiguous prefixes of long options
 * (`--form json`), `--` ending the options, and options before or after
 * the operands (unless POSIXLY_CORRECT is set). A mistake prints one usage
 * message, with "did you mean" when a known option is close.
 */

typedef struct cli_option {
	const char *name; /* long name without "--", or NULL */
	char short_name;  /* single letter, or 0 */
	bool has_value;   /* a required value */
	int id;           /* > 0: what cli_parse_next returns for it */
} cli_option;

/* The ids of the options several commands share; a command's own options
 * take ids from CLI_OPT_OWN on. */
enum {
	CLI_OPT_HELP = 1,
	CLI_OPT_FORMAT,
	CLI_OPT_OUTPUT,
	CLI_OPT_CONFIG,
	CLI_OPT_SINCE,
	CLI_OPT_COLOR,
	CLI_OPT_DIR,
	CLI_OPT_NO_CACHE,
	CLI_OPT_OWN = 64
};

#define CLI_O_HELP                                                                                 \
	{                                                                                          \
		"help", 'h', false, CLI_OPT_HELP                                                   \
	}
#define CLI_O_FORMAT                                                                               \
	{                                                                                          \
		"format", 0, true, CLI_OPT_FORMAT                                                  \
	}
#define CLI_O_OUTPUT                                                                               \
	{                                                                                          \
		"output", 'o', true, CLI_OPT_OUTPUT                                                \
	}
#define CLI_O_CONFIG                                                                               \
	{                                                                                          \
		"config", 0, true, CLI_OPT_CONFIG                                                  \
	}
#define CLI_O_SINCE                                                                                \
	{                                                                                          \
		"since", 0, true, CLI_OPT_SINCE                                                    \
	}
#define CLI_O_COLOR                                                                                \
	{                                                                                          \
		"color", 0, true, CLI_OPT_COLOR                                                    \
	}
#define CLI_O_DIR                                                                                  \
	{                                                                                          \
		NULL, 'C', true, CLI_OPT_DIR                                                       \
	}
#define CLI_O_NO_CACHE                                                                             \
	{                                                                                          \
		"no-cache", 0, false, CLI_OPT_NO_CACHE                                             \
	}
#define CLI_O_END                                                                                  \
	{                                                                                          \
		NULL, 0, false, 0                                                                  \
	}

#define CLI_MAX_OPTIONS 32

typedef struct cli_parser {
	const char *cmd;           /* in messages: "audit", "hooks install" */
	const cli_option *options; /* ends with CLI_O_END */
	int argc;
	char **argv;       /* argv[0] is the command; getopt_long permutes it */
	const char *value; /* the value of the option cli_parse_next returned */
	bool in_order;     /* the options stop at the first operand */
	bool started;
} cli_parser;

void cli_parser_init(cli_parser *p, const char *cmd, const cli_option *options, int argc,
		     char **argv);
/* The id of the next option; 0 when the options are over (the operands are
 * then cli_operands()); -1 after a usage message (exit status 2). */
int cli_parse_next(cli_parser *p);
/* The operands, in order, once cli_parse_next returned 0. */
char **cli_operands(cli_parser *p, int *count);

/* The options several commands share, parsed in one place. */
typedef struct cli_common {
	const char *rev, *format, *output, *config, *since, *color, *dir;
	bool no_cache;
} cli_common;

/* Takes the value of a shared option: true when `id` is one. */
bool cli_common_take(cli_common *c, int id, const char *value);
/*
 * Parses the options of `table` (help prints `usage` and returns -1) into
 * `c`, calling `own` for the others (its return: 0, or 2 after a usage
 * message), and takes at most `max_operands` operands into `operands` (the
 * first is c->rev when `operands` is NULL). 0, -1 (help printed) or 2.
 */
int cli_parse_command(cli_common *c, const char *cmd, const char *usage, const cli_option *table,
		      int (*own)(void *payload, int id, const char *value), void *payload, int argc,
		      char **argv, const char **operands, int max_operands);
/* Checks the values once every argument is read; 0 or 2. */
int cli_common_check(const cli_common *c, const char *cmd);

/*
 * A usage error for a value that is not one of `known` (a ", "-separated
 * list): "unknown <what> 'NAME' (did you mean 'X'? expected one of: ...)".
 * Returns 2.
 */
int cli_unknown_value(const char *cmd, const char *what, const char *name, const char *known);

/* ---- errors (errors.c) ---------------------------------------------------- */

extern const char *cli_program;

/* "specsync: <message>" and, with `cmd`, "Try 'specsync CMD --help'." on
 * standard error. Returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints a library error (and its GitHub annotation, see below); returns 2. */
int cli_report(const specsync_error *err);
/*
 * Writes s[0..n) to `f` with every control character but LF and TAB shown
 * as '?': messages quote file names, commits and documents, and an escape
 * sequence or a CR in them must not drive the terminal.
 */
void cli_put_safe(FILE *f, const char *s, size_t n);

/* Set when a GitHub format was asked for: errors then also become an
 * `::error` annotation on standard output, where the runner reads them. */
extern bool cli_github_errors;

/* no_tls.c: how many CA bundles libgit2's initialisation asked to load
 * (and was refused: the command opens no network connection) */
extern unsigned cli_tls_bundles_skipped;

/* ---- output (output.c) ---------------------------------------------------- */

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

/* A rendering's end: `rendered` < 0 (out of memory) is reported (2),
 * else `out` is written to `path` as cli_write_output does. */
int cli_emit(const char *path, const specsync_buf *out, int rendered);

/* The same, written piece by piece (a streamed rendering). */
typedef struct cli_output {
	const char *path; /* NULL: standard output */
	int fd;
	char *tmp;        /* the temporary file renamed over `path` at the end */
	int status;       /* 0, or 2 once an error was printed */
	bool reader_gone; /* standard output's reader closed the pipe */
} cli_output;

/* Opens the output for writing; 0, or prints the error and returns 2. */
int cli_output_open(cli_output *o, const char *path);
/* A specsync_write_fn (payload: the cli_output): 0, or SPECSYNC_EIO after
 * printing the error (a closed pipe only stops the writing, silently). */
int cli_output_write(const char *data, size_t len, void *payload);
/* Closes the output: a file written atomically is renamed into place only
 * when `complete` and nothing failed, else removed. 0, or 2 when an error
 * was printed (now or by an earlier call). */
int cli_output_close(cli_output *o, bool complete);

/*
 * Renders `result` in `fmt` straight to `path` (as cli_write_output() would
 * write it), between `before` and `after` (NULL: nothing). A file is
 * replaced only when all was rendered and written. Returns 0, or prints
 * the error (writing, out of memory) and returns 2.
 */
int cli_render_output(const char *path, const specsync_result *result, specsync_format fmt,
		      const specsync_render_options *ro, const char *before, const char *after);

/*
 * GitHub Actions: when GITHUB_STEP_SUMMARY names a file, appends the
 * markdown report of `result` to it, within the runner's 1 MiB per step
 * (counting what the step wrote there before). Problems are warnings on
 * stderr: the job summary never changes the exit status.
 */
void cli_github_summary(const specsync_result *result, const char *notice);

/* ---- opening a repository (open.c) ---------------------------------------- */

/* Opens the repository at `dir` and loads the configuration. */
int cli_open(specsync_repo **repo, specsync_config **cfg, const char *dir, const char *config_path,
	     const char *rev, unsigned flags);

/* Opens the repository of `c->dir`, loads the configuration and runs the
 * audit `c` describes (rev, since, no-cache), with the progress line and
 * the warnings on standard error. Returns 0 or 2 after a message; free the
 * three objects in any case. */
int cli_audit(specsync_result **result, specsync_repo **repo, specsync_config **cfg,
	      const cli_common *c);

/* What a command renders from an audit into `out` (< 0: out of memory). */
typedef int (*cli_render_cb)(specsync_buf *out, const specsync_result *result, void *payload);
/* What it does with the rendered text instead of writing it to c->output:
 * returns the exit status. */
typedef int (*cli_emit_cb)(specsync_repo *repo, const specsync_result *result,
			   const specsync_buf *out, void *payload);

/* A command that renders an audit (matrix, codeowners): cli_audit with `c`,
 * then `render`, then `emit` (NULL: cli_emit to c->output). Returns the exit
 * status; everything it opened is freed. */
int cli_audit_render(const cli_common *c, cli_render_cb render, cli_emit_cb emit, void *payload);

/* specsync_scope_check() at `rev` (NULL HEAD) or in the index: 2 after the
 * message when the configuration checks nothing there, else 0 after
 * printing its warnings (sides empty for now) on standard error. */
int cli_check_scope(specsync_repo *repo, const specsync_config *cfg, const char *rev, bool index);

/* Prints the result's warnings (skipped documents) to stderr. */
void cli_print_warnings(const specsync_result *result);

/* ---- progress (progress.c) ------------------------------------------------ */

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

/* The width to wrap text at: the terminal's when `stream` is one, else
 * $COLUMNS when it is a number from 40 to 200, else 80. */
size_t cli_columns(FILE *stream);

typedef struct cli_check_output {
	const char *const *formats; /* "text", "json", "json=FILE"...; none: text */
	size_t format_count;
	const char *color;  /* --color value, or NULL for auto */
	const char *notice; /* a sentence for the reader, or NULL: text
			       prints "notice: <it>" first, the CI
			       formats carry it (render options) */
	const char *bypass; /* text output: how to get past a blocking
			       result (e.g. "git commit --no-verify"),
			       printed only when it blocks; NULL: none */
	bool verbose;       /* text: list the findings open before the
			       change too (else one summary line) */
} cli_check_output;

/* Renders a check's result in every format. 0, or prints and returns 2. */
int cli_emit_check(const specsync_result *result, const cli_check_output *o);

/* A check blocks when a finding that counts has policy 'error'. */
bool cli_check_blocks(const specsync_result *result);
/* EXIT_FINDINGS when the result blocks, else EXIT_CLEAN. */
int cli_check_status(const specsync_result *result);

/* ---- commands (commands.c) ------------------------------------------------ */

/* A command: `run` gets argv[0] = the command's name. */
typedef struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis; /* after the name, in the command list */
	const char *summary;  /* one or more lines ('\n'), for the command list */
} cli_command;

/* The commands, in the order 'specsync --help' lists them. */
extern const cli_command cli_commands[];
extern const size_t cli_command_count;

int cmd_audit(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_hooks(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_codeowners(int argc, char **argv);

#endif
