#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *cli_program = "specsync";
bool cli_github_errors;

void cli_args_init(cli_args *a, int argc, char **argv)
{
	memset(a, 0, sizeof(*a));
	a->argc = argc;
	a->argv = argv;
	a->i = 1;
}

const char *cli_next(cli_args *a, bool *is_option)
{
	char *arg;

	if (a->i >= a->argc)
		return NULL;
	arg = a->argv[a->i++];
	a->current = arg;
	*is_option = false;
	if (a->only_positional)
		return arg;
	if (!strcmp(arg, "--")) {
		a->only_positional = true;
		return cli_next(a, is_option);
	}
	*is_option = arg[0] == '-' && arg[1] != '\0';
	return arg;
}

bool cli_is(cli_args *a, const char *arg, const char *long_name, const char *short_name,
	    bool takes_value, int *status)
{
	size_t n = long_name ? strlen(long_name) : 0;

	a->value = NULL;
	if (short_name && !strcmp(arg, short_name))
		goto matched;
	if (!long_name || strncmp(arg, long_name, n) != 0)
		return false;
	if (arg[n] == '=' && takes_value) {
		a->value = arg + n + 1;
		return true;
	}
	if (arg[n] != '\0')
		return false;
matched:
	if (!takes_value)
		return true;
	if (a->i >= a->argc) {
		*status = cli_usage_error(NULL, "option %s needs a value", arg);
		return true;
	}
	a->value = a->argv[a->i++];
	return true;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (cmd)
		fprintf(stderr, "Try '%s %s --help'.\n", cli_program, cmd);
	return EXIT_TROUBLE;
}

int cli_report(const specsync_error *err)
{
	char msg[2048];

	specsync_error_format(msg, sizeof(msg), err);
	fprintf(stderr, "%s: error: %s\n", cli_program, msg);
	if (cli_github_errors) {
		specsync_buf b = SPECSYNC_BUF_INIT;
		specsync_render_github_error(&b, err);
		fflush(stderr);
		if (b.ptr)
			fputs(b.ptr, stdout);
		fflush(stdout);
		specsync_buf_dispose(&b);
	}
	return EXIT_TROUBLE;
}

bool cli_color(const char *mode, FILE *stream)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode && !strcmp(mode, "always"))
		return true;
	if (mode && !strcmp(mode, "never"))
		return false;
	if (nc && *nc)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(stream));
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_failed(const char *path)
{
	fprintf(stderr, "%s: error: writing %s: %s\n", cli_program, path, strerror(errno));
	return EXIT_TROUBLE;
}

static int write_stdout(const char *data, size_t len)
{
	if (write_all(STDOUT_FILENO, data, len) == 0)
		return 0;
	if (errno == EPIPE)
		return 0; /* the reader went away: nothing more to say */
	return write_failed("the output");
}

/*
 * A device, a FIFO or a symbolic link (/dev/stdout, /dev/null, a named
 * pipe): written in place. Renaming a temporary file over it would replace
 * the device node or the link itself (as root, `-o /dev/full` used to turn
 * /dev/full into a regular file).
 */
static int write_in_place(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "%s: error: cannot open %s: %s\n", cli_program, path,
			strerror(errno));
		return EXIT_TROUBLE;
	}
	if (write_all(fd, data, len) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return write_failed(path);
	}
	if (close(fd) < 0)
		return write_failed(path);
	return 0;
}

/* The temporary file being written, removed if a signal ends the run. */
static char *volatile pending_tmp;

