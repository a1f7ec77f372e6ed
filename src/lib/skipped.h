/*
 * The documents of the revision examined that specsync could not read:
 * binary-looking, UTF-16, or over max_file_size. They are found from the
 * engine's final files (those that hold no requirement), so the list is the
 * same whether the state came from the cache or from a full walk.
 */
#ifndef SPECSYNC_SKIPPED_H
#define SPECSYNC_SKIPPED_H

#include "engine.h"
#include "result.h"

/*
 * Why `data` would not be read: -1 when it is text, else a
 * specsync_skip_reason (UTF-16 when it starts with a UTF-16 byte-order
 * mark, binary when a NUL byte is in its first 8000 bytes).
 */
int specsync_skipped_classify(const char *data, size_t len);

/*
 * Fills res->skipped (in res->arena, sorted by path) from the engine's
 * files, with the reason and size recorded when their blobs were parsed
 * (eng_parse.skip, kept in cached states too): no blob is read here.
 * Returns 0, or SPECSYNC_ENOMEM.
 */
int specsync_skipped_collect(specsync_result *res, const specsync_engine *eng);

#endif
