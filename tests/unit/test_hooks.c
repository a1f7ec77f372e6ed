/*
 * Hooks: where the hooks directory is, the embedded scripts, and install /
 * uninstall corner cases the end-to-end tests do not reach (symbolic links,
 * a wrapper deleted by hand, ~ in core.hooksPath, bare repositories).
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
	tu_repo repo;
	specsync_repo *srepo;
	char hooks[2048];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	tu_repo_init(&f->repo);
	snprintf(f->hooks, sizeof(f->hooks), "%s.git/hooks", f->repo.dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	specsync_repo_free(f->srepo);
	tu_repo_free(&f->repo);
	free(f);
	return 0;
}

static void set_hooks_path(git_repository *repo, const char *value)
{
	git_config *cfg;

	assert_int_equal(git_repository_config(&cfg, repo), 0);
	assert_int_equal(git_config_set_string(cfg, "core.hooksPath", value), 0);
	git_config_free(cfg);
}

/* Opens the repository at `dir` (again) and returns its hooks directory
 * (static storage). */
static const char *hooks_dir(fixture *f, const char *dir)
{
	static char out[4096];
	specsync_error err;
	char *d = NULL;

	specsync_repo_free(f->srepo);
	f->srepo = NULL;
	if (specsync_repo_open(&f->srepo, dir, 0, &err) < 0)
		fail_msg("open: %s", err.message);
	if (specsync_repo_hooks_dir(&d, f->srepo, &err) < 0)
		fail_msg("hooks dir: %s", err.message);
	snprintf(out, sizeof(out), "%s", d);
	free(d);
	return out;
}

static void test_hooks_dir(void **state)
{
	fixture *f = *state;
	char want[4096], *home = tu_mkdtemp();

	assert_string_equal(hooks_dir(f, f->repo.dir), f->hooks);
	set_hooks_path(f->repo.repo, "tools/hooks/");
	snprintf(want, sizeof(want), "%stools/hooks", f->repo.dir);
	assert_string_equal(hooks_dir(f, f->repo.dir), want);
	set_hooks_path(f->repo.repo, "/srv/hooks");
	assert_string_equal(hooks_dir(f, f->repo.dir), "/srv/hooks");
	/* "~/" is the home directory, as git expands it */
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, home), 0);
	set_hooks_path(f->repo.repo, "~/githooks");
	snprintf(want, sizeof(want), "%s/githooks", home);
	assert_string_equal(hooks_dir(f, f->repo.dir), want);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, NULL);
	tu_rmrf(home);
	free(home);
}

static void test_hooks_dir_bare(void **state)
{
	fixture *f = *state;
	git_repository *bare;
	char *dir = tu_mkdtemp(), want[4096];

	assert_int_equal(git_repository_init(&bare, dir, 1), 0);
	snprintf(want, sizeof(want), "%s/hooks", dir);
	assert_string_equal(hooks_dir(f, dir), want);
	/* relative to the git directory, where git runs a bare repository's hooks */
	set_hooks_path(bare, "custom");
	snprintf(want, sizeof(want), "%s/custom", dir);
	assert_string_equal(hooks_dir(f, dir), want);
	git_repository_free(bare);
	specsync_repo_free(f->srepo);
	f->srepo = NULL;
	tu_rmrf(dir);
	free(dir);
}

/* The embedded scripts are the files of hooks/, byte for byte. */
static void test_embedded_scripts(void **state)
{
	const char *data = getenv("SPECSYNC_TEST_DATA");
	size_t n;
	const char *const *names = specsync_hook_names(&n);

	(void)state;
	assert_non_null(data);
	assert_int_equal(n, SPECSYNC_HOOK_MAX);
	for (size_t i = 0; i < n; i++) {
		char path[4096], buf[65536];
		const char *script = specsync_hook_script(names[i]);
		FILE *fp;
		size_t len;

		assert_non_null(script);
		snprintf(path, sizeof(path), "%s/../../hooks/%s", data, names[i]);
		assert_non_null(fp = fopen(path, "rb"));
		len = fread(buf, 1, sizeof(buf) - 1, fp);
		fclose(fp);
		buf[len] = '\0';
		assert_string_equal(script, buf);
		/* the marker on the second line */
		assert_non_null(strchr(script, '\n'));
		assert_memory_equal(strchr(script, '\n') + 1, SPECSYNC_HOOK_MARKER,
				    strlen(SPECSYNC_HOOK_MARKER));
	}
	assert_null(specsync_hook_script("post-merge"));
}

