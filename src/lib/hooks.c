/*
 * Git hooks: where git runs them from, installing and removing specsync's
 * wrappers next to (never over) other hooks, and spotting the hook managers
 * that own a repository's hooks.
 */
#include "common.h"
#include "hook_scripts.h"
#include "git.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const hook_names[SPECSYNC_HOOK_MAX] = {
	"pre-commit", "commit-msg", "post-commit", "pre-push", "pre-receive", "update"};
static const char *const client_hooks[] = {"pre-commit", "commit-msg", "post-commit", "pre-push"};
static const char *const server_hooks[] = {"pre-receive"};

/* Hook scripts are small; anything bigger is not worth reading whole. */
#define MAX_HOOK_SIZE (256u * 1024u)

const char *const *specsync_hook_names(size_t *count)
{
	*count = SPECSYNC_HOOK_MAX;
	return hook_names;
}

const char *specsync_hook_script(const char *hook)
{
	for (size_t i = 0; i < specsync_embedded_hook_count; i++)
		if (!strcmp(specsync_embedded_hooks[i].name, hook))
			return specsync_embedded_hooks[i].text;
	return NULL;
}

const char *specsync_hook_manager_name(specsync_hook_manager manager)
{
	switch (manager) {
	case SPECSYNC_HOOK_MANAGER_HUSKY:
		return "husky";
	case SPECSYNC_HOOK_MANAGER_LEFTHOOK:
		return "lefthook";
	case SPECSYNC_HOOK_MANAGER_PRE_COMMIT:
		return "pre-commit";
	case SPECSYNC_HOOK_MANAGER_NONE:
		break;
	}
	return "none";
}

/* ---- where hooks live ------------------------------------------------------ */

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	char *out = malloc(n + strlen(name) + 2);

	if (out)
		sprintf(out, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
	return out;
}

int specsync_repo_hooks_dir(char **out, specsync_repo *repo, specsync_error *err)
{
	char *path = NULL, *raw = NULL;
	const char *base;
	size_t n;
	int error;

	*out = NULL;
	if ((error = specsync_git_hooks_path(&path, &raw, repo, err)) < 0)
		return error;
	free(raw);
	if (!path)
		*out = join(specsync_repo_commondir(repo), "hooks");
	else if (path[0] == '/')
		*out = specsync_strdup(path);
	else {
		/* git runs hooks from the work tree root, or $GIT_DIR when bare */
		base = specsync_repo_workdir(repo);
		if (!base)
			base = specsync_git_dir(repo);
		*out = join(base, path);
	}
	free(path);
	if (!*out)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	n = strlen(*out);
	while (n > 1 && (*out)[n - 1] == '/')
		(*out)[--n] = '\0';
	return 0;
}

/* ---- small file helpers ----------------------------------------------------- */

/* Reads a regular file of at most MAX_HOOK_SIZE bytes. 1 when read, 0 when
 * absent, too big or not a regular file. */
static int read_hook(char **out, size_t *len, const char *path, specsync_error *err)
{
	struct stat st;
	char *data;
	ssize_t n;
	size_t got = 0;
	int fd;

	*out = NULL;
	*len = 0;
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return specsync_fail(err, SPECSYNC_EIO, "%s: %s", path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > MAX_HOOK_SIZE)
		return 0;
	if ((fd = open(path, O_RDONLY)) < 0)
		return specsync_fail(err, SPECSYNC_EIO, "cannot read %s: %s", path,
				     strerror(errno));
	if (!(data = malloc((size_t)st.st_size + 1))) {
		close(fd);
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	while (got < (size_t)st.st_size &&
	       ((n = read(fd, data + got, (size_t)st.st_size - got)) > 0 ||
		(n < 0 && errno == EINTR)))
		if (n > 0)
			got += (size_t)n;
	close(fd);
	data[got] = '\0';
	*out = data;
	*len = got;
	return 1;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Ours when the marker starts one of the first lines (the second, as
 * written; a little slack for a hand-added line). */
static bool is_ours(const char *text)
{
	for (int line = 0; line < 4 && text; line++) {
		if (!strncmp(text, SPECSYNC_HOOK_MARKER, strlen(SPECSYNC_HOOK_MARKER)))
			return true;
		if ((text = strchr(text, '\n')) != NULL)
			text++;
	}
	return false;
}

static int mkdir_p(const char *dir, specsync_error *err)
{
	char *copy = specsync_strdup(dir), *p;
	int error = 0;

	if (!copy)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	for (p = copy + 1;; p++) {
		char c = *p;
		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST) {
			error = specsync_fail(err, SPECSYNC_EIO, "cannot create %s: %s", copy,
					      strerror(errno));
			break;
		}
		*p = c;
		if (!c)
			break;
	}
	free(copy);
	return error;
}

/* Writes an executable script through a temporary file and a rename: a
 * reader sees the old file or the new one, never half of one. */
static int write_script(const char *path, const char *text, specsync_error *err)
{
	size_t len = strlen(text), done = 0;
	char *tmp = malloc(strlen(path) + 32);
	int fd, error = 0;

	if (!tmp)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	sprintf(tmp, "%s.specsync-tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		error = specsync_fail(err, SPECSYNC_EIO, "cannot write %s: %s", path,
				      strerror(errno));
		free(tmp);
		return error;
	}
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done < len || fchmod(fd, 0755) < 0 || fsync(fd) < 0 || close(fd) < 0 ||
	    rename(tmp, path) < 0) {
		error = specsync_fail(err, SPECSYNC_EIO, "cannot write %s: %s", path,
				      strerror(errno));
		if (done < len)
			close(fd);
		unlink(tmp);
	}
	free(tmp);
	return error;
}

