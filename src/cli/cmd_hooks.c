/*
 * specsync hooks install [--force] [HOOK...] | uninstall | run HOOK [ARG...]
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: specsync hooks install [--force] [-C DIR] [HOOK...]\n"
	"       specsync hooks uninstall [-C DIR]\n"
	"       specsync hooks run HOOK [ARG...]\n"
	"\n"
	"Installs the git hooks that run specsync's checks, and runs them.\n"
	"\n"
	"  install       writes specsync's hook scripts into the hooks directory\n"
	"                (core.hooksPath, else hooks/ in the common git directory):\n"
	"                pre-commit, commit-msg, post-commit and pre-push, or pre-receive\n"
	"                in a bare repository, or the HOOKs named. A hook already there\n"
	"                is kept as HOOK.specsync-chained and runs first. When husky,\n"
	"                lefthook or the pre-commit framework manages the hooks, installs\n"
	"                nothing and prints what to add to its configuration.\n"
	"  --force       replace a specsync hook script that differs from this version\n"
	"  uninstall     removes specsync's hook scripts and puts chained hooks back\n"
	"  run HOOK      what the script of HOOK runs, with git's arguments and input:\n"
	"    pre-commit           a heads-up about the staged changes (never refuses them)\n"
	"    commit-msg FILE      check --staged --message-file FILE\n"
	"    post-commit          whom to tell about the commit just made\n"
	"    pre-push REMOTE URL  check --range REMOTE_SHA..LOCAL_SHA for every line of\n"
	"                         standard input\n"
	"    pre-receive          check --range OLD..NEW for every line of standard input\n"
	"    update REF OLD NEW   check --range OLD..NEW\n"
	"\n"
	"Options:\n"
	"  -C DIR        install, uninstall: run as if started in DIR\n"
	"\n"
	"Environment: SPECSYNC_SKIP=1 makes every hook skip specsync; the hook scripts\n"
	"run $SPECSYNC, else specsync from PATH.\n"
	"Exit status: run: 1 when the hook refuses the change, 2 for errors, else 0;\n"
	"install, uninstall: 1 when a hook was left out (the message says why), 2 for\n"
	"errors.\n";

static const char commit_bypass[] = "To commit anyway (not recommended): git commit --no-verify\n";
static const char push_bypass[] = "To push anyway (not recommended): git push --no-verify\n";
static const char server_bypass[] =
	"This repository refuses the push ('git push --no-verify' does not skip its checks):\n"
	"update the other side or acknowledge in new commits, then push again.\n";

static const char zeros[] = "0000000000000000000000000000000000000000";

/* ---- install and uninstall ---------------------------------------------- */

/* Commands to run as they are: husky 9 runs .husky/HOOK with sh, husky 5-8
 * let git run it (core.hooksPath=.husky), and git silently skips a hook
 * without the executable bit. */
static const char husky_snippet[] =
	"Add specsync to husky's hook files: run these commands at the root of the\n"
	"working tree, then commit .husky/ (git skips a hook file that is not\n"
	"executable, hence the chmod):\n"
	"\n"
	"  printf '%s\\n' 'specsync hooks run commit-msg \"$1\"' >>.husky/commit-msg\n"
	"  printf '%s\\n' 'specsync hooks run post-commit' >>.husky/post-commit\n"
	"  printf '%s\\n' 'specsync hooks run pre-push \"$@\"' >>.husky/pre-push\n"
	"  chmod +x .husky/commit-msg .husky/post-commit .husky/pre-push\n";

static const char lefthook_snippet[] = "Add this to lefthook.yml, then run 'lefthook install':\n"
				       "\n"
				       "commit-msg:\n"
				       "  commands:\n"
				       "    specsync:\n"
				       "      run: specsync hooks run commit-msg {1}\n"
				       "post-commit:\n"
				       "  commands:\n"
				       "    specsync:\n"
				       "      run: specsync hooks run post-commit\n"
				       "pre-push:\n"
				       "  commands:\n"
				       "    specsync:\n"
				       "      run: specsync hooks run pre-push {1} {2}\n"
				       "      use_stdin: true\n";

/* The hooks of .pre-commit-hooks.yaml, as a local repository (a test keeps
 * the two in step). */
