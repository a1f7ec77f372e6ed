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
	"                       with --base, where the configuration and .mailmap come\n"
	"                       from: base (default) is the tip of --base, so a pull\n"
	"                       request cannot weaken its own rules nor change who is who\n"
	"\n"
	"Options:\n"
	"  --format FMT[=FILE]  text (default), json, sarif, junit, github, gitlab,\n"
	"                       markdown, html, digest or mbox (as for audit);\n"
	"                       repeatable, each to standard output or to FILE; with\n"
	"                       github, the markdown report is also appended to\n"
	"                       $GITHUB_STEP_SUMMARY when it is set\n"
	"  --config FILE        configuration file\n"
	"  --no-cache           neither read nor write the cache in the git directory\n"
	"  -v, --verbose        text: also list the requirements left unsynchronised\n"
	"                       before the change (else one summary line)\n"
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
	bool staged, verbose;
} check_args;

static int parse_range(check_args *o, const char *value)
{
	const char *dots = strstr(value, "..");

	if (!dots || dots[2] == '.')
		return cli_usage_error("check", "--range takes OLD..NEW (two dots), got '%s'",
				       value);
	free(o->range_copy);
	if (!(o->range_copy = strdup(value)))
		return cli_usage_error(NULL, "out of memory");
	o->range_copy[dots - value] = '\0';
	o->opts.old_rev = o->range_copy;
	o->opts.new_rev = o->range_copy + (dots - value) + 2;
	if (!*o->opts.new_rev)
		o->opts.new_rev = "HEAD";
	o->opts.mode = SPECSYNC_CHECK_RANGE;
	return 0;
}

enum { OPT_STAGED = CLI_OPT_OWN, OPT_RANGE, OPT_BASE, OPT_HEAD, OPT_MESSAGE_FILE, OPT_CONFIG_FROM,
       OPT_VERBOSE };

static const cli_option options[] = {
	CLI_O_HELP,
	{"staged", 0, false, OPT_STAGED},
	{"range", 0, true, OPT_RANGE},
	{"base", 0, true, OPT_BASE},
	{"head", 0, true, OPT_HEAD},
	{"message-file", 0, true, OPT_MESSAGE_FILE},
	{"config-from", 0, true, OPT_CONFIG_FROM},
	{"verbose", 'v', false, OPT_VERBOSE},
	CLI_O_FORMAT,
	CLI_O_CONFIG,
	CLI_O_COLOR,
	CLI_O_DIR,
	CLI_O_NO_CACHE,
	CLI_O_END,
};

/* One option: 0, or 2 after a message. */
static int take(check_args *o, int id, const char *value, int *modes)
{
	switch (id) {
	case OPT_STAGED:
		o->staged = true;
		o->opts.mode = SPECSYNC_CHECK_STAGED;
		++*modes;
		return 0;
	case OPT_RANGE:
		++*modes;
		return parse_range(o, value);
	case OPT_BASE:
		o->opts.base = value;
		o->opts.mode = SPECSYNC_CHECK_BASE;
		++*modes;
		return 0;
	case OPT_HEAD:
		o->opts.head = value;
		return 0;
	case OPT_MESSAGE_FILE:
		o->message_file = value;
		return 0;
	case OPT_CONFIG_FROM:
		o->config_from = value;
		return 0;
	case OPT_VERBOSE:
		o->verbose = true;
		return 0;
	case CLI_OPT_FORMAT:
		if (o->format_count == MAX_OUTPUTS)
			return cli_usage_error("check", "too many --format options");
		o->formats[o->format_count++] = value;
		return 0;
	case CLI_OPT_CONFIG:
		o->config = value;
		return 0;
	case CLI_OPT_COLOR:
		o->color = value;
		return 0;
	case CLI_OPT_DIR:
		o->dir = value;
		return 0;
	case CLI_OPT_NO_CACHE:
		o->opts.no_cache = true;
		return 0;
	}
	return EXIT_TROUBLE;
}

