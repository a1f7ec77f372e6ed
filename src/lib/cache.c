/*
 * The persistent cache. See cache.h; the file format (little-endian):
 *
 *   magic "specsync-state\n\0" | u32 format | salt (2 x u64) | commit (20)
 *   | u64 payload length | payload | checksum of the payload (2 x u64)
 *
 * The payload is the engine state: requirements, files (in path order, so
 * that equal states are equal files) with their parsed sections, the
 * commits findings refer to, episodes, events and the walk position.
 */
#include "common.h"
#include "cache.h"
#include "signature.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FORMAT 2
#define KEEP_FILES 16
static const char magic[16] = "specsync-state\n";

/* ---- writing ------------------------------------------------------------- */

static void put_u32(specsync_buf *b, uint32_t v)
{
	unsigned char x[4];

	for (int i = 0; i < 4; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	specsync_buf_put(b, (const char *)x, 4);
}

static void put_u64(specsync_buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)v);
	put_u32(b, (uint32_t)(v >> 32));
}

static void put_str(specsync_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_u32(b, (uint32_t)n);
	specsync_buf_put(b, s ? s : "", n);
}

static void put_oid(specsync_buf *b, const specsync_oid *o)
{
	specsync_buf_put(b, (const char *)o->id, 20);
}

static void put_reqs(specsync_buf *b, const specsync_engine *eng)
{
	size_t sides = eng->cfg->side_count;

	put_u64(b, eng->req_count);
	for (size_t r = 0; r < eng->req_count; r++) {
		const eng_req *q = &eng->reqs[r];
		put_str(b, q->id);
		put_u64(b, q->pending);
		for (size_t s = 0; s < sides; s++) {
			put_u64(b, q->acc[s].s1);
			put_u64(b, q->acc[s].s2);
			put_u32(b, q->acc[s].n);
			put_u32(b, (uint32_t)q->episode[s]);
		}
	}
}

static int slot_cmp(const void *a, const void *b)
{
	return strcmp((*(const specsync_strmap_slot *const *)a)->key,
		      (*(const specsync_strmap_slot *const *)b)->key);
}

static void put_files(specsync_buf *b, const specsync_engine *eng)
{
	const specsync_strmap_slot **sorted = specsync_calloc(eng->files.count + 1, sizeof(*sorted));
	size_t n = 0;

	if (!sorted) {
		b->failed = true;
		return;
	}
	for (size_t i = 0; i < eng->files.cap; i++)
		if (eng->files.slots[i].key)
			sorted[n++] = &eng->files.slots[i];
	qsort(sorted, n, sizeof(*sorted), slot_cmp);
	put_u64(b, n);
	for (size_t i = 0; i < n; i++) {
		const eng_file *f = sorted[i]->value;
		put_str(b, sorted[i]->key);
		put_u32(b, (uint32_t)f->side);
		put_oid(b, &f->blob);
		put_u64(b, f->parse->count);
		for (size_t e = 0; e < f->parse->count; e++) {
			put_u32(b, f->parse->entries[e].req);
			put_u32(b, f->parse->entries[e].line);
			put_u64(b, f->parse->entries[e].hash.h1);
			put_u64(b, f->parse->entries[e].hash.h2);
		}
	}
	free(sorted);
}

