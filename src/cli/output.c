/*
 * Where results go: standard output or a file written atomically, colours,
 * and the GitHub job summary.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

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

size_t cli_columns(FILE *stream)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	char *end;
	long n;

	if (isatty(fileno(stream)) && ioctl(fileno(stream), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	if (env && *env) {
		n = strtol(env, &end, 10);
		if (!*end && n >= 40 && n <= 200)
			return (size_t)n;
	}
	return 80;
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

/*
 * A device, a FIFO or a symbolic link (/dev/stdout, /dev/null, a named
 * pipe): written in place. Renaming a temporary file over it would replace
 * the device node or the link itself (as root, `-o /dev/full` used to turn
 * /dev/full into a regular file).
 */
static int open_in_place(cli_output *o)
{
	if ((o->fd = open(o->path, O_WRONLY | O_TRUNC | O_CLOEXEC)) < 0) {
		fprintf(stderr, "%s: error: cannot open %s: %s\n", cli_program, o->path,
			strerror(errno));
		return o->status = EXIT_TROUBLE;
	}
	return 0;
}

int cli_emit(const char *path, const specsync_buf *out, int rendered)
{
	if (rendered < 0)
		return cli_usage_error(NULL, "out of memory while rendering");
	return cli_write_output(path, out->ptr ? out->ptr : "", out->size);
}

/* Temporary file beside the path, renamed over it by cli_output_close():
 * readers never see a partial file, and a failure leaves the old one (or
 * none) behind. */
static int open_atomically(cli_output *o, const struct stat *existing, bool exists)
{
	if (!(o->tmp = malloc(strlen(o->path) + 16))) {
		fprintf(stderr, "%s: error: out of memory\n", cli_program);
		return o->status = EXIT_TROUBLE;
	}
	sprintf(o->tmp, "%s.tmp-XXXXXX", o->path);
	watch_signals(remove_pending);
	if ((o->fd = mkstemp(o->tmp)) < 0) {
		fprintf(stderr, "%s: error: cannot create %s: %s\n", cli_program, o->path,
			strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		watch_signals(SIG_DFL);
		return o->status = EXIT_TROUBLE;
	}
	pending_tmp = o->tmp;
	if (fchmod(o->fd, final_mode(existing, exists)) < 0)
		o->status = write_failed(o->path);
	return o->status;
}

int cli_output_open(cli_output *o, const char *path)
{
	struct stat st, lst;
	bool exists;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	if (!path || !strcmp(path, "-")) {
		o->fd = STDOUT_FILENO;
		return 0;
	}
	o->path = path;
	exists = lstat(path, &lst) == 0;
	if (exists && S_ISDIR(lst.st_mode)) {
		fprintf(stderr, "%s: error: cannot write %s: it is a directory\n", cli_program,
			path);
		return o->status = EXIT_TROUBLE;
	}
	if (exists && !S_ISREG(lst.st_mode) && !(S_ISLNK(lst.st_mode) && stat(path, &st) < 0))
		return open_in_place(o);
	return open_atomically(o, &lst, exists && S_ISREG(lst.st_mode));
}

int cli_output_write(const char *data, size_t len, void *payload)
{
	cli_output *o = payload;

	if (o->status || o->reader_gone)
		return SPECSYNC_EIO;
	if (write_all(o->fd, data, len) == 0)
		return 0;
	if (!o->path && errno == EPIPE)
		o->reader_gone = true; /* nothing more to say */
	else
		o->status = write_failed(o->path ? o->path : "the output");
	return SPECSYNC_EIO;
}

/* Ends a file written through a temporary one: synced and renamed over
 * the path when complete, else removed. */
static void close_atomically(cli_output *o, bool complete)
{
	bool keep = complete && !o->status;
	int saved;

	if (keep && fsync(o->fd) < 0) {
		saved = errno;
		close(o->fd);
		errno = saved;
		o->status = write_failed(o->path);
	} else if (close(o->fd) < 0 && keep) {
		o->status = write_failed(o->path);
	} else if (keep && rename(o->tmp, o->path) < 0) {
		o->status = write_failed(o->path);
	}
	if (!keep || o->status)
		unlink(o->tmp);
	pending_tmp = NULL;
	watch_signals(SIG_DFL);
	free(o->tmp);
	o->tmp = NULL;
}

int cli_output_close(cli_output *o, bool complete)
{
	if (o->fd < 0)
		return o->status;
	if (o->tmp)
		close_atomically(o, complete);
	else if (o->path && close(o->fd) < 0 && !o->status)
		o->status = write_failed(o->path);
	o->fd = -1;
	return o->status;
}

int cli_write_output(const char *path, const char *data, size_t len)
{
	cli_output o;

	if (cli_output_open(&o, path) == 0 && len)
		cli_output_write(data, len, &o);
	return cli_output_close(&o, true);
}

int cli_render_output(const char *path, const specsync_result *result, specsync_format fmt,
		      const specsync_render_options *ro, const char *before, const char *after)
{
	cli_output o;
	int error = 0;

	if (cli_output_open(&o, path) != 0)
		return o.status;
	if (before && *before)
		error = cli_output_write(before, strlen(before), &o);
	if (!error)
		error = specsync_render_stream(result, fmt, ro, cli_output_write, &o);
	if (!error && after && *after)
		error = cli_output_write(after, strlen(after), &o);
	if (o.reader_gone)
		error = 0; /* as if all was read */
	else if (error < 0 && !o.status)
		o.status = cli_usage_error(NULL, "out of memory while rendering");
	return cli_output_close(&o, error == 0);
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