static const char pre_commit_snippet[] =
	"Add this to .pre-commit-config.yaml, then run 'pre-commit install\n"
	"--hook-type commit-msg --hook-type post-commit --hook-type pre-push':\n"
	"\n"
	"repos:\n"
	"  - repo: local\n"
	"    hooks:\n"
	"      - id: specsync-commit-msg\n"
	"        name: specsync (specifications in sync)\n"
	"        entry: specsync hooks run commit-msg\n"
	"        language: system\n"
	"        pass_filenames: true\n"
	"        always_run: true\n"
	"        stages: [commit-msg]\n"
	"      - id: specsync-post-commit\n"
	"        name: specsync (whom to tell)\n"
	"        entry: specsync hooks run post-commit\n"
	"        language: system\n"
	"        pass_filenames: false\n"
	"        always_run: true\n"
	"        verbose: true\n"
	"        stages: [post-commit]\n"
	"      - id: specsync-pre-push\n"
	"        name: specsync (specifications in sync)\n"
	"        entry: specsync hooks run pre-push\n"
	"        language: system\n"
	"        pass_filenames: false\n"
	"        always_run: true\n"
	"        stages: [push]\n"
	"\n"
	"(or, instead of repo: local, specsync's repository with the same ids: see\n"
	"its .pre-commit-hooks.yaml).\n";

/* 1 when another tool owns the hooks (told, nothing installed), 0 when not,
 * 2 on trouble. */
static int defer_to_manager(specsync_repo *repo)
{
	specsync_hook_manager m;
	specsync_error err;
	char *evidence = NULL;
	const char *snippet;

	specsync_error_clear(&err);
	if (specsync_hooks_detect_manager(&m, &evidence, repo, &err) < 0)
		return cli_report(&err);
	if (m == SPECSYNC_HOOK_MANAGER_NONE)
		return 0;
	snippet = m == SPECSYNC_HOOK_MANAGER_HUSKY      ? husky_snippet
		  : m == SPECSYNC_HOOK_MANAGER_LEFTHOOK ? lefthook_snippet
							: pre_commit_snippet;
	printf("specsync: %s manages this repository's hooks (%s): nothing installed.\n%s",
	       specsync_hook_manager_name(m), evidence, snippet);
	free(evidence);
	return 1;
}

/* Prints one report line; returns true for the outcomes that leave a hook
 * out (exit status 1). */
static bool print_report(const specsync_hook_report *r)
{
	const char *h = r->hook;

	printf("  %-12s ", h);
	switch (r->outcome) {
	case SPECSYNC_HOOK_INSTALLED:
		printf("installed\n");
		break;
	case SPECSYNC_HOOK_CHAINED:
		printf("installed; the %s hook that was there runs first (kept as %s%s)\n", h, h,
		       SPECSYNC_HOOK_CHAINED_SUFFIX);
		break;
	case SPECSYNC_HOOK_UPDATED:
		printf("updated to this version\n");
		break;
	case SPECSYNC_HOOK_UNCHANGED:
		printf("already installed\n");
		break;
	case SPECSYNC_HOOK_DIFFERS:
		printf("left alone: a different specsync %s is there (another version, or edited);"
		       " --force replaces it\n",
		       h);
		return true;
	case SPECSYNC_HOOK_CONFLICT:
		printf("not installed: %s and %s%s both exist; move one of them away and run "
		       "install again\n",
		       h, h, SPECSYNC_HOOK_CHAINED_SUFFIX);
		return true;
	case SPECSYNC_HOOK_REMOVED:
		printf("removed\n");
		break;
	case SPECSYNC_HOOK_RESTORED:
		printf("removed; the hook that was there before is back\n");
		break;
	case SPECSYNC_HOOK_FOREIGN:
		printf("not specsync's: left alone (%s%s is still there)\n", h,
		       SPECSYNC_HOOK_CHAINED_SUFFIX);
		return true;
	case SPECSYNC_HOOK_EDITED:
		printf("kept: it differs from the %s specsync installs (edited, or another "
		       "version); remove it by hand\n",
		       h);
		return true;
	}
	return false;
}

static int print_reports(specsync_repo *repo, const specsync_hook_report *reports, size_t n)
{
	specsync_error err;
	char *dir = NULL;
	bool left_out = false;

	specsync_error_clear(&err);
	if (specsync_repo_hooks_dir(&dir, repo, &err) < 0)
		return cli_report(&err);
	if (!n)
		printf("specsync: no specsync hook in %s\n", dir);
	else
		printf("specsync: hooks in %s\n", dir);
	for (size_t i = 0; i < n; i++)
		left_out |= print_report(&reports[i]);
	fflush(stdout); /* before any error on stderr */
	free(dir);
	return left_out ? EXIT_FINDINGS : EXIT_CLEAN;
}

