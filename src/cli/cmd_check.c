/*
 * specsync check --staged | --range OLD..NEW | --base REF [--head REF]
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: specsync check --staged [--message-file FILE] [options]\n"
	"       specsync check --range OLD..NEW [options]\n"
	"       specsync check --base REF [--head REF] [options]\n"
	"\n"
	"Checks one change against the synchronisation state before it and reports,\n"
	"for each requirement, whether the change leaves it unsynchronised (new),\n"
	"synchronises it again (resolved) or leaves it as it was (open).\n"
	"\n"
	"  --staged             the index against HEAD (pre-commit, commit-msg)\n"
	"  --message-file FILE  the commit message: its Sync-Ack lines apply\n"
	"  --range OLD..NEW     the first-parent commits of OLD..NEW (pre-push, server);\n"
	"                       OLD all zeros: a new ref, from its merge base with the\n"
	"                       default branch (from its first commit when there is\n"
	"                       none); OLD git's empty tree: from the first commit\n"
	"  --base REF           a pull request: merge-base(REF, head)..head as one unit\n"
	"  --head REF           the pull request's head (default HEAD)\n"
	"  --config-from base|head|worktree\n"
	"                       with --base, where the configuration comes from\n"
	"                       (default base: a pull request cannot weaken its own rules)\n"
	"\n"
	"Options:\n"
	"  --format FMT[=FILE]  text (default), json, sarif, junit, github, gitlab,\n"
	"                       markdown, html, digest or mbox (as for audit);\n"
	"                       repeatable, each to standard output or to FILE; with\n"
	"                       github, the markdown report is also appended to\n"
	"                       $GITHUB_STEP_SUMMARY when it is set\n"
	"  --config FILE        configuration file\n"
	"  --no-cache           neither read nor write the cache in the git directory\n"
	"  --color auto|always|never\n"
	"  -C DIR               run as if started in DIR\n"
	"\n"
	"Exit status: 1 when a new unsynchronised requirement, an out-of-role edit or an\n"
	"invalid acknowledgement has policy 'error'; 2 for errors; else 0.\n";

#define MAX_OUTPUTS 16

typedef struct check_args {
	specsync_check_options opts;
	const char *message_file, *config, *config_from, *color, *dir;
	const char *formats[MAX_OUTPUTS];
	size_t format_count;
	char *range_copy;
	bool staged;
} check_args;

static int parse_range(check_args *o, const char *value)
{
	const char *dots = strstr(value, "..");

	if (!dots || dots[2] == '.')
		return cli_usage_error("check", "--range takes OLD..NEW (two dots), got '%s'",
				       value);
	o->range_copy = strdup(value);
	o->range_copy[dots - value] = '\0';
	o->opts.old_rev = o->range_copy;
	o->opts.new_rev = o->range_copy + (dots - value) + 2;
	if (!*o->opts.new_rev)
		o->opts.new_rev = "HEAD";
	o->opts.mode = SPECSYNC_CHECK_RANGE;
	return 0;
}

static int parse(check_args *o, int argc, char **argv)
{
	cli_args a;
	const char *arg;
	bool opt;
	int status = 0, modes = 0;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_next(&a, &opt)) != NULL && !status) {
		if (!opt)
			return cli_usage_error("check", "unexpected argument '%s'", arg);
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(usage, stdout);
			return -1;
		} else if (cli_is(&a, arg, "--staged", NULL, false, &status)) {
			o->staged = true;
			o->opts.mode = SPECSYNC_CHECK_STAGED;
			modes++;
		} else if (cli_is(&a, arg, "--range", NULL, true, &status)) {
			if (!status && (status = parse_range(o, a.value)) == 0)
				modes++;
		} else if (cli_is(&a, arg, "--base", NULL, true, &status)) {
			o->opts.base = a.value;
			o->opts.mode = SPECSYNC_CHECK_BASE;
			modes++;
		} else if (cli_is(&a, arg, "--no-cache", NULL, false, &status)) {
			o->opts.no_cache = true;
		} else if (cli_is(&a, arg, "--head", NULL, true, &status)) {
			o->opts.head = a.value;
		} else if (cli_is(&a, arg, "--message-file", NULL, true, &status)) {
			o->message_file = a.value;
		} else if (cli_is(&a, arg, "--format", NULL, true, &status)) {
			if (o->format_count == MAX_OUTPUTS)
				return cli_usage_error("check", "too many --format options");
			o->formats[o->format_count++] = a.value;
		} else if (cli_is(&a, arg, "--config", NULL, true, &status)) {
			o->config = a.value;
		} else if (cli_is(&a, arg, "--config-from", NULL, true, &status)) {
			o->config_from = a.value;
		} else if (cli_is(&a, arg, "--color", NULL, true, &status)) {
			o->color = a.value;
		} else if (cli_is(&a, arg, NULL, "-C", true, &status)) {
			o->dir = a.value;
		} else {
			return cli_usage_error("check", "unknown option '%s'", arg);
		}
	}
	if (status)
		return status;
	if (modes != 1)
		return cli_usage_error("check", "give exactly one of --staged, --range or --base");
	if (o->opts.head && o->opts.mode != SPECSYNC_CHECK_BASE)
		return cli_usage_error("check", "--head goes with --base");
	if (o->message_file && o->opts.mode != SPECSYNC_CHECK_STAGED)
		return cli_usage_error("check", "--message-file goes with --staged");
	if (o->config_from && strcmp(o->config_from, "base") && strcmp(o->config_from, "head") &&
	    strcmp(o->config_from, "worktree"))
		return cli_usage_error("check", "--config-from takes base, head or worktree");
	if (!o->format_count)
		o->formats[o->format_count++] = "text";
	return 0;
}

/* The configuration: --config; in a pull request the base's by default. */
static int load_config(specsync_config **cfg, specsync_repo *repo, const check_args *o,
		       char *merge_base, bool *notice)
{
	specsync_error err;
	const char *from = o->config_from ? o->config_from : "base";
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	int error;

	specsync_error_clear(&err);
	*notice = false;
	if (o->config || o->opts.mode != SPECSYNC_CHECK_BASE || !strcmp(from, "worktree"))
		error = specsync_repo_load_config(cfg, repo, o->config, NULL, &err);
	else {
		const char *head = o->opts.head ? o->opts.head : "HEAD";
		if ((error = specsync_repo_merge_base(merge_base, repo, o->opts.base, head, &err)) < 0)
			return cli_report(&err);
		error = specsync_repo_load_config_at(cfg, repo, !strcmp(from, "head") ? head
										 : merge_base,
						     &err);
		if (specsync_repo_read_file(&a, &la, repo, merge_base, ".specsync.yml", NULL) < 0)
			a = NULL;
		if (specsync_repo_read_file(&b, &lb, repo, head, ".specsync.yml", NULL) < 0)
			b = NULL;
		/* the notice says the base's rules apply: not so with --config-from head */
		*notice = !strcmp(from, "base") &&
			  ((a == NULL) != (b == NULL) || (a && (la != lb || memcmp(a, b, la))));
		free(a);
		free(b);
	}
	return error < 0 ? cli_report(&err) : 0;
}

