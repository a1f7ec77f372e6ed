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

int cli_emit(const char *path, const specsync_buf *out, int rendered)
{
	if (rendered < 0)
		return cli_usage_error(NULL, "out of memory while rendering");
	return cli_write_output(path, out->ptr ? out->ptr : "", out->size);
}

int cli_write_output(const char *path, const char *data, size_t len)
{
	struct stat st, lst;
	bool exists;

	if (!path || !strcmp(path, "-"))
		return write_stdout(data, len);
	exists = lstat(path, &lst) == 0;
	if (exists && S_ISDIR(lst.st_mode)) {
		fprintf(stderr, "%s: error: cannot write %s: it is a directory\n", cli_program,
			path);
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