static void remove_pending(int sig)
{
	if (pending_tmp)
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void watch_signals(void (*handler)(int))
{
	signal(SIGINT, handler);
	signal(SIGTERM, handler);
	signal(SIGHUP, handler);
}

/* The mode the file gets: an existing file's, else 0666 less the umask
 * (mkstemp creates 0600, which `>` redirection would not). */
static mode_t final_mode(const struct stat *existing, bool exists)
{
	mode_t mask;

	if (exists)
		return existing->st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* Temporary file beside `path`, then rename: readers never see a partial
 * file, and a failure leaves the old one (or none) behind. */
static int write_atomically(const char *path, const char *data, size_t len,
			    const struct stat *existing, bool exists)
{
	char *tmp;
	int fd, saved, status = 0;

	if (!(tmp = malloc(strlen(path) + 16))) {
		fprintf(stderr, "%s: error: out of memory\n", cli_program);
		return EXIT_TROUBLE;
	}
	sprintf(tmp, "%s.tmp-XXXXXX", path);
	watch_signals(remove_pending);
	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "%s: error: cannot create %s: %s\n", cli_program, path,
			strerror(errno));
		status = EXIT_TROUBLE;
		goto done;
	}
	pending_tmp = tmp;
	if (fchmod(fd, final_mode(existing, exists)) < 0 || write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		status = write_failed(path);
	} else if (close(fd) < 0 || rename(tmp, path) < 0) {
		status = write_failed(path);
	}
	if (status)
		unlink(tmp);
done:
	pending_tmp = NULL;
	watch_signals(SIG_DFL);
	free(tmp);
	return status;
}

int cli_write_output(const char *path, const char *data, size_t len)
{
	struct stat st, lst;
	bool exists;

	if (!path || !strcmp(path, "-"))
		return write_stdout(data, len);
	exists = lstat(path, &lst) == 0;
	if (exists && S_ISDIR(lst.st_mode)) {
		fprintf(stderr, "%s: error: cannot write %s: it is a directory\n", cli_program, path);
		return EXIT_TROUBLE;
	}
	if (exists && !S_ISREG(lst.st_mode) && !(S_ISLNK(lst.st_mode) && stat(path, &st) < 0))
		return write_in_place(path, data, len);
	return write_atomically(path, data, len, &lst, exists && S_ISREG(lst.st_mode));
}

#define STEP_SUMMARY_LIMIT (1024 * 1024)

void cli_github_summary(const specsync_result *result, const char *notice)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf md = SPECSYNC_BUF_INIT;
	struct stat st;
	size_t before = 0;
	int fd;

	if (!path || !*path)
		return;
	if (stat(path, &st) == 0 && st.st_size > 0)
		before = (size_t)st.st_size;
	/* the markdown renderer needs about 2 KiB for a heading and a note */
	if (before + 2048 > STEP_SUMMARY_LIMIT) {
		fprintf(stderr, "%s: warning: no room left in the job summary (%s)\n", cli_program,
			path);
		return;
	}
	ro.notice = notice;
	ro.max_size = STEP_SUMMARY_LIMIT - before - 1;
	if (before)
		specsync_buf_putc(&md, '\n');
	if (specsync_render(&md, result, SPECSYNC_FORMAT_MD, &ro) < 0 ||
	    (fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0666)) < 0) {
		fprintf(stderr, "%s: warning: cannot write the job summary %s: %s\n", cli_program,
			path, md.failed ? "out of memory" : strerror(errno));
		specsync_buf_dispose(&md);
		return;
	}
	if ((write_all(fd, md.ptr, md.size) < 0) | (close(fd) < 0))
		fprintf(stderr, "%s: warning: writing the job summary %s: %s\n", cli_program, path,
			strerror(errno));
	specsync_buf_dispose(&md);
}

int cli_open(specsync_repo **repo, specsync_config **cfg, const char *dir,
	     const char *config_path, const char *rev, unsigned flags)
{
	specsync_error err;

	*repo = NULL;
	*cfg = NULL;
	specsync_error_clear(&err);
	if (specsync_repo_open(repo, dir, flags, &err) < 0)
		return cli_report(&err);
	if (specsync_repo_load_config(cfg, *repo, config_path, rev, &err) < 0) {
		specsync_repo_free(*repo);
		*repo = NULL;
		return cli_report(&err);
	}
	return 0;
}