static void config_note(specsync_repo *repo)
{
	const char *wd = specsync_repo_workdir(repo);
	char *path;

	if (!wd || !(path = malloc(strlen(wd) + 16)))
		return;
	sprintf(path, "%s.specsync.yml", wd);
	if (access(path, F_OK) != 0)
		printf("note: there is no .specsync.yml at the root of the working tree yet: the "
		       "hooks check nothing until there is one\n");
	free(path);
}

/* A usage error naming the hooks specsync knows. */
static int unknown_hook(const char *name)
{
	char known[256] = "";
	size_t n;
	const char *const *names = specsync_hook_names(&n);

	for (size_t i = 0; i < n; i++)
		snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
			 i ? ", " : "", names[i]);
	return cli_unknown_value("hooks", "hook", name, known);
}

enum { OPT_FORCE = CLI_OPT_OWN };

static const cli_option install_options[] = {
	CLI_O_HELP,
	{"force", 0, false, OPT_FORCE},
	CLI_O_DIR,
	CLI_O_END,
};

static const cli_option uninstall_options[] = {
	CLI_O_HELP,
	CLI_O_DIR,
	CLI_O_END,
};

/* install's and uninstall's options; 0, -1 (help printed) or 2. */
static int parse_hooks_args(const char **dir, bool *force, const char **names, size_t *n,
			    const char *cmd, const cli_option *table, int argc, char **argv)
{
	cli_parser p;
	char **rest;
	int id, count;

	cli_parser_init(&p, cmd, table, argc, argv);
	while ((id = cli_parse_next(&p)) != 0) {
		if (id < 0)
			return EXIT_TROUBLE;
		if (id == CLI_OPT_HELP) {
			fputs(usage, stdout);
			return -1;
		}
		if (id == CLI_OPT_DIR)
			*dir = p.value;
		else if (id == OPT_FORCE)
			*force = true;
	}
	rest = cli_operands(&p, &count);
	*n = 0;
	for (int i = 0; i < count; i++) {
		if (!names)
			return cli_usage_error("hooks", "unexpected argument '%s'", rest[i]);
		if (!specsync_hook_script(rest[i]))
			return unknown_hook(rest[i]);
		if (*n < SPECSYNC_HOOK_MAX)
			names[(*n)++] = rest[i];
	}
	return 0;
}

static int hooks_install(int argc, char **argv)
{
	specsync_hooks_options opts = SPECSYNC_HOOKS_OPTIONS_INIT;
	specsync_hook_report reports[SPECSYNC_HOOK_MAX];
	const char *names[SPECSYNC_HOOK_MAX], *dir = ".";
	specsync_repo *repo = NULL;
	specsync_error err;
	size_t n = 0, done = 0;
	int status, error;

	status = parse_hooks_args(&dir, &opts.force, names, &n, "hooks install", install_options,
				  argc, argv);
	if (status)
		return status < 0 ? EXIT_CLEAN : status;
	opts.hooks = n ? names : NULL;
	opts.hook_count = n;
	specsync_error_clear(&err);
	if (specsync_repo_open(&repo, dir, 0, &err) < 0)
		return cli_report(&err);
	if ((status = defer_to_manager(repo)) == 0) {
		error = specsync_hooks_install(reports, &done, repo, &opts, &err);
		status = print_reports(repo, reports, done);
		if (error < 0)
			status = cli_report(&err);
		else
			config_note(repo);
	} else if (status == 1) {
		status = EXIT_CLEAN;
	}
	specsync_repo_free(repo);
	return status;
}

static int hooks_uninstall(int argc, char **argv)
{
	specsync_hook_report reports[SPECSYNC_HOOK_MAX];
	const char *dir = ".";
	specsync_repo *repo = NULL;
	specsync_error err;
	size_t done = 0, n = 0;
	bool force = false;
	int status, error;

	status = parse_hooks_args(&dir, &force, NULL, &n, "hooks uninstall", uninstall_options,
				  argc, argv);
	if (status)
		return status < 0 ? EXIT_CLEAN : status;
	specsync_error_clear(&err);
	if (specsync_repo_open(&repo, dir, 0, &err) < 0)
		return cli_report(&err);
	error = specsync_hooks_uninstall(reports, &done, repo, &err);
	status = print_reports(repo, reports, done);
	if (error < 0)
		status = cli_report(&err);
	specsync_repo_free(repo);
	return status;
}

