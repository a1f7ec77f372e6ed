/*
 * The persistent cache. See cache.h; the files (little-endian):
 *
 *   <key>.state, the tip: magic "specsync-state\n\0" | u32 format | salt
 *     (2 x u64) | commit (20) | u64 payload length | payload | checksum of
 *     the payload (2 x u64); the payload is the engine's tip
 *     (engine_codec.c) followed by the length and checksum of its history's
 *     payload, then those of its history's delta (0 and 0 when none);
 *   <hkey>.hist, the history: magic "specsync-hist\n\0\0" | u32 format |
 *     salt | u64 payload length | payload | checksum; named by the salt and
 *     the checksum, so that a tip finds only its own history and states
 *     with the same history share one file;
 *   a history's delta, <dkey>.hist too, magic "specsync-hdel\n": what a
 *     state adds to the history it was loaded with (engine.h,
 *     eng_hist_mark). A store after a few commits writes the tip and a
 *     delta against the loaded state's base history (touched, not
 *     rewritten: a 13.5 MB history was 15 % of a warm audit's time in
 *     kernel copies); once the delta would exceed a quarter of its base,
 *     the whole history is written again.
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
 * without requirements say why (2 held lower-cased e-mails and no reasons);
 * 4 since a state is a tip and a history (3 was one file); 5 since the
 * checksums are XXH3-128 (specsync_hash_fast: 30 M instructions fewer to
 * check and as many to seal a 13.5 MB history); 6 since a history's strings
 * are in a table, each once, and commit ids are 20 bytes (engine_codec.c:
 * a third smaller, and a warm audit copies no string per event). A state
 * of another format is refused and the history walked again. */
#define FORMAT SPECSYNC_CACHE_FORMAT
#define KEEP_FILES 16
static const char magic[16] = "specsync-state\n";
static const char hist_magic[16] = "specsync-hist\n";
static const char memo_magic[16] = "specsync-memo\n";
static const char delta_magic[16] = "specsync-hdel\n";

/* A tip's last bytes: its history's and its delta's length and checksum. */
#define REF_BYTES 24
#define REFS_BYTES (2 * REF_BYTES)

/* A delta larger than this part of its base: the history is written whole. */
#define DELTA_MAX_SHARE 4

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
	specsync_cache_store_wait(c);
	free(c->dir);
	free(c->names);
	specsync_buf_dispose(&c->loaded);
	specsync_hist_mark_dispose(&c->mark);
	memset(c, 0, sizeof(*c));
}

static void put_hex64(char *out, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 15; i >= 0; i--, v >>= 4)
		out[i] = digits[v & 15];
}

/* The 32 hex digits naming the file of `id` (a commit's 20 bytes, or a
 * history's 16-byte checksum) under this cache's salt (called for every
 * commit of a walk back: no printf). */
static void key_hex(char out[33], const specsync_cache *c, const void *id, size_t len)
{
	specsync_hasher h;
	specsync_hash128 k;

	specsync_hasher_init(&h);
	specsync_hasher_update(&h, &c->salt.h1, 8);
	specsync_hasher_update(&h, &c->salt.h2, 8);
	specsync_hasher_update(&h, id, len);
	k = specsync_hasher_final(&h);
	put_hex64(out, k.h1);
	put_hex64(out + 16, k.h2);
	out[32] = '\0';
}