static void install(fixture *f, specsync_hook_report *r, size_t *n, const char *hook)
{
	specsync_hooks_options o = SPECSYNC_HOOKS_OPTIONS_INIT;
	specsync_error err;
	const char *names[1] = { hook };

	o.hooks = names;
	o.hook_count = 1;
	if (specsync_hooks_install(r, n, f->srepo, &o, &err) < 0)
		fail_msg("install: %s", err.message);
}

/* A symbolic link in place is chained as a link and comes back as one. */
static void test_symlink_chained_and_restored(void **state)
{
	fixture *f = *state;
	specsync_hook_report r[SPECSYNC_HOOK_MAX];
	specsync_error err;
	char path[4096], chained[4096], target[4096];
	ssize_t len;
	size_t n;

	hooks_dir(f, f->repo.dir);
	snprintf(path, sizeof(path), "%s/pre-push", f->hooks);
	snprintf(chained, sizeof(chained), "%s/pre-push.specsync-chained", f->hooks);
	assert_int_equal(symlink("../../tools/pre-push", path), 0);
	install(f, r, &n, "pre-push");
	assert_int_equal(n, 1);
	assert_string_equal(r[0].hook, "pre-push");
	assert_int_equal(r[0].outcome, SPECSYNC_HOOK_CHAINED);
	len = readlink(chained, target, sizeof(target) - 1);
	assert_true(len > 0);
	target[len] = '\0';
	assert_string_equal(target, "../../tools/pre-push");

	assert_int_equal(specsync_hooks_uninstall(r, &n, f->srepo, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].outcome, SPECSYNC_HOOK_RESTORED);
	len = readlink(path, target, sizeof(target) - 1);
	assert_true(len > 0);
	target[len] = '\0';
	assert_string_equal(target, "../../tools/pre-push");
	assert_int_equal(access(chained, F_OK), -1);
}

/* A wrapper deleted by hand: uninstall still puts the chained hook back. */
static void test_uninstall_without_wrapper(void **state)
{
	fixture *f = *state;
	specsync_hook_report r[SPECSYNC_HOOK_MAX];
	specsync_error err;
	char path[4096];
	struct stat st;
	size_t n;

	hooks_dir(f, f->repo.dir);
	tu_write(f->hooks, "commit-msg", "#!/bin/sh\nexit 0\n");
	snprintf(path, sizeof(path), "%s/commit-msg", f->hooks);
	assert_int_equal(chmod(path, 0700), 0);
	install(f, r, &n, "commit-msg");
	assert_int_equal(r[0].outcome, SPECSYNC_HOOK_CHAINED);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(specsync_hooks_uninstall(r, &n, f->srepo, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].hook, "commit-msg");
	assert_int_equal(r[0].outcome, SPECSYNC_HOOK_RESTORED);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
}

static void test_install_errors(void **state)
{
	fixture *f = *state;
	specsync_hooks_options o = SPECSYNC_HOOKS_OPTIONS_INIT;
	specsync_hook_report r[SPECSYNC_HOOK_MAX];
	specsync_error err;
	const char *names[1] = { "post-merge" };
	size_t n = 99;

	hooks_dir(f, f->repo.dir);
	o.hooks = names;
	o.hook_count = 1;
	assert_int_equal(specsync_hooks_install(r, &n, f->srepo, &o, &err), SPECSYNC_EUSAGE);
	assert_int_equal(n, 0);
	assert_string_equal(err.message, "specsync has no 'post-merge' hook");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hooks_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hooks_dir_bare, setup, teardown),
		cmocka_unit_test(test_embedded_scripts),
		cmocka_unit_test_setup_teardown(test_symlink_chained_and_restored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uninstall_without_wrapper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_install_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