static int parse(check_args *o, int argc, char **argv)
{
	cli_parser p;
	char **rest;
	int id, n, status = 0, modes = 0;

	cli_parser_init(&p, "check", options, argc, argv);
	while (!status && (id = cli_parse_next(&p)) != 0) {
		if (id < 0)
			return EXIT_TROUBLE;
		if (id == CLI_OPT_HELP) {
			fputs(usage, stdout);
			return -1;
		}
		status = take(o, id, p.value, &modes);
	}
	if (status)
		return status;
	rest = cli_operands(&p, &n);
	if (n)
		return cli_usage_error("check", "unexpected argument '%s'", rest[0]);
	if (modes != 1)
		return cli_usage_error("check", "give exactly one of --staged, --range or --base");
	if (o->opts.head && o->opts.mode != SPECSYNC_CHECK_BASE)
		return cli_usage_error("check", "--head goes with --base");
	if (o->message_file && o->opts.mode != SPECSYNC_CHECK_STAGED)
		return cli_usage_error("check", "--message-file goes with --staged");
	if (o->config_from && strcmp(o->config_from, "base") && strcmp(o->config_from, "head") &&
	    strcmp(o->config_from, "worktree"))
		return cli_unknown_value("check", "--config-from value", o->config_from,
					 "base, head, worktree");
	if (o->color && strcmp(o->color, "auto") && strcmp(o->color, "always") &&
	    strcmp(o->color, "never"))
		return cli_unknown_value("check", "--color value", o->color, "auto, always, never");
	if (!o->format_count)
		o->formats[o->format_count++] = "text";
	return 0;
}

/*
 * Where identities come from: the revision the rules come from. In a pull
 * request the base's tip (also with --config FILE), or the head with
 * --config-from head; with --config-from worktree, the work tree's. For a
 * range in a bare repository (a server), HEAD, as its .specsync.yml.
 */
static const char *trusted_rev(specsync_repo *repo, const check_args *o, const char *from)
{
	if (o->opts.mode == SPECSYNC_CHECK_BASE) {
		if (!strcmp(from, "worktree"))
			return NULL;
		return !strcmp(from, "head") ? (o->opts.head ? o->opts.head : "HEAD") : o->opts.base;
	}
	if (o->opts.mode == SPECSYNC_CHECK_RANGE && !o->config && specsync_repo_is_bare(repo))
		return "HEAD";
	return NULL;
}

/* Whether the pull request (merge base M..head) edits .specsync.yml. */
static bool edits_config(specsync_repo *repo, const char *merge_base, const char *head)
{
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	bool differ;

	if (specsync_repo_read_file(&a, &la, repo, merge_base, ".specsync.yml", NULL) < 0)
		a = NULL;
	if (specsync_repo_read_file(&b, &lb, repo, head, ".specsync.yml", NULL) < 0)
		b = NULL;
	differ = (a == NULL) != (b == NULL) || (a && (la != lb || memcmp(a, b, la)));
	free(a);
	free(b);
	return differ;
}

/* The configuration: --config; in a pull request the tip of the base
 * branch's by default (never the merge base, which the pull request's
 * author chooses); identities from the same revision. */
static int load_config(specsync_config **cfg, specsync_repo *repo, const check_args *o,
		       char *merge_base, bool *notice)
{
	specsync_error err;
	const char *from = o->config_from ? o->config_from : "base";
	const char *trusted = trusted_rev(repo, o, from);
	int error;

	specsync_error_clear(&err);
	*notice = false;
	if (trusted && (error = specsync_repo_trust_rev(repo, trusted, &err)) < 0)
		return cli_report(&err);
	if (o->config || o->opts.mode != SPECSYNC_CHECK_BASE || !strcmp(from, "worktree"))
		error = specsync_repo_load_config(cfg, repo, o->config, trusted, &err);
	else {
		const char *head = o->opts.head ? o->opts.head : "HEAD";
		if ((error = specsync_repo_merge_base(merge_base, repo, o->opts.base, head, &err)) <
		    0)
			return cli_report(&err);
		error = specsync_repo_load_config_at(cfg, repo, specsync_repo_trusted_rev(repo),
						     &err);
		/* the notice says the base's rules apply: not so with --config-from head */
		*notice = !strcmp(from, "base") && edits_config(repo, merge_base, head);
	}
	return error < 0 ? cli_report(&err) : 0;
}

static const char config_notice[] =
	"this change edits .specsync.yml; it is checked with the base's configuration";

static int emit(const specsync_result *result, const check_args *o, bool notice)
{
	cli_check_output out = {o->formats, o->format_count, o->color, NULL, NULL, o->verbose};

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

/* The revision the change leads to (the index, the range's tip, the pull
 * request's head) must be one the configuration checks something in. A
 * deleted ref (an all-zero tip) leads nowhere. */
static int scope(specsync_repo *repo, const specsync_config *cfg, const specsync_check_options *o)
{
	if (o->mode == SPECSYNC_CHECK_STAGED)
		return cli_check_scope(repo, cfg, NULL, true);
	if (o->mode == SPECSYNC_CHECK_RANGE)
		return strspn(o->new_rev, "0") == strlen(o->new_rev)
			       ? 0
			       : cli_check_scope(repo, cfg, o->new_rev, false);
	return cli_check_scope(repo, cfg, o->head ? o->head : "HEAD", false);
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
	if ((status = scope(repo, cfg, &o.opts)) != 0)
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