void specsync_cache_file_name(char *out, size_t size, const specsync_cache *c,
			      const specsync_oid *commit)
{
	char hex[33];

	key_hex(hex, c, commit->id, 20);
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
	key_hex(hex, c, commit->id, 20);
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
	specsync_mem_hint_huge(out->ptr, size + 1); /* filled whole */
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

void specsync_cache_history_name(char *out, size_t size, const specsync_cache *c,
				 const specsync_hash128 *sum)
{
	unsigned char id[16];
	char hex[33];

	memcpy(id, &sum->h1, 8);
	memcpy(id + 8, &sum->h2, 8);
	key_hex(hex, c, id, 16);
	snprintf(out, size, "%s%s.hist", c->dir, hex);
}

/*
 * Checks a file's header (magic `m`, format, salt, and the commit when not
 * NULL), its length and its checksum (into *sum); `r` then spans the
 * payload.
 */
static bool header_ok(specsync_reader *r, const specsync_cache *c, const char m[16],
		      const specsync_oid *commit, specsync_hash128 *sum)
{
	specsync_oid stored;
	uint64_t len;
	const unsigned char *payload;

	if (r->end - r->p < 16 || memcmp(r->p, m, 16))
		return false;
	r->p += 16;
	if (specsync_get_u32(r) != FORMAT || specsync_get_u64(r) != c->salt.h1 ||
	    specsync_get_u64(r) != c->salt.h2)
		return false;
	if (commit) {
		get_oid(r, &stored);
		if (!specsync_oid_equal(&stored, commit))
			return false;
	}
	len = specsync_get_u64(r);
	if (!r->ok || (uint64_t)(r->end - r->p) < 16 || len != (uint64_t)(r->end - r->p) - 16)
		return false;
	payload = r->p;
	*sum = specsync_hash_fast(payload, (size_t)len);
	r->end = payload + len;
	return memcmp(&sum->h1, r->end, 8) == 0 && memcmp(&sum->h2, r->end + 8, 8) == 0;
}

static const char *read_error(int e)
{
	return e == ENOENT ? "absent"
	       : e == ELOOP ? "a symbolic link"
	       : e == EINVAL ? "not a regular file"
	       : e == EFBIG ? "too large"
			    : "unreadable";
}

/* Reads the history the tip's last 24 bytes name (its length and checksum)
 * into `data`, `r` spanning its payload; on failure says why in c->why. */
static bool read_history(specsync_cache *c, specsync_buf *data, specsync_reader *r,
			 const unsigned char *ref, const char m[16])
{
	specsync_hash128 want, sum;
	uint64_t len;
	specsync_reader rr = {ref, ref + REF_BYTES, true};

	len = specsync_get_u64(&rr);
	want.h1 = specsync_get_u64(&rr);
	want.h2 = specsync_get_u64(&rr);
	if (m == hist_magic) {
		c->base_len = len;
		c->base_sum = want;
	}
	specsync_cache_history_name(c->hist_path, sizeof(c->hist_path), c, &want);
	if (read_file(data, c->hist_path) < 0) {
		snprintf(c->why, sizeof(c->why), "without its history (%s: %s)", c->hist_path,
			 read_error(errno));
		return false;
	}
	r->p = (const unsigned char *)data->ptr;
	r->end = r->p + data->size;
	r->ok = true;
	if (!header_ok(r, c, m, NULL, &sum) || (uint64_t)(r->end - r->p) != len ||
	    sum.h1 != want.h1 || sum.h2 != want.h2) {
		snprintf(c->why, sizeof(c->why),
			 "without its history (%s: not a valid history, or not this state's)",
			 c->hist_path);
		return false;
	}
	return true;
}

/* Whether the reference at `ref` names a delta (a length or checksum
 * that is not zero). */
static bool has_delta(const unsigned char *ref)
{
	for (size_t i = 0; i < REF_BYTES; i++)
		if (ref[i])
			return true;
	return false;
}

/* Decodes the tip in `r` (its history references included) and, unless
 * `tip_only`, its history (and delta): see specsync_cache_load. */
static bool decode(specsync_cache *c, specsync_engine *eng, specsync_reader *r, bool tip_only,
		   size_t *walked)
{
	specsync_buf hist = SPECSYNC_BUF_INIT, delta = SPECSYNC_BUF_INIT;
	specsync_reader h, d;
	uint64_t w = 0;
	bool ok, with_delta;

	if (r->end - r->p < REFS_BYTES)
		return false;
	r->end -= REFS_BYTES;
	with_delta = has_delta(r->end + REF_BYTES);
	specsync_hist_mark_dispose(&c->mark);
	if (tip_only) {
		ok = specsync_engine_decode(eng, r, NULL, &w) == 0 && r->ok && r->p == r->end;
	} else {
		ok = read_history(c, &hist, &h, r->end, hist_magic) &&
		     (!with_delta || read_history(c, &delta, &d, r->end + REF_BYTES, delta_magic));
		if (!ok) {
			specsync_buf_dispose(&hist);
			specsync_buf_dispose(&delta);
			return false;
		}
		ok = specsync_engine_decode_parts(eng, r, &h, with_delta ? &d : NULL, &w,
						  &c->mark) == 0 &&
		     h.ok && h.p == h.end && (!with_delta || (d.ok && d.p == d.end));
		if (!ok)
			specsync_hist_mark_dispose(&c->mark);
	}
	specsync_buf_dispose(&hist);
	specsync_buf_dispose(&delta);
	*walked = (size_t)w;
	if (!ok)
		snprintf(c->why, sizeof(c->why), "inconsistent");
	return ok;
}

int specsync_cache_load(specsync_cache *c, specsync_engine *eng, const specsync_oid *commit,
			bool final, size_t *walked, const char **why)
{
	char path[4096];
	specsync_buf data = SPECSYNC_BUF_INIT;
	specsync_hash128 sum;
	specsync_reader r;
	bool ok;

	*why = "absent";
	c->hist_path[0] = '\0';
	if (!c->dir)
		return 0;
	specsync_cache_file_name(path, sizeof(path), c, commit);
	if (read_file(&data, path) < 0) {
		*why = read_error(errno);
		specsync_buf_dispose(&data);
		return errno == ENOENT ? 0 : -1;
	}
	r.p = (const unsigned char *)data.ptr;
	r.end = r.p + data.size;
	r.ok = true;
	snprintf(c->why, sizeof(c->why), "not a valid state (header or checksum)");
	ok = header_ok(&r, c, magic, commit, &sum);
	if (ok) {
		c->loaded_state = (size_t)(r.p - (const unsigned char *)data.ptr);
		c->loaded_end = (size_t)(r.end - (const unsigned char *)data.ptr);
		ok = decode(c, eng, &r, c->tip_only && final, walked);
	}
	*why = c->why;
	specsync_buf_dispose(&c->loaded);
	if (ok) {
		/* kept for specsync_cache_store: see unchanged() */
		c->loaded = data;
		c->loaded_walked = *walked;
		c->hist_path[0] = '\0';
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

/* Keeps the newest KEEP_FILES files named *`suffix`; older ones only cost
 * disk. `keep`, the file this run has just written or touched, is never
 * the one removed (its time may tie with older ones). */
static void evict(const char *dir, const char *suffix, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char oldest[4096] = "";
	struct timespec oldest_time = {0, 0};
	size_t n = 0, slen = strlen(suffix);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		size_t len = strlen(e->d_name);
		snprintf(path, sizeof(path), "%s%s", dir, e->d_name);
		/* A run killed while writing leaves its temporary file: gone
		 * after ten minutes (a live writer takes well under that). */
		if (strstr(e->d_name, ".tmp-") && stat(path, &st) == 0 &&
		    st.st_mtime < time(NULL) - 600) {
			unlink(path);
			continue;
		}
		if (len < slen + 1 || strcmp(e->d_name + len - slen, suffix))
			continue;
		if (stat(path, &st) < 0)
			continue;
		n++;
		if (!strcmp(path, keep))
			continue;
		/* nanoseconds: a history and its tip are written in order */
		if (!oldest[0] || st.st_mtim.tv_sec < oldest_time.tv_sec ||
		    (st.st_mtim.tv_sec == oldest_time.tv_sec &&
		     st.st_mtim.tv_nsec < oldest_time.tv_nsec)) {
			oldest_time = st.st_mtim;
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

/*
 * Writes `header` then `payload` to `path` through a temporary file renamed
 * into place. Returns 0 or an errno value. Not synced: a state is a cache
 * whose every file carries the checksum of its payload, so a file that a
 * crash left torn or empty is refused and rebuilt at the next load, never
 * trusted; syncing cost a warm audit 9 ms (a 13.5 MB history) to 84 ms
 * (issue 14's machine) for nothing a user could lose.
 */
static int write_atomic(const char *path, const specsync_buf *header, const specsync_buf *payload)
{
	char tmp[4200];
	FILE *f;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		return errno ? errno : EIO;
	if (!(f = fdopen(fd, "wb"))) {
		int e = discard(tmp);
		close(fd);
		return e;
	}
	errno = 0;
	if (fwrite(header->ptr, 1, header->size, f) != header->size ||
	    fwrite(payload->ptr, 1, payload->size, f) != payload->size || fflush(f) != 0) {
		int e = discard(tmp);
		fclose(f);
		return e;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return discard(tmp);
	return 0;
}

/* Appends the checksum of `payload` to it and writes the header of a file
 * with magic `m` (the commit when not NULL) into `header`. */
static specsync_hash128 seal(specsync_buf *header, specsync_buf *payload, const specsync_cache *c,
			     const char m[16], const specsync_oid *commit)
{
	specsync_hash128 sum = specsync_hash_fast(payload->ptr, payload->size);

	specsync_buf_put(header, m, 16);
	specsync_put_u32(header, FORMAT);
	specsync_put_u64(header, c->salt.h1);
	specsync_put_u64(header, c->salt.h2);
	if (commit)
		put_oid(header, commit);
	specsync_put_u64(header, payload->size);
	specsync_buf_put(payload, (const char *)&sum.h1, 8);
	specsync_buf_put(payload, (const char *)&sum.h2, 8);
	return sum;
}

/* Whether the tip payload `tip` (its history reference included) is the one
 * loaded this run apart from its head (counts, dates, last tree), with few
 * enough commits walked since (see cache.h). The reference holds the
 * history's checksum: equal tips have equal histories. */
static bool unchanged(const specsync_cache *c, const specsync_buf *tip, size_t walked)
{
	const char *old = c->loaded.ptr + c->loaded_state;

	if (!c->loaded.size || tip->failed || walked < c->loaded_walked ||
	    walked - c->loaded_walked >= SPECSYNC_CACHE_REWALK ||
	    tip->size != c->loaded_end - c->loaded_state || tip->size < ENG_TIP_HEAD)
		return false;
	return !memcmp(tip->ptr + ENG_TIP_HEAD, old + ENG_TIP_HEAD, tip->size - ENG_TIP_HEAD);
}

/* Writes the history file `path`, unless a file of its size is there
 * already (another state's: it is touched, so that eviction keeps it as
 * long as its newest state). */
static int store_history(const char *path, const specsync_buf *header,
			 const specsync_buf *payload)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size == header->size + payload->size &&
	    utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW) == 0)
		return 0;
	return write_atomic(path, header, payload);
}

static void put_ref(specsync_buf *tip, uint64_t len, specsync_hash128 sum)
{
	specsync_put_u64(tip, len);
	specsync_buf_put(tip, (const char *)&sum.h1, 8);
	specsync_buf_put(tip, (const char *)&sum.h2, 8);
}

/* The history of `eng` into `hist` (sealed, `header` made) as a delta
 * against the loaded state's base when `may_delta` and that pays, its
 * references appended to `tip`; *delta says which. Returns the checksum
 * that names the file to write. */
static specsync_hash128 encode_history(specsync_buf *tip, specsync_buf *hist,
				       specsync_buf *header, bool *delta, bool may_delta,
				       const specsync_cache *c, const specsync_engine *eng)
{
	specsync_hash128 sum, none = { 0, 0 };

	*delta = false;
	if (may_delta && c->mark.set && specsync_engine_delta_empty(eng, &c->mark)) {
		/* the base alone, as loaded: no file to write */
		*delta = true;
		put_ref(tip, c->base_len, c->base_sum);
		put_ref(tip, 0, none);
		return c->base_sum;
	}
	if (may_delta && c->mark.set) {
		specsync_engine_encode_delta(hist, eng, &c->mark);
		*delta = hist->size <= c->base_len / DELTA_MAX_SHARE;
	}
	if (*delta) {
		sum = seal(header, hist, c, delta_magic, NULL);
		put_ref(tip, c->base_len, c->base_sum);
		put_ref(tip, hist->size - 16, sum);
		return sum;
	}
	specsync_buf_clear(hist);
	specsync_engine_encode(NULL, hist, eng, 0);
	sum = seal(header, hist, c, hist_magic, NULL);
	put_ref(tip, hist->size - 16, sum);
	put_ref(tip, 0, none);
	return sum;
}

/* Touches the base history a delta is written against (so that eviction
 * keeps it as long as its newest state); 0 or an errno value (absent:
 * another run evicted it, the history is then written whole). */
static int touch_base(const specsync_cache *c, char *path, size_t size)
{
	specsync_cache_history_name(path, size, c, &c->base_sum);
	return utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno ? errno : EIO;
}

int specsync_cache_store(const specsync_cache *c, const specsync_engine *eng,
			 const specsync_oid *commit, size_t walked)
{
	specsync_buf tip = SPECSYNC_BUF_INIT, hist = SPECSYNC_BUF_INIT;
	specsync_buf tip_header = SPECSYNC_BUF_INIT, hist_header = SPECSYNC_BUF_INIT;
	specsync_hash128 sum;
	char path[4096], hpath[4096], bpath[4096];
	size_t tip_size;
	bool delta;
	int error = ENOMEM;

	/* a tip alone cannot be stored: its history would be lost */
	if (!c->dir || specsync_engine_checking(eng) || specsync_engine_tip_only(eng))
		return 0;
	specsync_engine_encode(&tip, NULL, eng, walked);
	tip_size = tip.size;
	sum = encode_history(&tip, &hist, &hist_header, &delta, true, c, eng);
	if (unchanged(c, &tip, walked)) {
		error = 0;
		goto done;
	}
	if (delta && !tip.failed && touch_base(c, bpath, sizeof(bpath)) != 0) {
		/* the base is gone: the whole history, and a tip naming it */
		tip.size = tip_size;
		tip.ptr[tip_size] = '\0';
		specsync_buf_clear(&hist_header);
		sum = encode_history(&tip, &hist, &hist_header, &delta, false, c, eng);
	}
	seal(&tip_header, &tip, c, magic, commit);
	if (tip.failed || hist.failed || tip_header.failed || hist_header.failed)
		goto done;
	errno = 0;
	if (mkdirs(c->dir) < 0) {
		error = errno ? errno : EIO;
		goto done;
	}
	specsync_cache_file_name(path, sizeof(path), c, commit);
	specsync_cache_history_name(hpath, sizeof(hpath), c, &sum);
	/* (no history to write: the tip names the base alone, just touched) */
	if ((hist.size && (error = store_history(hpath, &hist_header, &hist)) != 0) ||
	    (error = write_atomic(path, &tip_header, &tip)) != 0)
		goto done;
	evict(c->dir, ".state", path);
	evict(c->dir, ".hist", hpath);
done:
	specsync_buf_dispose(&tip);
	specsync_buf_dispose(&hist);
	specsync_buf_dispose(&tip_header);
	specsync_buf_dispose(&hist_header);
	return error;
}

int specsync_cache_forget(specsync_cache *c, const specsync_oid *commit)
{
	char path[4096];
	int error = 0;

	if (!c->dir)
		return 0;
	/* a history that failed to load goes too (absent: nothing to do) */
	if (c->hist_path[0])
		unlink(c->hist_path);
	c->hist_path[0] = '\0';
	specsync_cache_file_name(path, sizeof(path), c, commit);
	if (unlink(path) < 0 && errno != ENOENT)
		error = -1;
	free(c->names);
	c->names = NULL;
	c->name_count = c->names_alloc = 0;
	c->listed = false;
	return error;
}

static void *store_thread(void *payload)
{
	specsync_cache *c = payload;

	c->store_error = specsync_cache_store(c, c->store_eng, &c->store_commit, c->store_walked);
	return NULL;
}

int specsync_cache_store_begin(specsync_cache *c, const specsync_engine *eng,
			       const specsync_oid *commit, size_t walked)
{
	if (c->defer_store && c->dir && !c->storing && !getenv("SPECSYNC_NO_WORKER")) {
		c->store_eng = eng;
		c->store_commit = *commit;
		c->store_walked = walked;
		c->store_error = 0;
		if (pthread_create(&c->store_thread, NULL, store_thread, c) == 0) {
			c->storing = true;
			return 0;
		}
	}
	return specsync_cache_store(c, eng, commit, walked);
}

int specsync_cache_store_wait(specsync_cache *c)
{
	if (!c->storing)
		return 0;
	pthread_join(c->store_thread, NULL);
	c->storing = false;
	return c->store_error;
}

void specsync_cache_store_warning(char *out, size_t size, const specsync_cache *c, int error)
{
	snprintf(out, size,
		 "cache: cannot write %s (%s): nothing is cached, the next run walks the "
		 "history again",
		 c->dir, strerror(error));
}

/* ---- memo files ------------------------------------------------------------ */

static void memo_path(char *out, size_t size, const specsync_cache *c, const char *suffix)
{
	char hex[33];

	put_hex64(hex, c->salt.h1);
	put_hex64(hex + 16, c->salt.h2);
	hex[32] = '\0';
	snprintf(out, size, "%s%s.%s", c->dir, hex, suffix);
}

int specsync_cache_memo_read(const specsync_cache *c, const char *suffix, specsync_buf *out)
{
	char path[4200];
	specsync_buf data = SPECSYNC_BUF_INIT;
	specsync_reader r;
	specsync_hash128 sum;

	if (!c->dir)
		return -1;
	memo_path(path, sizeof(path), c, suffix);
	if (read_file(&data, path) < 0)
		goto fail;
	r.p = (const unsigned char *)data.ptr;
	r.end = r.p + data.size;
	r.ok = true;
	if (!header_ok(&r, c, memo_magic, NULL, &sum))
		goto fail;
	specsync_buf_clear(out);
	specsync_buf_put(out, (const char *)r.p, (size_t)(r.end - r.p));
	specsync_buf_dispose(&data);
	return out->failed ? -1 : 0;
fail:
	specsync_buf_dispose(&data);
	return -1;
}

int specsync_cache_memo_write(const specsync_cache *c, const char *suffix, specsync_buf *payload)
{
	char path[4200];
	specsync_buf header = SPECSYNC_BUF_INIT;
	int error = ENOMEM;

	if (!c->dir)
		return 0;
	seal(&header, payload, c, memo_magic, NULL);
	if (header.failed || payload->failed)
		goto done;
	errno = 0;
	if (mkdirs(c->dir) < 0) {
		error = errno ? errno : EIO;
		goto done;
	}
	memo_path(path, sizeof(path), c, suffix);
	if ((error = write_atomic(path, &header, payload)) == 0) {
		char dot[64];
		snprintf(dot, sizeof(dot), ".%s", suffix);
		evict(c->dir, dot, path);
	}
done:
	specsync_buf_dispose(&header);
	return error;
}