static void put_history(specsync_buf *b, const specsync_engine *eng)
{
	put_u64(b, eng->commit_total);
	put_u64(b, (uint64_t)eng->time_first);
	put_u64(b, (uint64_t)eng->time_last);
	put_u32(b, eng->have_times);
	put_u64(b, eng->commit_count);
	for (size_t i = 0; i < eng->commit_count; i++) {
		const specsync_commit_info *c = eng->commits[i];
		put_str(b, c->id);
		put_str(b, c->short_id);
		put_str(b, c->author_name);
		put_str(b, c->author_email);
		put_u64(b, (uint64_t)c->time);
		put_u32(b, (uint32_t)c->offset);
		put_str(b, c->summary);
	}
	put_u64(b, eng->episode_count);
	for (size_t i = 0; i < eng->episode_count; i++) {
		const eng_episode *ep = &eng->episodes[i];
		put_u32(b, ep->req);
		put_u32(b, ep->side);
		put_u64(b, ep->changed_mask);
		put_u32(b, (uint32_t)ep->status);
		put_u32(b, (uint32_t)ep->closed_by);
		put_u32(b, ep->before_check);
		put_u64(b, ep->commit_count);
		for (size_t k = 0; k < ep->commit_count; k++)
			put_u32(b, ep->commits[k]);
	}
	put_u64(b, eng->event_count);
	for (size_t i = 0; i < eng->event_count; i++) {
		const eng_event *ev = &eng->events[i];
		put_u32(b, (uint32_t)ev->kind);
		put_u32(b, ev->req);
		put_str(b, ev->id);
		put_u32(b, (uint32_t)ev->side);
		put_u32(b, ev->commit);
		put_u32(b, (uint32_t)ev->merge);
		put_str(b, ev->author_name);
		put_str(b, ev->author_email);
		put_str(b, ev->reason);
	}
	put_u32(b, (uint32_t)eng->baseline_commit);
	put_oid(b, &eng->tree);
	put_u32(b, eng->have_tree);
}

/* ---- reading --------------------------------------------------------------- */

typedef struct reader {
	const unsigned char *p, *end;
	bool ok;
} reader;

static uint32_t get_u32(reader *r)
{
	uint32_t v = 0;

	if (r->end - r->p < 4) {
		r->ok = false;
		return 0;
	}
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)r->p[i] << (8 * i);
	r->p += 4;
	return v;
}

static uint64_t get_u64(reader *r)
{
	uint64_t lo = get_u32(r);

	return lo | (uint64_t)get_u32(r) << 32;
}

/* A count of items of at least `min` bytes each that must fit the rest. */
static size_t get_count(reader *r, size_t min)
{
	uint64_t n = get_u64(r);

	if (!r->ok || (min && n > (uint64_t)(r->end - r->p) / min)) {
		r->ok = false;
		return 0;
	}
	return (size_t)n;
}

static char *get_str(reader *r, specsync_arena *a)
{
	uint32_t n = get_u32(r);
	char *s;

	if (!r->ok || n > (size_t)(r->end - r->p)) {
		r->ok = false;
		return NULL;
	}
	s = a ? specsync_arena_alloc(a, (size_t)n + 1) : malloc((size_t)n + 1);
	if (!s) {
		r->ok = false;
		return NULL;
	}
	memcpy(s, r->p, n);
	s[n] = '\0';
	r->p += n;
	return s;
}

static void get_oid(reader *r, specsync_oid *o)
{
	if (r->end - r->p < 20) {
		r->ok = false;
		return;
	}
	memcpy(o->id, r->p, 20);
	r->p += 20;
}

static int get_reqs(reader *r, specsync_engine *eng)
{
	size_t sides = eng->cfg->side_count, n = get_count(r, 12);

	for (size_t i = 0; i < n && r->ok; i++) {
		char *id = get_str(r, NULL);
		uint32_t idx;
		eng_req *q;
		if (!r->ok || specsync_engine_intern(eng, id, &idx) < 0 || idx != i) {
			free(id);
			return -1;
		}
		free(id);
		q = &eng->reqs[idx];
		q->pending = get_u64(r);
		for (size_t s = 0; s < sides; s++) {
			q->acc[s].s1 = get_u64(r);
			q->acc[s].s2 = get_u64(r);
			q->acc[s].n = get_u32(r);
			q->episode[s] = (int32_t)get_u32(r);
		}
	}
	return r->ok ? 0 : -1;
}

static int get_files(reader *r, specsync_engine *eng)
{
	size_t n = get_count(r, 36);

	for (size_t i = 0; i < n && r->ok; i++) {
		char *path = get_str(r, NULL);
		int side = (int)get_u32(r);
		specsync_oid blob;
		size_t count;
		eng_entry *entries;
		int error;

		get_oid(r, &blob);
		count = get_count(r, 24);
		if (!r->ok || side < 0 || (size_t)side >= eng->cfg->side_count ||
		    !(entries = specsync_calloc(count, sizeof(*entries)))) {
			free(path);
			return -1;
		}
		for (size_t e = 0; e < count; e++) {
			entries[e].req = get_u32(r);
			entries[e].line = get_u32(r);
			entries[e].hash.h1 = get_u64(r);
			entries[e].hash.h2 = get_u64(r);
			if (entries[e].req >= eng->req_count)
				r->ok = false;
		}
		if (r->ok)
			error = specsync_engine_adopt_file(eng, path, side, &blob, entries, count);
		else
			free(entries), error = -1;
		free(path);
		if (error < 0)
			return -1;
	}
	return r->ok ? 0 : -1;
}

