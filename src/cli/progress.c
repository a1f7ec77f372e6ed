/*
 * The progress line of a long history walk, on a terminal only.
 */
#include "cli.h"

#include <stdbool.h>
#include <time.h>
#include <unistd.h>

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
