/*
 * Messages on standard error: usage mistakes and the library's errors.
 */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

const char *cli_program = "specsync";
bool cli_github_errors;

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

void cli_put_safe(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		fputc((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' : c, f);
	}
}

int cli_report(const specsync_error *err)
{
	char msg[2048];

	specsync_error_format(msg, sizeof(msg), err);
	fprintf(stderr, "%s: error: ", cli_program);
	cli_put_safe(stderr, msg, strlen(msg));
	fputc('\n', stderr);
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
