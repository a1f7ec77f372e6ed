/*
 * What `specsync check` and `specsync hooks run` share: reading a commit
 * message file, rendering a check's result and its exit status.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* git's scissors line (commit --cleanup=scissors, commit -v): everything
 * from it on is not part of the message. Any comment character. */
static bool is_scissors(const char *line, size_t len)
{
	static const char cut[] = " ------------------------ >8 ------------------------";

	return len == sizeof(cut) && !memcmp(line + 1, cut, sizeof(cut) - 1);
}

/* Drops comment lines ('#'), and everything from a scissors line on. */
static void strip_comments(char *text)
{
	char *r = text, *w = text;

	while (*r) {
		size_t len = strcspn(r, "\n");
		if (is_scissors(r, len))
			break;
		if (r[0] != '#') {
			memmove(w, r, len);
			w += len;
			if (r[len])
				*w++ = '\n';
		}
		r += len + (r[len] ? 1 : 0);
	}
	*w = '\0';
}

int cli_read_message(char **out, const char *path)
{
	FILE *f = fopen(path, "rb");
	specsync_buf b = SPECSYNC_BUF_INIT;
	char chunk[4096];
	size_t n;

	*out = NULL;
	if (!f) {
		fprintf(stderr, "%s: error: cannot read the message file %s\n", cli_program, path);
		return EXIT_TROUBLE;
	}
	b.limit = 1 << 20;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		specsync_buf_put(&b, chunk, n);
	fclose(f);
	if (b.failed) {
		specsync_buf_dispose(&b);
		fprintf(stderr, "%s: error: the message file %s is over 1 MiB\n", cli_program,
			path);
		return EXIT_TROUBLE;
	}
	if (specsync_buf_putc(&b, '\0') < 0 || !(*out = specsync_buf_detach(&b))) {
		fprintf(stderr, "%s: error: out of memory\n", cli_program);
		return EXIT_TROUBLE;
	}
	strip_comments(*out);
	return 0;
}

bool cli_check_blocks(const specsync_result *result)
{
	return specsync_result_max_level(result) == SPECSYNC_LEVEL_ERROR;
}

int cli_check_status(const specsync_result *result)
{
	return cli_check_blocks(result) ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int parse_format(specsync_format *fmt, const char **file, const char *spec)
{
	const char *eq = strchr(spec, '='), *known = "";
	size_t n = eq ? (size_t)(eq - spec) : strlen(spec);
	char name[32];

	*file = eq ? eq + 1 : NULL;
	snprintf(name, sizeof(name), "%.*s", (int)(n < 31 ? n : 31), spec);
	if (specsync_format_parse(fmt, name, &known) < 0)
		return cli_unknown_value("check", "format", name, known);
	return 0;
}

int cli_emit_check(const specsync_result *result, const cli_check_output *o)
{
	static const char *const text_only[] = {"text"};
	const char *const *formats = o->format_count ? o->formats : text_only;
	size_t count = o->format_count ? o->format_count : 1;
	int status = 0;

	cli_print_warnings(result);
	/* cli_write_output writes unbuffered: what was printed before goes first */
	fflush(stdout);
	for (size_t i = 0; i < count && !status; i++) {
		specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
		specsync_buf notice = SPECSYNC_BUF_INIT;
		specsync_format fmt = SPECSYNC_FORMAT_TEXT;
		const char *file = NULL;
		bool text;

		if ((status = parse_format(&fmt, &file, formats[i])) != 0)
			break;
		text = fmt == SPECSYNC_FORMAT_TEXT;
		ro.color = text && !file && cli_color(o->color, stdout);
		ro.notice = o->notice;
		ro.all = text && o->verbose;
		if (o->notice && text)
			specsync_buf_printf(&notice, "notice: %s\n\n", o->notice);
		status = notice.failed ? EXIT_TROUBLE
				       : cli_render_output(file, result, fmt, &ro, notice.ptr,
							   o->bypass && text && cli_check_blocks(result)
								   ? o->bypass
								   : NULL);
		specsync_buf_dispose(&notice);
	}
	return status;
}
