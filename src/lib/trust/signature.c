/*
 * acks.require_signature: the signer of an acknowledgement, as git
 * verifies it. See signature.h.
 */
#include "common.h"
#include "signature.h"
#include "message.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* What git prints is small; a bound keeps a broken gpg from filling memory. */
#define MAX_OUTPUT (64u << 10)
/* The allowed signers file: as large as a configuration may be. */
#define MAX_SIGNERS (1u << 20)

struct specsync_signature_state {
	char *signers_path; /* temporary copy of the allowed signers file, or NULL */
};

void specsync_signature_state_free(struct specsync_signature_state *state)
{
	if (!state)
		return;
	if (state->signers_path) {
		unlink(state->signers_path);
		free(state->signers_path);
	}
	free(state);
}

/* The work tree's file (a regular one, not followed through a link). */
static int read_worktree(char **out, size_t *len, const char *workdir, const char *path,
			 specsync_error *err)
{
	specsync_buf b = SPECSYNC_BUF_INIT;
	char *full = NULL, chunk[8192];
	struct stat st;
	ssize_t n;
	int fd;

	if (!(full = malloc(strlen(workdir) + strlen(path) + 1)))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	sprintf(full, "%s%s", workdir, path);
	fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(full);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return specsync_fail(err, SPECSYNC_ENOTFOUND, "%s: no such regular file", path);
	}
	b.limit = MAX_SIGNERS;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		specsync_buf_put(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0 || b.failed) {
		specsync_buf_dispose(&b);
		return specsync_fail(err, SPECSYNC_EINPUT, "%s: unreadable or over 1 MiB", path);
	}
	*len = b.size;
	*out = b.ptr ? specsync_buf_detach(&b) : specsync_strdup("");
	return *out ? 0 : specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
}

/* A file into the key, from the trusted revision or else the work tree:
 * its bytes, or a marker when absent. */
static void key_file(specsync_hasher *h, specsync_repo *repo, const char *path)
{
	const char *rev = specsync_repo_trusted_rev(repo);
	char *data = NULL;
	size_t len = 0;
	uint64_t absent = 0;
	int error = rev ? specsync_repo_read_file(&data, &len, repo, rev, path, NULL)
			: read_worktree(&data, &len, specsync_repo_workdir(repo), path, NULL);

	if (error < 0) {
		specsync_hasher_update(h, &absent, sizeof(absent));
		return;
	}
	specsync_hasher_update(h, &len, sizeof(len));
	specsync_hasher_update(h, data, len);
	free(data);
}

void specsync_signature_cache_key(specsync_hasher *h, specsync_repo *repo,
				  const specsync_config *cfg)
{
	/* by content, not by revision: a server's HEAD moves with every push,
	 * its .mailmap seldom */
	if (!specsync_repo_trusted_rev(repo) && !specsync_repo_workdir(repo))
		return;
	key_file(h, repo, ".mailmap");
	if (cfg->ack_require_signature && cfg->ack_allowed_signers)
		key_file(h, repo, cfg->ack_allowed_signers);
}

/* The allowed signers file, from where the rules came from. */
static int read_signers(char **out, size_t *len, specsync_engine *eng)
{
	const specsync_config *cfg = specsync_engine_config(eng);
	specsync_repo *repo = specsync_engine_repo(eng);
	specsync_error *err = specsync_engine_error(eng);
	const char *path = cfg->ack_allowed_signers;
	const char *rev = specsync_repo_trusted_rev(repo);
	int error;

	if (!rev && specsync_repo_workdir(repo))
		error = read_worktree(out, len, specsync_repo_workdir(repo), path, err);
	else
		error = specsync_repo_read_file(out, len, repo, rev ? rev : "HEAD", path,
						err);
	if (error == SPECSYNC_ENOTFOUND)
		return specsync_fail(err, SPECSYNC_ECONFIG,
				     "acks.allowed_signers: no file %s in %s", path,
				     rev ? rev : specsync_repo_workdir(repo) ? "the work tree"
										: "HEAD");
	return error;
}