/* ---- run: common ------------------------------------------------------------ */

static bool skipping(const char *hook)
{
	const char *v = getenv("SPECSYNC_SKIP");

	if (!v || !*v || !strcmp(v, "0"))
		return false;
	fprintf(stderr, "specsync: SPECSYNC_SKIP is set: %s not checked\n", hook);
	return true;
}

static bool all_zeros(const char *sha)
{
	return *sha && strspn(sha, "0") == strlen(sha);
}

static void no_config(void)
{
	fprintf(stderr, "specsync: no .specsync.yml in this repository: nothing to check\n");
}

/*
 * The rules: the working tree's .specsync.yml, or in a bare repository the
 * one in the tree of `rev`. 0 and *cfg NULL when there is none (the hook has
 * nothing to check), 2 on trouble.
 */
static int hook_config(specsync_config **cfg, specsync_repo *repo, const char *rev)
{
	const char *wd = specsync_repo_workdir(repo);
	specsync_error err;
	char *data = NULL;
	size_t len;
	int error;

	*cfg = NULL;
	specsync_error_clear(&err);
	if (wd) {
		char *path = malloc(strlen(wd) + 16);
		bool there;
		if (!path)
			return EXIT_TROUBLE;
		sprintf(path, "%s.specsync.yml", wd);
		there = access(path, F_OK) == 0;
		free(path);
		if (!there)
			return 0;
		error = specsync_repo_load_config(cfg, repo, NULL, NULL, &err);
	} else {
		if (specsync_repo_read_file(&data, &len, repo, rev, ".specsync.yml", NULL) < 0)
			return 0;
		free(data);
		error = specsync_repo_load_config_at(cfg, repo, rev, &err);
	}
	return error < 0 ? cli_report(&err) : 0;
}

static int open_repo(specsync_repo **repo)
{
	specsync_error err;

	specsync_error_clear(&err);
	/* hooks: honour GIT_DIR, GIT_INDEX_FILE and the push quarantine */
	if (specsync_repo_open(repo, ".", SPECSYNC_REPO_OPEN_FROM_ENV, &err) < 0)
		return cli_report(&err);
	return 0;
}

/* ---- run: commit hooks --------------------------------------------------- */

/* pre-commit (the message is not written yet, so an acknowledgement may
 * still settle everything; commit-msg decides) and post-commit (never
 * fails the hook) only tell. */
static void say(const specsync_result *result, specsync_hook_message which)
{
	specsync_buf out = SPECSYNC_BUF_INIT;

	if (specsync_render_hook_message(&out, result, which) == 0 && out.size)
		fwrite(out.ptr, 1, out.size, stdout);
	specsync_buf_dispose(&out);
}

