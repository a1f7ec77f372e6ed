/*
 * The persistent cache. See cache.h; the file format (little-endian):
 *
 *   magic "specsync-state\n\0" | u32 format | salt (2 x u64) | commit (20)
 *   | u64 payload length | payload | checksum of the payload (2 x u64)
 *
 * The payload is the engine state (engine_codec.c).
 */
#include "common.h"
#include "cache.h"
#include "signature.h"
#include "wire.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The state format: 3 since author e-mails are kept as written and files
 * without requirements say why (2 held lower-cased e-mails and no reasons;
 * such a state is refused and the history walked again). */
#define FORMAT 3
#define KEEP_FILES 16
static const char magic[16] = "specsync-state\n";

static void put_oid(specsync_buf *b, const specsync_oid *o)
{
	specsync_buf_put(b, (const char *)o->id, 20);
}

static void get_oid(specsync_reader *r, specsync_oid *o)
{
	specsync_get_bytes(r, o->id, 20);
}

/* ---- files ----------------------------------------------------------------- */

void specsync_cache_init(specsync_cache *c, specsync_repo *repo, const specsync_config *cfg,
			 const char *since, bool enabled)
{
	specsync_hasher h;
	const char *common = specsync_repo_commondir(repo);
	static const char build[] = "specsync " SPECSYNC_VERSION_STRING " " __DATE__ " " __TIME__;
	uint64_t fmt = FORMAT;

	memset(c, 0, sizeof(*c));
	if (!enabled || !common)
		return;
	specsync_hasher_init(&h);
	/* whole 8-byte words until the last update, as the hasher requires */
	specsync_hasher_update(&h, &cfg->digest.h1, 8);
	specsync_hasher_update(&h, &cfg->digest.h2, 8);
	/* the build is part of the key: another build may parse differently */
	specsync_hasher_update(&h, &fmt, sizeof(fmt));
	specsync_hasher_update(&h, build, sizeof(build) - 1);
	/* identities (.mailmap, allowed signers) decide acknowledgements */
	specsync_signature_cache_key(&h, repo, cfg);
	if (since)
		specsync_hasher_update(&h, since, strlen(since));
	c->salt = specsync_hasher_final(&h);
	if ((c->dir = malloc(strlen(common) + 32)) != NULL)
		sprintf(c->dir, "%sspecsync/cache/", common);
}

void specsync_cache_dispose(specsync_cache *c)
{
	free(c->dir);
	free(c->names);
	specsync_buf_dispose(&c->loaded);
	memset(c, 0, sizeof(*c));
}

static void put_hex64(char *out, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 15; i >= 0; i--, v >>= 4)
		out[i] = digits[v & 15];
}

/* The 32 hex digits naming the state of `commit` (called for every commit
 * of a walk back: no printf). */
static void key_hex(char out[33], const specsync_cache *c, const specsync_oid *commit)
{
	specsync_hasher h;
	specsync_hash128 k;

	specsync_hasher_init(&h);
	specsync_hasher_update(&h, &c->salt.h1, 8);
	specsync_hasher_update(&h, &c->salt.h2, 8);
	specsync_hasher_update(&h, commit->id, 20);
	k = specsync_hasher_final(&h);
	put_hex64(out, k.h1);
	put_hex64(out + 16, k.h2);
	out[32] = '\0';
}

void specsync_cache_file_name(char *out, size_t size, const specsync_cache *c,
			      const specsync_oid *commit)
{
	char hex[33];

	key_hex(hex, c, commit);
	snprintf(out, size, "%s%s.state", c->dir, hex);
}

/* The cache holds few files: list them once rather than stat() every
 * commit of a long walk back. */