static int get_commits(reader *r, specsync_engine *eng)
{
	size_t total = (size_t)get_u64(r), n;

	eng->time_first = (int64_t)get_u64(r);
	eng->time_last = (int64_t)get_u64(r);
	eng->have_times = get_u32(r) != 0;
	n = get_count(r, 40);

	if (!r->ok || SPECSYNC_ARRAY_RESERVE(eng->commits, eng->commit_alloc, n + 1) < 0)
		return -1;
	for (size_t i = 0; i < n && r->ok; i++) {
		specsync_commit_info *c = specsync_arena_alloc(&eng->arena, sizeof(*c));
		char *id, *short_id;
		if (!c)
			return -1;
		id = get_str(r, &eng->arena);
		short_id = get_str(r, &eng->arena);
		if (!r->ok || strlen(id) != 40 || strlen(short_id) > 12)
			return -1;
		memcpy(c->id, id, 41);
		memcpy(c->short_id, short_id, strlen(short_id) + 1);
		c->author_name = get_str(r, &eng->arena);
		c->author_email = get_str(r, &eng->arena);
		c->time = (int64_t)get_u64(r);
		c->offset = (int)get_u32(r);
		c->summary = get_str(r, &eng->arena);
		eng->commits[eng->commit_count++] = c;
	}
	eng->commit_total = total;
	return r->ok && total >= n ? 0 : -1;
}

static int get_episodes(reader *r, specsync_engine *eng)
{
	size_t n = get_count(r, 36);

	if (!r->ok || SPECSYNC_ARRAY_RESERVE(eng->episodes, eng->episode_alloc, n + 1) < 0)
		return -1;
	for (size_t i = 0; i < n && r->ok; i++) {
		eng_episode *ep = &eng->episodes[i];
		memset(ep, 0, sizeof(*ep));
		eng->episode_count = i + 1;
		ep->req = get_u32(r);
		ep->side = get_u32(r);
		ep->changed_mask = get_u64(r);
		ep->status = (specsync_status)get_u32(r);
		ep->closed_by = (int32_t)get_u32(r);
		ep->before_check = get_u32(r) != 0;
		ep->commit_count = get_count(r, 4);
		if (!r->ok || ep->req >= eng->req_count || ep->side >= eng->cfg->side_count ||
		    (ep->closed_by >= 0 && (size_t)ep->closed_by >= eng->commit_count))
			return -1;
		ep->commit_alloc = ep->commit_count;
		if (!(ep->commits = specsync_calloc(ep->commit_count, sizeof(uint32_t))))
			return -1;
		for (size_t k = 0; k < ep->commit_count; k++)
			if ((ep->commits[k] = get_u32(r)) >= eng->commit_count)
				return -1;
	}
	return r->ok ? 0 : -1;
}

static int get_events(reader *r, specsync_engine *eng)
{
	size_t n = get_count(r, 32);

	if (!r->ok || SPECSYNC_ARRAY_RESERVE(eng->events, eng->event_alloc, n + 1) < 0)
		return -1;
	for (size_t i = 0; i < n && r->ok; i++) {
		eng_event *ev = &eng->events[i];
		ev->kind = (specsync_finding_kind)get_u32(r);
		ev->req = get_u32(r);
		ev->id = get_str(r, &eng->arena);
		ev->side = (int)get_u32(r);
		ev->commit = get_u32(r);
		ev->merge = (int32_t)get_u32(r);
		ev->author_name = get_str(r, &eng->arena);
		ev->author_email = get_str(r, &eng->arena);
		ev->reason = get_str(r, &eng->arena);
		ev->forced_error = false; /* only checks force, and they store nothing */
		if (!r->ok || ev->commit >= eng->commit_count ||
		    (ev->merge >= 0 && (size_t)ev->merge >= eng->commit_count) ||
		    (ev->side >= 0 && (size_t)ev->side >= eng->cfg->side_count))
			return -1;
		eng->event_count = i + 1;
	}
	eng->baseline_commit = (int32_t)get_u32(r);
	get_oid(r, &eng->tree);
	eng->have_tree = get_u32(r) != 0;
	if (eng->baseline_commit >= 0 && (size_t)eng->baseline_commit >= eng->commit_count)
		return -1;
	return r->ok ? 0 : -1;
}

