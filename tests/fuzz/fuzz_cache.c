/*
 * Fuzz target: the cache reader, specsync_cache_load. The input is two
 * 4-byte lengths n and m, then the payload of a tip (n bytes, or all that
 * is left), the payload of its history (m bytes, or all that is left) and
 * that of a delta of the history (the rest; none when empty). The harness
 * wraps each in a valid header and checksum (which random damage would not
 * pass) and makes the tip name the history and the delta, so that the
 * payload parsers themselves are exercised, as by well-formed but wrong
 * files. The state is loaded into an engine over a fixed two-sided
 * configuration, the tip alone and then the whole, then freed.
 * tests/fuzz/cache-seeds.sh writes the seeds from real states.
 */
#include "fuzz.h"

#include "cache.h"
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char config[] = "version: 1\n"
			     "requirements: { id: 'REQ-[0-9]+' }\n"
			     "sides:\n"
			     "  f: { paths: ['f/**'] }\n"
			     "  t: { paths: ['t/**'] }\n";

static specsync_config *cfg;
static char dir[64];

static void cleanup(void)
{
	if (dir[0])
		rmdir(dir);
}

static void setup(void)
{
	if (!cfg && specsync_config_parse(&cfg, config, sizeof(config) - 1, "fuzz.yml", NULL) < 0)
		__builtin_trap();
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/specsync-fuzz-cache.XXXXXX");
		if (!mkdtemp(dir))
			__builtin_trap();
		strcat(dir, "/");
		atexit(cleanup);
	}
}

static void put(specsync_buf *b, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		specsync_buf_putc(b, (char)(v >> (8 * i)));
}

/* Writes `payload` as a file at `path` with magic `m` (and `commit` when
 * not NULL) under `cache`'s salt. */
static void write_file(const char *path, const char m[16], const specsync_cache *cache,
		       const specsync_oid *commit, const specsync_buf *payload)
{
	specsync_buf file = SPECSYNC_BUF_INIT;
	specsync_hash128 sum = specsync_hash_fast(payload->ptr, payload->size);
	FILE *f;

	specsync_buf_put(&file, m, 16);
	put(&file, SPECSYNC_CACHE_FORMAT, 4);
	put(&file, cache->salt.h1, 8);
	put(&file, cache->salt.h2, 8);
	if (commit)
		specsync_buf_put(&file, (const char *)commit->id, 20);
	put(&file, payload->size, 8);
	specsync_buf_put(&file, payload->ptr, payload->size);
	specsync_buf_put(&file, (const char *)&sum.h1, 8);
	specsync_buf_put(&file, (const char *)&sum.h2, 8);
	if (!(f = fopen(path, "wb")))
		__builtin_trap();
	fwrite(file.ptr, 1, file.size, f);
	fclose(f);
	specsync_buf_dispose(&file);
}

/* A little-endian u32 from the input, or what is left when it is short. */
static size_t take_length(const uint8_t **data, size_t *size)
{
	size_t n;

	if (*size < 4)
		return SIZE_MAX;
	n = (size_t)(*data)[0] | (size_t)(*data)[1] << 8 | (size_t)(*data)[2] << 16 |
	    (size_t)(*data)[3] << 24;
	*data += 4, *size -= 4;
	return n;
}

/* Writes a history (or delta) payload under its checksum's name, and its
 * reference (length, checksum) at the end of `tip`; an empty delta: no
 * file, a zero reference. */
static void put_part(specsync_buf *tip, const char m[16], const specsync_cache *cache,
		     const specsync_buf *part, bool delta, char *path, size_t path_size)
{
	specsync_hash128 sum = specsync_hash_fast(part->ptr, part->size);

	path[0] = '\0';
	if (delta && !part->size) {
		put(tip, 0, 8);
		put(tip, 0, 8);
		put(tip, 0, 8);
		return;
	}
	specsync_cache_history_name(path, path_size, cache, &sum);
	write_file(path, m, cache, NULL, part);
	put(tip, part->size, 8);
	specsync_buf_put(tip, (const char *)&sum.h1, 8);
	specsync_buf_put(tip, (const char *)&sum.h2, 8);
}

static void load(specsync_cache *cache, const specsync_oid *commit, bool final)
{
	specsync_engine *eng = NULL;
	size_t walked = 0;
	const char *why;

	if (specsync_engine_new(&eng, NULL, cfg, NULL) == 0)
		(void)specsync_cache_load(cache, eng, commit, final, &walked, &why);
	specsync_engine_free(eng);
	specsync_buf_dispose(&cache->loaded); /* kept by a successful load */
	cache->loaded = (specsync_buf)SPECSYNC_BUF_INIT;
	specsync_hist_mark_dispose(&cache->mark); /* likewise */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char magic[16] = "specsync-state\n", hist_magic[16] = "specsync-hist\n",
			  delta_magic[16] = "specsync-hdel\n";
	static specsync_cache cache; /* large: not on the stack */
	specsync_oid commit;
	specsync_buf tip = SPECSYNC_BUF_INIT, hist = SPECSYNC_BUF_INIT, delta = SPECSYNC_BUF_INIT;
	char path[128], hpath[128], dpath[128];
	size_t n, m;

	setup();
	memset(&cache, 0, sizeof(cache));
	memset(&commit, 0x5a, sizeof(commit));
	cache.dir = dir;
	cache.salt.h1 = 1;
	cache.salt.h2 = 2;
	cache.tip_only = true;
	n = take_length(&data, &size);
	m = take_length(&data, &size);
	n = n < size ? n : size;
	specsync_buf_put(&tip, (const char *)data, n);
	data += n, size -= n;
	m = m < size ? m : size;
	specsync_buf_put(&hist, (const char *)data, m);
	specsync_buf_put(&delta, (const char *)data + m, size - m);
	/* the tip names its history, then its delta (or none) */
	put_part(&tip, hist_magic, &cache, &hist, false, hpath, sizeof(hpath));
	put_part(&tip, delta_magic, &cache, &delta, true, dpath, sizeof(dpath));
	specsync_cache_file_name(path, sizeof(path), &cache, &commit);
	write_file(path, magic, &cache, &commit, &tip);
	load(&cache, &commit, true);
	load(&cache, &commit, false);
	unlink(path);
	unlink(hpath);
	if (dpath[0])
		unlink(dpath);
	free(cache.names);
	specsync_buf_dispose(&tip);
	specsync_buf_dispose(&hist);
	specsync_buf_dispose(&delta);
	return 0;
}