static void list_dir(specsync_cache *c)
{
	DIR *d;
	struct dirent *e;

	c->listed = true;
	if (!c->dir || !(d = opendir(c->dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len != 32 + 6 || strcmp(e->d_name + 32, ".state"))
			continue;
		if (SPECSYNC_ARRAY_RESERVE(c->names, c->names_alloc, c->name_count + 1) < 0)
			break;
		memcpy(c->names[c->name_count++], e->d_name, 33);
		c->names[c->name_count - 1][32] = '\0';
	}
	closedir(d);
}

bool specsync_cache_has(specsync_cache *c, const specsync_oid *commit)
{
	char hex[33];

	if (!c->dir)
		return false;
	if (!c->listed)
		list_dir(c);
	if (!c->name_count)
		return false;
	key_hex(hex, c, commit);
	for (size_t i = 0; i < c->name_count; i++)
		if (!memcmp(c->names[i], hex, 32))
			return true;
	return false;
}

/* States are megabytes; a file larger than this is not one of ours. */
#define MAX_STATE_SIZE ((off_t)1 << 30)

/*
 * Reads a state file: not through a symbolic link, only a regular file
 * (a FIFO would block, a device would never end), at most its size at
 * open time and never more than MAX_STATE_SIZE. Returns 0, or -1 with
 * errno set (ENOENT: absent; EINVAL: not a regular file; EFBIG: too big).
 */
static int read_file(specsync_buf *out, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), error = -1;
	struct stat st;
	size_t size, got = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto done;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto done;
	}
	if (st.st_size > MAX_STATE_SIZE) {
		errno = EFBIG;
		goto done;
	}
	size = (size_t)st.st_size;
	if (specsync_buf_grow(out, size + 1) < 0) {
		errno = ENOMEM;
		goto done;
	}
	/* one byte more than the size: a file that grows is not trusted */
	while (got <= size && (n = read(fd, out->ptr + got, size + 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto done;
		got += (size_t)n;
	}
	if (got != size) {
		errno = EIO;
		goto done;
	}
	out->size = got;
	out->ptr[got] = '\0';
	error = 0;
done:
	if (fd >= 0)
		close(fd);
	return error;
}

static bool header_ok(specsync_reader *r, const specsync_cache *c, const specsync_oid *commit)
{
	specsync_oid stored;
	uint64_t len;
	specsync_hash128 sum;
	const unsigned char *payload;

	if (r->end - r->p < 16 || memcmp(r->p, magic, 16))
		return false;
	r->p += 16;
	if (specsync_get_u32(r) != FORMAT || specsync_get_u64(r) != c->salt.h1 ||
	    specsync_get_u64(r) != c->salt.h2)
		return false;
	get_oid(r, &stored);
	len = specsync_get_u64(r);
	if (!r->ok || !specsync_oid_equal(&stored, commit) ||
	    len != (uint64_t)(r->end - r->p) - 16)
		return false;
	payload = r->p;
	sum = specsync_hash(payload, (size_t)len);
	r->end = payload + len;
	return memcmp(&sum.h1, r->end, 8) == 0 && memcmp(&sum.h2, r->end + 8, 8) == 0;
}


int specsync_cache_load(specsync_cache *c, specsync_engine *eng, const specsync_oid *commit,
			size_t *walked, const char **why)
{
	char path[4096];
	specsync_buf data = SPECSYNC_BUF_INIT;
	const unsigned char *state, *hist = NULL;
	specsync_reader r;
	int ok;

	*why = "absent";
	if (!c->dir)
		return 0;
	specsync_cache_file_name(path, sizeof(path), c, commit);
	if (read_file(&data, path) < 0) {
		*why = errno == ENOENT ? "absent"
		       : errno == ELOOP ? "a symbolic link"
		       : errno == EINVAL ? "not a regular file"
		       : errno == EFBIG ? "too large"
					: "unreadable";
		specsync_buf_dispose(&data);
		return errno == ENOENT ? 0 : -1;
	}
	r.p = (const unsigned char *)data.ptr;
	r.end = r.p + data.size;
	r.ok = true;
	ok = header_ok(&r, c, commit);
	state = r.p;
	*why = "not a valid state (header or checksum)";
	if (ok) {
		ok = specsync_engine_decode(eng, &r, &hist) == 0;
		*why = "inconsistent";
	}
	if (ok) {
		c->loaded_state = (size_t)(state - (const unsigned char *)data.ptr);
		c->loaded_hist = (size_t)(hist - (const unsigned char *)data.ptr);
		c->loaded_end = (size_t)(r.p - (const unsigned char *)data.ptr);
		*walked = (size_t)specsync_get_u64(&r);
	}
	ok = ok && r.ok && r.p == r.end;
	specsync_buf_dispose(&c->loaded);
	if (ok) {
		/* kept for specsync_cache_store: see unchanged() */
		c->loaded = data;
		c->loaded_walked = *walked;
	} else {
		specsync_buf_dispose(&data);
	}
	return ok ? 1 : -1;
}

static int mkdirs(const char *dir)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s", dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* Keeps the newest KEEP_FILES states; older ones only cost disk. */
static void evict(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char oldest[4096] = "";
	time_t oldest_time = 0;
	size_t n = 0;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		size_t len = strlen(e->d_name);
		snprintf(path, sizeof(path), "%s%s", dir, e->d_name);
		/* A run killed while writing leaves its temporary file: gone
		 * after ten minutes (a live writer takes well under that). */
		if (strstr(e->d_name, ".state.tmp-") && stat(path, &st) == 0 &&
		    st.st_mtime < time(NULL) - 600) {
			unlink(path);
			continue;
		}
		if (len < 7 || strcmp(e->d_name + len - 6, ".state"))
			continue;
		if (stat(path, &st) < 0)
			continue;
		n++;
		if (!oldest[0] || st.st_mtime < oldest_time) {
			oldest_time = st.st_mtime;
			snprintf(oldest, sizeof(oldest), "%s", path);
		}
	}
	closedir(d);
	if (n > KEEP_FILES && oldest[0])
		unlink(oldest);
}