/*
 * Indices between the sections, checked once everything is read: the
 * checksum catches damage, this catches a file that is well-formed but
 * wrong (another build's bug, a hand-made file), which would otherwise
 * index out of bounds later.
 */
static int check_links(const specsync_engine *eng)
{
	for (size_t r = 0; r < eng->req_count; r++)
		for (size_t s = 0; s < eng->cfg->side_count; s++) {
			int32_t ep = eng->reqs[r].episode[s];
			if (ep < -1 || (ep >= 0 && (size_t)ep >= eng->episode_count))
				return -1;
		}
	return 0;
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

static bool header_ok(reader *r, const specsync_cache *c, const specsync_oid *commit)
{
	specsync_oid stored;
	uint64_t len;
	specsync_hash128 sum;
	const unsigned char *payload;

	if (r->end - r->p < 16 || memcmp(r->p, magic, 16))
		return false;
	r->p += 16;
	if (get_u32(r) != FORMAT || get_u64(r) != c->salt.h1 || get_u64(r) != c->salt.h2)
		return false;
	get_oid(r, &stored);
	len = get_u64(r);
	if (!r->ok || !specsync_oid_equal(&stored, commit) ||
	    len != (uint64_t)(r->end - r->p) - 16)
		return false;
	payload = r->p;
	sum = specsync_hash(payload, (size_t)len);
	r->end = payload + len;
	return memcmp(&sum.h1, r->end, 8) == 0 && memcmp(&sum.h2, r->end + 8, 8) == 0;
}

/* What put_history() writes first (commit_total, time_first, time_last,
 * have_times) and last (the last tree walked, have_tree): every walked
 * commit moves them, and a new walk over the same commits derives them
 * again. */
#define HISTORY_HEAD (8 + 8 + 8 + 4)
#define HISTORY_TAIL (20 + 4)

int specsync_cache_load(specsync_cache *c, specsync_engine *eng, const specsync_oid *commit,
			size_t *walked, const char **why)
{
	char path[4096];
	specsync_buf data = SPECSYNC_BUF_INIT;
	const unsigned char *state, *hist = NULL;
	reader r;
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
		ok = get_reqs(&r, eng) == 0 && get_files(&r, eng) == 0 &&
		     (hist = r.p, get_commits(&r, eng) == 0) && get_episodes(&r, eng) == 0 &&
		     get_events(&r, eng) == 0 && check_links(eng) == 0;
		*why = "inconsistent";
	}
	if (ok) {
		c->loaded_state = (size_t)(state - (const unsigned char *)data.ptr);
		c->loaded_hist = (size_t)(hist - (const unsigned char *)data.ptr);
		c->loaded_end = (size_t)(r.p - (const unsigned char *)data.ptr);
		*walked = (size_t)get_u64(&r);
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
	    hist + HISTORY_HEAD + HISTORY_TAIL > state->size)
		return false;
	mid = state->size - hist - HISTORY_HEAD - HISTORY_TAIL;
	return !memcmp(state->ptr, old, hist) &&
	       !memcmp(state->ptr + hist + HISTORY_HEAD, old + hist + HISTORY_HEAD, mid);
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

	if (!c->dir || eng->checking)
		return 0;
	put_reqs(&payload, eng);
	put_files(&payload, eng);
	hist = payload.size;
	put_history(&payload, eng);
	if (unchanged(c, &payload, hist, walked))
		goto done_unchanged;
	put_u64(&payload, walked);
	sum = specsync_hash(payload.ptr, payload.size);
	specsync_buf_put(&header, magic, 16);
	put_u32(&header, FORMAT);
	put_u64(&header, c->salt.h1);
	put_u64(&header, c->salt.h2);
	put_oid(&header, commit);
	put_u64(&header, payload.size);
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
