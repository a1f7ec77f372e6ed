/*
 * Fuzz target: the cache reader, specsync_cache_load. The input is the
 * payload of a state file; the harness wraps it in a valid header and
 * checksum (which random damage would not pass) so that the payload parser
 * itself is exercised, as by a well-formed but wrong file. The state is
 * loaded into an engine over a fixed two-sided configuration, then freed.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char magic[16] = "specsync-state\n";
	specsync_cache cache;
	specsync_engine *eng = NULL;
	specsync_oid commit;
	specsync_buf file = SPECSYNC_BUF_INIT;
	specsync_hash128 sum = specsync_hash(data, size);
	char path[128];
	size_t walked = 0;
	FILE *f;

	setup();
	memset(&cache, 0, sizeof(cache));
	memset(&commit, 0x5a, sizeof(commit));
	cache.dir = dir;
	cache.salt.h1 = 1;
	cache.salt.h2 = 2;
	specsync_buf_put(&file, magic, 16);
	put(&file, 1, 4); /* format */
	put(&file, cache.salt.h1, 8);
	put(&file, cache.salt.h2, 8);
	specsync_buf_put(&file, (const char *)commit.id, 20);
	put(&file, size, 8);
	specsync_buf_put(&file, (const char *)data, size);
	specsync_buf_put(&file, (const char *)&sum.h1, 8);
	specsync_buf_put(&file, (const char *)&sum.h2, 8);
	specsync_cache_file_name(path, sizeof(path), &cache, &commit);
	if (!(f = fopen(path, "wb")))
		__builtin_trap();
	fwrite(file.ptr, 1, file.size, f);
	fclose(f);
	specsync_buf_dispose(&file);
	if (specsync_engine_new(&eng, NULL, cfg, NULL) == 0) {
		const char *why;
		(void)specsync_cache_load(&cache, eng, &commit, &walked, &why);
	}
	specsync_engine_free(eng);
	unlink(path);
	free(cache.names);
	specsync_buf_dispose(&cache.loaded); /* kept by a successful load */
	cache.loaded = (specsync_buf)SPECSYNC_BUF_INIT;
	return 0;
}