/* A private temporary copy of the allowed signers file, for git. */
static int prepare(specsync_engine *eng)
{
	const specsync_config *cfg = specsync_engine_config(eng);
	specsync_error *err = specsync_engine_error(eng);
	struct specsync_signature_state *st;
	const char *dir = getenv("TMPDIR");
	char *data = NULL;
	size_t len = 0;
	int fd, error;

	if (!(st = specsync_calloc(1, sizeof(*st))))
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	specsync_engine_keep_signatures(eng, st, specsync_signature_state_free);
	if (!cfg->ack_allowed_signers)
		return 0;
	if ((error = read_signers(&data, &len, eng)) < 0)
		return error;
	dir = dir && *dir == '/' ? dir : "/tmp";
	if ((st->signers_path = malloc(strlen(dir) + 32)) == NULL) {
		free(data);
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	sprintf(st->signers_path, "%s/specsync-signers-XXXXXX", dir);
	if ((fd = mkstemp(st->signers_path)) < 0) {
		free(st->signers_path);
		st->signers_path = NULL;
		free(data);
		return specsync_fail(err, SPECSYNC_EIO,
				     "cannot write a temporary allowed signers file in %s: %s", dir,
				     strerror(errno));
	}
	{
		FILE *f = fdopen(fd, "w");
		error = !f || fwrite(data, 1, len, f) != len ? -1 : 0;
		if (f ? fclose(f) != 0 : close(fd) < 0)
			error = -1;
	}
	free(data);
	if (error < 0)
		return specsync_fail(err, SPECSYNC_EIO,
				     "cannot write a temporary allowed signers file: %s",
				     strerror(errno));
	return 0;
}

/* Runs argv (no shell), its stdout and stderr into `out`; the exit status,
 * or -1 when it could not run or was killed. */
static int run_captured(char *const argv[], specsync_buf *out)
{
	posix_spawn_file_actions_t fa;
	int pipefd[2], status = -1, rc;
	char chunk[4096];
	pid_t pid;
	ssize_t n;

	if (pipe(pipefd) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	posix_spawn_file_actions_addclose(&fa, pipefd[1]);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	while (rc == 0 && ((n = read(pipefd[0], chunk, sizeof(chunk))) > 0 ||
			   (n < 0 && errno == EINTR)))
		if (n > 0)
			specsync_buf_put(out, chunk, (size_t)n);
	close(pipefd[0]);
	if (rc != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *lower_copy(const char *s, size_t n)
{
	char *part = specsync_strndup(s, n), *low = part ? specsync_strdup_lower(part) : NULL;

	free(part);
	return low;
}

/* The signer named by git's --raw output: `Good "git" signature for
 * PRINCIPAL with ...` (SSH) or `[GNUPG:] GOODSIG KEYID Name <email>`
 * (OpenPGP). malloc'ed, lower-case; NULL when none. */
char *specsync_signature_signer_of(const char *output)
{
	static const char ssh[] = "Good \"git\" signature for ", gpg[] = "[GNUPG:] GOODSIG ";
	const char *line = output, *s, *e;

	for (; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		size_t len = strcspn(line, "\n");
		if (!strncmp(line, ssh, sizeof(ssh) - 1)) {
			s = line + sizeof(ssh) - 1;
			e = strstr(s, " with ");
			if (e && e < line + len && e > s)
				return lower_copy(s, (size_t)(e - s));
		} else if (!strncmp(line, gpg, sizeof(gpg) - 1)) {
			s = memchr(line, '<', len);
			e = s ? memchr(s, '>', len - (size_t)(s - line)) : NULL;
			if (s && e && e > s + 1)
				return lower_copy(s + 1, (size_t)(e - s - 1));
		}
	}
	return NULL;
}

/* git verify-commit: the verified signer of `hex`, or NULL. */
static int verify(char **signer, specsync_engine *eng, const char *hex)
{
	specsync_repo *repo = specsync_engine_repo(eng);
	specsync_error *err = specsync_engine_error(eng);
	struct specsync_signature_state *st = specsync_engine_signatures(eng);
	specsync_buf out = SPECSYNC_BUF_INIT, opt = SPECSYNC_BUF_INIT;
	const char *gitdir = specsync_repo_commondir(repo);
	char *argv[9];
	int rc;

	*signer = NULL;
	out.limit = MAX_OUTPUT;
	/* only the trusted file counts, never one from git's own configuration */
	specsync_buf_printf(&opt, "gpg.ssh.allowedSignersFile=%s",
			    st->signers_path ? st->signers_path : "/dev/null");
	argv[0] = (char *)"git";
	argv[1] = (char *)"--git-dir";
	argv[2] = (char *)gitdir;
	argv[3] = (char *)"-c";
	argv[4] = opt.ptr;
	argv[5] = (char *)"verify-commit";
	argv[6] = (char *)"--raw";
	argv[7] = (char *)hex;
	argv[8] = NULL;
	if (opt.failed) {
		specsync_buf_dispose(&opt);
		return specsync_fail(err, SPECSYNC_ENOMEM, "out of memory");
	}
	rc = run_captured(argv, &out);
	if (rc == 0 && out.ptr)
		*signer = specsync_signature_signer_of(out.ptr);
	specsync_buf_dispose(&out);
	specsync_buf_dispose(&opt);
	if (rc < 0)
		return specsync_fail(err, SPECSYNC_EGENERIC,
				     "acks.require_signature: cannot run git verify-commit for "
				     "commit %.12s (is git on PATH?)",
				     hex);
	return 0;
}

int specsync_signature_acker(const char **acker, bool *owned, char *refusal, size_t size,
			     specsync_engine *eng, const specsync_commit_meta *meta,
			     specsync_message_info *mi)
{
	const specsync_config *cfg = specsync_engine_config(eng);
	specsync_repo *repo = specsync_engine_repo(eng);
	specsync_error *err = specsync_engine_error(eng);
	char hex[41], *signer = NULL;
	int error;

	*acker = meta->author_email;
	*owned = false;
	*refusal = '\0';
	if (!cfg->ack_require_signature)
		return 0;
	for (size_t c = 0; c < mi->coauthor_count; c++) {
		free(mi->coauthor_emails[c]);
		free(mi->coauthor_names[c]);
	}
	mi->coauthor_count = 0; /* claims, never proofs */
	if (specsync_oid_is_zero(&meta->id))
		return 0; /* check --staged: no commit to verify yet */
	specsync_oid_fmt(hex, &meta->id);
	if (!specsync_engine_signatures(eng) && (error = prepare(eng)) < 0)
		return error;
	if ((error = specsync_git_commit_signed(repo, &meta->id, err)) < 0)
		return error;
	if (!error) {
		snprintf(refusal, size, "commit %.12s is not signed: with acks.require_signature "
			 "an acknowledgement counts only from a signed commit", hex);
		*acker = NULL;
		return 0;
	}
	if ((error = verify(&signer, eng, hex)) < 0)
		return error;
	if (!signer) {
		snprintf(refusal, size, "the signature of commit %.12s does not verify against "
			 "an allowed signer (acks.require_signature)", hex);
		*acker = NULL;
		return 0;
	}
	*acker = signer;
	*owned = true;
	return 0;
}