/* ---- install and uninstall ------------------------------------------------- */

typedef struct hook_paths {
	char *path, *chained;
} hook_paths;

static int paths_for(hook_paths *p, const char *dir, const char *hook, specsync_error *err)
{
	p->path = join(dir, hook);
	p->chained =
		p->path ? malloc(strlen(p->path) + sizeof(SPECSYNC_HOOK_CHAINED_SUFFIX)) : NULL;
	if (!p->chained) {
		free(p->path);
		p->path = NULL;
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	sprintf(p->chained, "%s%s", p->path, SPECSYNC_HOOK_CHAINED_SUFFIX);
	return 0;
}

static void paths_dispose(hook_paths *p)
{
	free(p->path);
	free(p->chained);
}

/* A foreign hook in place: keep it as the chained hook, then write ours. */
static int chain_and_write(specsync_hook_outcome *outcome, const hook_paths *p, const char *script,
			   specsync_error *err)
{
	int error;

	if (exists(p->chained)) {
		*outcome = SPECSYNC_HOOK_CONFLICT;
		return 0;
	}
	if (rename(p->path, p->chained) < 0)
		return specsync_fail(err, SPECSYNC_EIO, "cannot rename %s: %s", p->path,
				     strerror(errno));
	if ((error = write_script(p->path, script, err)) < 0) {
		rename(p->chained, p->path); /* put it back: never lose a hook */
		return error;
	}
	*outcome = SPECSYNC_HOOK_CHAINED;
	return 0;
}

/* Whether `text` is exactly the wrapper this version installs as `hook`:
 * anything else may hold the user's edits. */
static bool is_this_version(const char *hook, const char *text, size_t len)
{
	const char *script = specsync_hook_script(hook);

	return script && len == strlen(script) && !memcmp(text, script, len);
}

static int install_one(specsync_hook_outcome *outcome, const char *dir, const char *hook,
		       bool force, specsync_error *err)
{
	const char *script = specsync_hook_script(hook);
	hook_paths p = {NULL, NULL};
	char *text = NULL;
	size_t len;
	int error, got;

	*outcome = SPECSYNC_HOOK_UNCHANGED;
	if (!script)
		return specsync_fail(err, SPECSYNC_EUSAGE, "specsync has no '%s' hook", hook);
	if ((error = paths_for(&p, dir, hook, err)) < 0)
		return error;
	if ((got = read_hook(&text, &len, p.path, err)) < 0) {
		error = got;
	} else if (got && is_ours(text)) {
		if (is_this_version(hook, text, len))
			*outcome = SPECSYNC_HOOK_UNCHANGED;
		else if (!force)
			*outcome = SPECSYNC_HOOK_DIFFERS;
		else if ((error = write_script(p.path, script, err)) == 0)
			*outcome = SPECSYNC_HOOK_UPDATED;
	} else if (got || exists(p.path)) {
		error = chain_and_write(outcome, &p, script, err);
	} else if ((error = write_script(p.path, script, err)) == 0) {
		*outcome = SPECSYNC_HOOK_INSTALLED;
	}
	free(text);
	paths_dispose(&p);
	return error;
}

int specsync_hooks_install(specsync_hook_report out[SPECSYNC_HOOK_MAX], size_t *count,
			   specsync_repo *repo, const specsync_hooks_options *opts,
			   specsync_error *err)
{
	specsync_hooks_options defaults = SPECSYNC_HOOKS_OPTIONS_INIT;
	const char *const *hooks;
	size_t n;
	char *dir = NULL;
	int error;

	*count = 0;
	if (!opts)
		opts = &defaults;
	if (opts->hooks) {
		hooks = opts->hooks;
		n = opts->hook_count;
	} else if (specsync_repo_is_bare(repo)) {
		hooks = server_hooks;
		n = sizeof(server_hooks) / sizeof(*server_hooks);
	} else {
		hooks = client_hooks;
		n = sizeof(client_hooks) / sizeof(*client_hooks);
	}
	if (n > SPECSYNC_HOOK_MAX)
		return specsync_fail(err, SPECSYNC_EUSAGE, "at most %d hooks", SPECSYNC_HOOK_MAX);
	for (size_t i = 0; i < n; i++)
		if (!specsync_hook_script(hooks[i]))
			return specsync_fail(err, SPECSYNC_EUSAGE, "specsync has no '%s' hook",
					     hooks[i]);
	if ((error = specsync_repo_hooks_dir(&dir, repo, err)) < 0 ||
	    (error = mkdir_p(dir, err)) < 0)
		goto done;
	for (size_t i = 0; i < n && !error; i++) {
		specsync_hook_outcome outcome;
		if ((error = install_one(&outcome, dir, hooks[i], opts->force, err)) < 0)
			break;
		/* report the static name, not the caller's string */
		out[*count].hook = hook_names[0];
		for (size_t k = 0; k < SPECSYNC_HOOK_MAX; k++)
			if (!strcmp(hook_names[k], hooks[i]))
				out[*count].hook = hook_names[k];
		out[(*count)++].outcome = outcome;
	}
done:
	free(dir);
	return error;
}

static int uninstall_one(specsync_hook_report *out, size_t *count, const char *dir,
			 const char *hook, specsync_error *err)
{
	hook_paths p = {NULL, NULL};
	char *text = NULL;
	size_t len;
	int error, got;
	bool present, chained;

	if ((error = paths_for(&p, dir, hook, err)) < 0)
		return error;
	if ((got = read_hook(&text, &len, p.path, err)) < 0) {
		error = got;
		goto done;
	}
	present = exists(p.path);
	chained = exists(p.chained);
	if (present && !(got && is_ours(text))) {
		if (chained)
			out[(*count)++] = (specsync_hook_report){hook, SPECSYNC_HOOK_FOREIGN};
		goto done;
	}
	if (present && !is_this_version(hook, text, len)) {
		out[(*count)++] = (specsync_hook_report){hook, SPECSYNC_HOOK_EDITED};
		goto done;
	}
	if (present && unlink(p.path) < 0) {
		error = specsync_fail(err, SPECSYNC_EIO, "cannot remove %s: %s", p.path,
				      strerror(errno));
		goto done;
	}
	if (chained && rename(p.chained, p.path) < 0) {
		error = specsync_fail(err, SPECSYNC_EIO, "cannot rename %s back: %s", p.chained,
				      strerror(errno));
		goto done;
	}
	if (present || chained)
		out[(*count)++] = (specsync_hook_report){hook, chained ? SPECSYNC_HOOK_RESTORED
								       : SPECSYNC_HOOK_REMOVED};
done:
	free(text);
	paths_dispose(&p);
	return error;
}

int specsync_hooks_uninstall(specsync_hook_report out[SPECSYNC_HOOK_MAX], size_t *count,
			     specsync_repo *repo, specsync_error *err)
{
	char *dir = NULL;
	int error;

	*count = 0;
	if ((error = specsync_repo_hooks_dir(&dir, repo, err)) < 0)
		return error;
	for (size_t i = 0; i < SPECSYNC_HOOK_MAX && !error; i++)
		error = uninstall_one(out, count, dir, hook_names[i], err);
	free(dir);
	return error;
}

/* ---- other hook managers --------------------------------------------------- */

static bool is_husky_path(const char *raw)
{
	const char *p = raw;

	while ((p = strstr(p, ".husky")) != NULL) {
		if ((p == raw || p[-1] == '/') && (p[6] == '\0' || p[6] == '/'))
			return true;
		p += 6;
	}
	return false;
}

/* Records the manager and a sentence saying what gave it away. */
static int found(specsync_hook_manager *out, char **evidence, specsync_hook_manager m,
		 specsync_error *err, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int found(specsync_hook_manager *out, char **evidence, specsync_hook_manager m,
		 specsync_error *err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(*evidence = malloc((size_t)n + 1)))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	va_start(ap, fmt);
	vsnprintf(*evidence, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*out = m;
	return 0;
}

/* Configuration files at the root of the working tree. */
static int by_root_files(specsync_hook_manager *out, char **evidence, const char *workdir,
			 specsync_error *err)
{
	static const struct {
		const char *file;
		specsync_hook_manager manager;
	} files[] = {
		{"lefthook.yml", SPECSYNC_HOOK_MANAGER_LEFTHOOK},
		{".lefthook.yml", SPECSYNC_HOOK_MANAGER_LEFTHOOK},
		{"lefthook.yaml", SPECSYNC_HOOK_MANAGER_LEFTHOOK},
		{".lefthook.yaml", SPECSYNC_HOOK_MANAGER_LEFTHOOK},
		{".pre-commit-config.yaml", SPECSYNC_HOOK_MANAGER_PRE_COMMIT},
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char *path = join(workdir, files[i].file);
		bool there = path && exists(path);
		free(path);
		if (!path)
			return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
		if (there)
			return found(out, evidence, files[i].manager, err,
				     "%s at the root of the working tree", files[i].file);
	}
	return 0;
}

static specsync_hook_manager manager_in(const char *text)
{
	if (strstr(text, "lefthook"))
		return SPECSYNC_HOOK_MANAGER_LEFTHOOK;
	if (strstr(text, "pre-commit.com") || strstr(text, "File generated by pre-commit"))
		return SPECSYNC_HOOK_MANAGER_PRE_COMMIT;
	if (strstr(text, "husky"))
		return SPECSYNC_HOOK_MANAGER_HUSKY;
	return SPECSYNC_HOOK_MANAGER_NONE;
}

static bool skip_entry(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || (n > 7 && !strcmp(name + n - 7, ".sample"));
}

/* One file of the hooks directory; specsync's own scripts name no one. */
static int by_hook_file(specsync_hook_manager *out, char **evidence, const char *dir,
			const char *name, specsync_error *err)
{
	char *path = join(dir, name), *text = NULL;
	specsync_hook_manager m = SPECSYNC_HOOK_MANAGER_NONE;
	size_t len;
	int error;

	if (!path)
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	if ((error = read_hook(&text, &len, path, err)) > 0) {
		error = 0;
		if (!is_ours(text))
			m = manager_in(text);
	}
	if (m != SPECSYNC_HOOK_MANAGER_NONE)
		error = found(out, evidence, m, err, "%s mentions %s", path,
			      specsync_hook_manager_name(m));
	free(text);
	free(path);
	return error;
}

/* The hooks already there, in name order (git's samples aside). */
static int by_hook_contents(specsync_hook_manager *out, char **evidence, const char *dir,
			    specsync_error *err)
{
	struct dirent **list = NULL;
	int n = scandir(dir, &list, NULL, alphasort), error = 0;

	if (n < 0)
		return 0; /* no hooks directory: no manager there */
	for (int i = 0; i < n; i++) {
		if (!error && !*out && !skip_entry(list[i]->d_name))
			error = by_hook_file(out, evidence, dir, list[i]->d_name, err);
		free(list[i]);
	}
	free(list);
	return error;
}

int specsync_hooks_detect_manager(specsync_hook_manager *out, char **evidence, specsync_repo *repo,
				  specsync_error *err)
{
	char *path = NULL, *raw = NULL, *dir = NULL;
	int error;

	*out = SPECSYNC_HOOK_MANAGER_NONE;
	*evidence = NULL;
	if ((error = specsync_git_hooks_path(&path, &raw, repo, err)) < 0)
		return error;
	if (raw && is_husky_path(raw))
		error = found(out, evidence, SPECSYNC_HOOK_MANAGER_HUSKY, err,
			      "core.hooksPath is %s", raw);
	if (!error && !*out && specsync_repo_workdir(repo))
		error = by_root_files(out, evidence, specsync_repo_workdir(repo), err);
	if (!error && !*out && (error = specsync_repo_hooks_dir(&dir, repo, err)) == 0)
		error = by_hook_contents(out, evidence, dir, err);
	free(dir);
	free(path);
	free(raw);
	if (error < 0) {
		free(*evidence);
		*evidence = NULL;
		*out = SPECSYNC_HOOK_MANAGER_NONE;
	}
	return error;
}