void cli_print_warnings(const specsync_result *result)
{
	const char *w = specsync_result_warnings(result);

	while (w && *w) {
		size_t n = strcspn(w, "\n");
		fprintf(stderr, "%s: warning: %.*s\n", cli_program, (int)n, w);
		w += n + (w[n] == '\n');
	}
}

/* ---- progress ------------------------------------------------------------ */

typedef struct progress_state {
	const char *label;
	double start, last;
	bool shown;
} progress_state;

static progress_state progress;

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(size_t done, size_t total, void *payload)
{
	progress_state *p = payload;
	double now = seconds_now();

	/* quiet for short walks; at most ten updates a second */
	if (now - p->start < 0.5 || (now - p->last < 0.1 && done < total))
		return;
	p->last = now;
	p->shown = true;
	fprintf(stderr, "\r%s: %s %zu/%zu commits (%zu%%)", cli_program, p->label, done, total,
		total ? done * 100 / total : 100);
	fflush(stderr);
}

void cli_progress_start(specsync_audit_options *opts, const char *label)
{
	if (!isatty(STDERR_FILENO))
		return;
	progress.label = label;
	progress.start = progress.last = seconds_now();
	progress.shown = false;
	opts->progress = show_progress;
	opts->progress_payload = &progress;
}

void cli_progress_end(specsync_audit_options *opts)
{
	if (opts->progress && progress.shown)
		fputs("\r\033[K", stderr);
	opts->progress = NULL;
}

bool cli_common_arg(cli_common *c, unsigned which, cli_args *a, const char *arg, bool opt,
		    const char *cmd, int *status)
{
	if (!opt) {
		if (!(which & CLI_REV))
			return false;
		if (c->rev)
			*status = cli_usage_error(cmd, "unexpected argument '%s'", arg);
		else
			c->rev = arg;
		return true;
	}
	if ((which & CLI_FORMAT) && cli_is(a, arg, "--format", NULL, true, status))
		c->format = a->value;
	else if ((which & CLI_OUTPUT) && cli_is(a, arg, "--output", "-o", true, status))
		c->output = a->value;
	else if ((which & CLI_CONFIG) && cli_is(a, arg, "--config", NULL, true, status))
		c->config = a->value;
	else if ((which & CLI_SINCE) && cli_is(a, arg, "--since", NULL, true, status))
		c->since = a->value;
	else if ((which & CLI_COLOR) && cli_is(a, arg, "--color", NULL, true, status))
		c->color = a->value;
	else if ((which & CLI_DIR) && cli_is(a, arg, NULL, "-C", true, status))
		c->dir = a->value;
	else if ((which & CLI_NO_CACHE) && cli_is(a, arg, "--no-cache", NULL, false, status))
		c->no_cache = true;
	else
		return false;
	return true;
}

int cli_common_check(const cli_common *c, const char *cmd)
{
	if (c->color && strcmp(c->color, "auto") && strcmp(c->color, "always") &&
	    strcmp(c->color, "never"))
		return cli_usage_error(cmd, "--color takes auto, always or never");
	return 0;
}

int cli_audit(specsync_result **result, specsync_repo **repo, specsync_config **cfg,
	      const cli_common *c)
{
	specsync_audit_options ao = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_error err;
	int status, error;

	*result = NULL;
	specsync_error_clear(&err);
	if ((status = cli_open(repo, cfg, c->dir ? c->dir : ".", c->config, c->rev, 0)) != 0)
		return status;
	ao.rev = c->rev;
	ao.since = c->since;
	ao.no_cache = c->no_cache;
	cli_progress_start(&ao, "walking the history");
	error = specsync_audit(result, *repo, *cfg, &ao, &err);
	cli_progress_end(&ao);
	if (error < 0)
		return cli_report(&err);
	cli_print_warnings(*result);
	return 0;
}