static int run_staged(const char *hook, const char *message_file)
{
	specsync_check_options opts = SPECSYNC_CHECK_OPTIONS_INIT;
	cli_check_output out = {NULL, 0, NULL, NULL, commit_bypass, false};
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_result *result = NULL;
	specsync_error err;
	char *message = NULL;
	int status;

	if ((status = open_repo(&repo)) != 0)
		return status;
	if ((status = hook_config(&cfg, repo, NULL)) != 0 || !cfg) {
		if (!status)
			no_config();
		goto done;
	}
	if (message_file && (status = cli_read_message(&message, message_file)) != 0)
		goto done;
	opts.mode = SPECSYNC_CHECK_STAGED;
	opts.message = message;
	opts.author_name = getenv("GIT_AUTHOR_NAME");
	opts.author_email = getenv("GIT_AUTHOR_EMAIL");
	specsync_error_clear(&err);
	if (specsync_check(&result, repo, cfg, &opts, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	if (!strcmp(hook, "pre-commit")) {
		say(result, SPECSYNC_HOOK_MESSAGE_HEADS_UP);
		status = EXIT_CLEAN;
	} else if ((status = cli_emit_check(result, &out)) == 0) {
		status = cli_check_status(result);
	}
done:
	free(message);
	specsync_result_free(result);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}

static int run_post_commit(void)
{
	specsync_check_options opts = SPECSYNC_CHECK_OPTIONS_INIT;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_result *result = NULL;
	specsync_error err;
	char head[41], parent[41];

	if (open_repo(&repo) != 0)
		return EXIT_CLEAN;
	if (hook_config(&cfg, repo, NULL) != 0 || !cfg)
		goto done;
	specsync_error_clear(&err);
	if (specsync_repo_resolve(head, repo, "HEAD", &err) < 0) {
		cli_report(&err);
		goto done;
	}
	opts.mode = SPECSYNC_CHECK_RANGE;
	opts.new_rev = head;
	/* the root commit: everything in it is new */
	opts.old_rev = specsync_repo_resolve(parent, repo, "HEAD~1", NULL) == 0
			       ? parent
			       : SPECSYNC_EMPTY_TREE_ID;
	if (specsync_check(&result, repo, cfg, &opts, &err) < 0)
		cli_report(&err);
	else
		say(result, SPECSYNC_HOOK_MESSAGE_TELL);
done:
	specsync_result_free(result);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return EXIT_CLEAN; /* the commit is made: nothing to stop */
}

/* ---- run: push hooks ---------------------------------------------------------- */

typedef struct push_ctx {
	specsync_repo *repo;
	const char *remote, *url; /* pre-push: git's arguments */
	bool remote_has_commits;  /* pre-push: a line names a remote sha */
	const char *bypass;
	int status; /* worst so far: 2 over 1 over 0 */
} push_ctx;

static void worst(push_ctx *ctx, int status)
{
	if (status == EXIT_TROUBLE || (status == EXIT_FINDINGS && ctx->status == EXIT_CLEAN))
		ctx->status = status;
}

/* Where the rules come from: the working tree, or in a bare repository its
 * HEAD (a push cannot weaken the rules it is checked by), or the pushed
 * commit while HEAD has none. */
static const char *config_rev(specsync_repo *repo, const char *new_rev)
{
	char id[41];
	char *data = NULL;
	size_t len;

	if (specsync_repo_workdir(repo))
		return NULL;
	if (specsync_repo_resolve(id, repo, "HEAD", NULL) == 0 &&
	    specsync_repo_read_file(&data, &len, repo, "HEAD", ".specsync.yml", NULL) == 0) {
		free(data);
		return "HEAD";
	}
	return new_rev;
}

/* Checks what one ref update adds: the first-parent commits OLD..NEW. */
static void check_ref(push_ctx *ctx, const char *ref, const char *old_rev, const char *new_rev)
{
	specsync_check_options opts = SPECSYNC_CHECK_OPTIONS_INIT;
	cli_check_output out = {NULL, 0, NULL, NULL, ctx->bypass, false};
	specsync_config *cfg = NULL;
	specsync_result *result = NULL;
	specsync_error err;
	char id[41];
	int status;

	if (all_zeros(new_rev))
		return; /* a deletion adds nothing */
	if (specsync_repo_resolve(id, ctx->repo, new_rev, NULL) < 0) {
		printf("specsync: %s: %.12s is not a commit: not checked\n", ref, new_rev);
		return;
	}
	if (old_rev && !all_zeros(old_rev) && strcmp(old_rev, SPECSYNC_EMPTY_TREE_ID) &&
	    specsync_repo_resolve(id, ctx->repo, old_rev, NULL) < 0) {
		printf("specsync: %s: %.12s is not in this repository: checking from the merge "
		       "base with the default branch\n",
		       ref, old_rev);
		old_rev = NULL;
	}
	if (!old_rev || all_zeros(old_rev))
		printf("specsync: %s (new, up to %.12s)\n", ref, new_rev);
	else if (!strcmp(old_rev, SPECSYNC_EMPTY_TREE_ID))
		printf("specsync: %s (new, up to %.12s, from the first commit: the remote has none "
		       "of them)\n",
		       ref, new_rev);
	else
		printf("specsync: %s %.12s..%.12s\n", ref, old_rev, new_rev);
	if ((status = hook_config(&cfg, ctx->repo, config_rev(ctx->repo, new_rev))) != 0 || !cfg) {
		if (!status)
			no_config();
		worst(ctx, status);
		return;
	}
	opts.mode = SPECSYNC_CHECK_RANGE;
	opts.old_rev = old_rev && !all_zeros(old_rev) ? old_rev : NULL;
	opts.new_rev = new_rev;
	specsync_error_clear(&err);
	if (specsync_check(&result, ctx->repo, cfg, &opts, &err) < 0)
		status = cli_report(&err);
	else if ((status = cli_emit_check(result, &out)) == 0)
		status = cli_check_status(result);
	worst(ctx, status);
	specsync_result_free(result);
	specsync_config_free(cfg);
}

/*
 * Where a pushed ref starts. A new ref (remote sha all zeros) starts from
 * its merge base with the default branch; but when git knows of no branch
 * at all on the named remote (the first push into an empty repository),
 * every commit is new to it: from the first commit, as the pre-commit
 * framework does. A push to a URL (no remote name) keeps the merge base.
 */
static const char *new_ref_base(const push_ctx *ctx, const char *remote_sha)
{
	char prefix[300];

	if (!all_zeros(remote_sha) || ctx->remote_has_commits || !ctx->remote ||
	    (ctx->url && !strcmp(ctx->remote, ctx->url)))
		return remote_sha;
	if (snprintf(prefix, sizeof(prefix), "refs/remotes/%s/", ctx->remote) >=
	    (int)sizeof(prefix))
		return remote_sha;
	return specsync_repo_has_refs(ctx->repo, prefix) ? remote_sha : SPECSYNC_EMPTY_TREE_ID;
}

/* Splits `line` into exactly `n` space-separated fields, in `copy` (the
 * same size as line). */
static bool split(char *copy, const char *line, char **fields, size_t n)
{
	size_t got = 0;
	char *save = NULL, *tok;

	strcpy(copy, line);
	for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (got == n)
			return false;
		fields[got++] = tok;
	}
	return got == n;
}

/* An object id as git writes it in hook input: 40 or 64 hex digits. */
static bool is_object_id(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return !s[n] && (n == 40 || n == 64);
}

/* One update line of pre-push (<local ref> <local sha> <remote ref>
 * <remote sha>) or pre-receive (<old> <new> <ref>), NUL-terminated. */
static void check_line(push_ctx *ctx, const char *line, bool pre_push)
{
	char *f[4], *copy = strdup(line);

	if (!copy) {
		fprintf(stderr, "%s: error: out of memory\n", cli_program);
		worst(ctx, EXIT_TROUBLE);
	} else if (!split(copy, line, f, pre_push ? 4 : 3) ||
	           !is_object_id(pre_push ? f[1] : f[0]) ||
	           !is_object_id(pre_push ? f[3] : f[1])) {
		fprintf(stderr, "%s: error: cannot read this line of the %s input: %s\n",
			cli_program, pre_push ? "pre-push" : "pre-receive", line);
		worst(ctx, EXIT_TROUBLE);
	} else if (pre_push) {
		check_ref(ctx, f[2], new_ref_base(ctx, f[3]), f[1]);
	} else {
		check_ref(ctx, f[2], f[0], f[1]);
	}
	free(copy);
}

/* True when a pre-push line names a remote sha: the remote is not empty. */
static bool remote_has_commits(const char *line)
{
	char *f[4], *copy = strdup(line);
	bool some = copy && split(copy, line, f, 4) && !all_zeros(f[3]);

	free(copy);
	return some;
}

/* Calls `fn` on each non-empty line of `text` (cut in place), until it
 * returns true; returns whether one did. */
static bool each_line(char *text, bool (*fn)(push_ctx *, const char *, bool), push_ctx *ctx,
		      bool pre_push)
{
	char *save = NULL;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(l);
		while (n && l[n - 1] == '\r')
			l[--n] = '\0';
		if (n && fn(ctx, l, pre_push))
			return true;
	}
	return false;
}