static const char config_notice[] =
	"this change edits .specsync.yml; it is checked with the base's configuration";

static int emit(const specsync_result *result, const check_args *o, bool notice)
{
	cli_check_output out = { o->formats, o->format_count, o->color, NULL, NULL };

	if (notice)
		out.notice = config_notice;
	if (o->opts.mode == SPECSYNC_CHECK_STAGED)
		out.bypass = "To commit anyway (not recommended): git commit --no-verify\n";
	else if (o->opts.mode == SPECSYNC_CHECK_RANGE)
		out.bypass = "To push anyway (not recommended): git push --no-verify\n";
	return cli_emit_check(result, &out);
}

/* With --format github, the job summary gets the markdown report too. */
static bool wants_github(const check_args *o)
{
	for (size_t i = 0; i < o->format_count; i++) {
		size_t n = strcspn(o->formats[i], "=");
		if (n == 6 && !strncmp(o->formats[i], "github", 6))
			return true;
	}
	return false;
}

int cmd_check(int argc, char **argv)
{
	check_args o;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_result *result = NULL;
	specsync_error err;
	specsync_check_options defaults = SPECSYNC_CHECK_OPTIONS_INIT;
	char merge_base[41] = "", *message = NULL;
	bool notice = false;
	int status;

	memset(&o, 0, sizeof(o));
	o.opts = defaults;
	if ((status = parse(&o, argc, argv)) != 0) {
		free(o.range_copy);
		return status < 0 ? EXIT_CLEAN : status;
	}
	specsync_error_clear(&err);
	cli_github_errors = wants_github(&o);
	if (specsync_repo_open(&repo, o.dir ? o.dir : ".",
			       o.staged ? SPECSYNC_REPO_OPEN_FROM_ENV : 0, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	if ((status = load_config(&cfg, repo, &o, merge_base, &notice)) != 0)
		goto done;
	if (o.message_file && (status = cli_read_message(&message, o.message_file)) != 0)
		goto done;
	o.opts.message = message;
	o.opts.author_name = getenv("GIT_AUTHOR_NAME");
	o.opts.author_email = getenv("GIT_AUTHOR_EMAIL");
	if (specsync_check(&result, repo, cfg, &o.opts, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	if ((status = emit(result, &o, notice)) != 0)
		goto done;
	if (wants_github(&o))
		cli_github_summary(result, notice ? config_notice : NULL);
	status = cli_check_status(result);
done:
	free(message);
	free(o.range_copy);
	specsync_result_free(result);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}