/* Removes a temporary file after a failure, keeping that failure's errno. */
static int discard(const char *tmp)
{
	int e = errno ? errno : EIO;

	unlink(tmp);
	return e;
}

/* Whether `state` (a serialised state without its walked count, its
 * history from `hist`) is the one loaded this run apart from the history's
 * head and tail, with few enough commits walked since (see cache.h). */
static bool unchanged(const specsync_cache *c, const specsync_buf *state, size_t hist,
		      size_t walked)
{
	const char *old = c->loaded.ptr + c->loaded_state;
	size_t mid;

	if (!c->loaded.size || state->failed || walked < c->loaded_walked ||
	    walked - c->loaded_walked >= SPECSYNC_CACHE_REWALK ||
	    state->size != c->loaded_end - c->loaded_state ||
	    hist != c->loaded_hist - c->loaded_state ||
	    hist + ENG_HISTORY_HEAD + ENG_HISTORY_TAIL > state->size)
		return false;
	mid = state->size - hist - ENG_HISTORY_HEAD - ENG_HISTORY_TAIL;
	return !memcmp(state->ptr, old, hist) &&
	       !memcmp(state->ptr + hist + ENG_HISTORY_HEAD, old + hist + ENG_HISTORY_HEAD, mid);
}

int specsync_cache_store(const specsync_cache *c, const specsync_engine *eng,
			 const specsync_oid *commit, size_t walked)
{
	specsync_buf payload = SPECSYNC_BUF_INIT, header = SPECSYNC_BUF_INIT;
	specsync_hash128 sum;
	char path[4096], tmp[4200];
	size_t hist;
	FILE *f;
	int fd, error = ENOMEM;

	if (!c->dir || specsync_engine_checking(eng))
		return 0;
	specsync_engine_encode(&payload, eng, &hist);
	if (unchanged(c, &payload, hist, walked))
		goto done_unchanged;
	specsync_put_u64(&payload, walked);
	sum = specsync_hash(payload.ptr, payload.size);
	specsync_buf_put(&header, magic, 16);
	specsync_put_u32(&header, FORMAT);
	specsync_put_u64(&header, c->salt.h1);
	specsync_put_u64(&header, c->salt.h2);
	put_oid(&header, commit);
	specsync_put_u64(&header, payload.size);
	/* the checksum follows the payload: written from the buffer's end */
	specsync_buf_put(&payload, (const char *)&sum.h1, 8);
	specsync_buf_put(&payload, (const char *)&sum.h2, 8);
	if (payload.failed || header.failed)
		goto done;
	errno = 0;
	if (mkdirs(c->dir) < 0) {
		error = errno ? errno : EIO;
		goto done;
	}
	specsync_cache_file_name(path, sizeof(path), c, commit);
	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		error = errno ? errno : EIO;
		goto done;
	}
	if (!(f = fdopen(fd, "wb"))) {
		error = discard(tmp);
		close(fd);
		goto done;
	}
	if (fwrite(header.ptr, 1, header.size, f) != header.size ||
	    fwrite(payload.ptr, 1, payload.size, f) != payload.size || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		error = discard(tmp);
		fclose(f);
		goto done;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		error = discard(tmp);
		goto done;
	}
	evict(c->dir);
done_unchanged:
	error = 0;
done:
	specsync_buf_dispose(&payload);
	specsync_buf_dispose(&header);
	return error;
}

int specsync_cache_forget(specsync_cache *c, const specsync_oid *commit)
{
	char path[4096];
	int error = 0;

	if (!c->dir)
		return 0;
	specsync_cache_file_name(path, sizeof(path), c, commit);
	if (unlink(path) < 0 && errno != ENOENT)
		error = -1;
	free(c->names);
	c->names = NULL;
	c->name_count = c->names_alloc = 0;
	c->listed = false;
	return error;
}