static bool remote_line(push_ctx *ctx, const char *line, bool pre_push)
{
	(void)ctx;
	(void)pre_push;
	return remote_has_commits(line);
}

static bool checked_line(push_ctx *ctx, const char *line, bool pre_push)
{
	check_line(ctx, line, pre_push);
	return false;
}

/* The update lines of standard input, read whole first: for pre-push, any
 * line naming a remote sha says the remote is not empty. */
static void check_stdin(push_ctx *ctx, bool pre_push)
{
	specsync_buf in = SPECSYNC_BUF_INIT;
	char chunk[4096];
	size_t n;

	in.limit = 64 << 20;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		specsync_buf_put(&in, chunk, n);
	if (in.failed) {
		fprintf(stderr, "%s: error: the %s input is over 64 MiB\n", cli_program,
			pre_push ? "pre-push" : "pre-receive");
		worst(ctx, EXIT_TROUBLE);
	} else if (in.ptr) {
		char *copy = strdup(in.ptr);
		if (copy) {
			ctx->remote_has_commits =
				pre_push && each_line(copy, remote_line, ctx, true);
			free(copy);
		}
		each_line(in.ptr, checked_line, ctx, pre_push);
	}
	specsync_buf_dispose(&in);
}

/*
 * The pre-commit framework reads pre-push's standard input itself (its first
 * line that pushes something) and passes the range in its environment
 * instead: PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF; when the push brings
 * the root commit (a first push), neither, but PRE_COMMIT_LOCAL_BRANCH: the
 * whole history of that branch is new. PRE_COMMIT=1 in its hooks.
 */
static bool from_pre_commit_framework(push_ctx *ctx)
{
	const char *to = getenv("PRE_COMMIT_TO_REF"), *from = getenv("PRE_COMMIT_FROM_REF");
	const char *ref = getenv("PRE_COMMIT_REMOTE_BRANCH");
	const char *local = getenv("PRE_COMMIT_LOCAL_BRANCH"), *pc = getenv("PRE_COMMIT");

	if (!ref || !*ref)
		ref = "HEAD";
	if (to && *to) {
		check_ref(ctx, ref, from && *from ? from : zeros, to);
		return true;
	}
	if (!pc || strcmp(pc, "1"))
		return false;
	if (local && *local)
		check_ref(ctx, ref, SPECSYNC_EMPTY_TREE_ID, local);
	else
		printf("specsync: the pre-commit framework named no commits to push: nothing "
		       "checked\n");
	return true;
}

static int run_push(const char *hook, int argc, char **argv)
{
	push_ctx ctx = {NULL, NULL, NULL, NULL, false, EXIT_CLEAN};
	bool update = !strcmp(hook, "update"), pre_push = !strcmp(hook, "pre-push");
	int status;

	if (update && argc != 3)
		return cli_usage_error("hooks", "the update hook takes REF OLD NEW");
	if ((status = open_repo(&ctx.repo)) != 0)
		return status;
	ctx.bypass = pre_push ? push_bypass : server_bypass;
	if (pre_push && argc >= 2) {
		ctx.remote = argv[0];
		ctx.url = argv[1];
	}
	if (update)
		check_ref(&ctx, argv[0], argv[1], argv[2]);
	else if (!pre_push || !from_pre_commit_framework(&ctx))
		check_stdin(&ctx, pre_push);
	specsync_repo_free(ctx.repo);
	return ctx.status;
}

static int hooks_run(int argc, char **argv)
{
	const char *hook;

	if (argc < 2)
		return cli_usage_error("hooks", "hooks run needs a hook name");
	hook = argv[1];
	if (!strcmp(hook, "-h") || !strcmp(hook, "--help")) {
		fputs(usage, stdout);
		return EXIT_CLEAN;
	}
	if (!specsync_hook_script(hook))
		return unknown_hook(hook);
	if (!strcmp(hook, "commit-msg") && argc != 3)
		return cli_usage_error("hooks", "the commit-msg hook takes the message file");
	if (skipping(hook))
		return EXIT_CLEAN;
	if (!strcmp(hook, "pre-commit"))
		return run_staged(hook, NULL);
	if (!strcmp(hook, "commit-msg"))
		return run_staged(hook, argv[2]);
	if (!strcmp(hook, "post-commit"))
		return run_post_commit();
	return run_push(hook, argc - 2, argv + 2);
}

int cmd_hooks(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub)
		return cli_usage_error("hooks", "hooks needs install, uninstall or run");
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
		fputs(usage, stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(sub, "install"))
		return hooks_install(argc - 1, argv + 1);
	if (!strcmp(sub, "uninstall"))
		return hooks_uninstall(argc - 1, argv + 1);
	if (!strcmp(sub, "run"))
		return hooks_run(argc - 1, argv + 1);
	return cli_unknown_value("hooks", "hooks command", sub, "install, uninstall, run");
}
