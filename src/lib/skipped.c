/*
 * Documents not read, at the revision examined (see skipped.h).
 */
#include "skipped.h"

#include "common.h"
#include "git.h"
#include "parse.h"

#include <string.h>

int specsync_skipped_classify(const char *data, size_t len)
{
	switch (specsync_parse_classify(data, len)) {
	case SPECSYNC_PARSE_UTF16:
		return SPECSYNC_SKIP_UTF16;
	case SPECSYNC_PARSE_BINARY:
		return SPECSYNC_SKIP_BINARY;
	default:
		return -1;
	}
}

/* The reason `f` was not read, or -1 when it was: as its parse recorded
 * it (in this run, or in the cached state). */
static int reason_for(const eng_file *f, uint64_t *size)
{
	*size = f->parse->size;
	return f->parse->skip;
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(((const specsync_skipped_file *)a)->path,
		      ((const specsync_skipped_file *)b)->path);
}

int specsync_skipped_collect(specsync_result *res, const specsync_engine *eng)
{
	specsync_skipped_file *items = NULL;
	size_t count = 0, alloc = 0;
	eng_view v;
	int error = 0;

	specsync_engine_view(&v, eng);
	for (size_t i = 0; i < v.files->cap && !error; i++) {
		const eng_file *f = v.files->slots[i].value;
		uint64_t size = 0;
		int reason;
		if (!v.files->slots[i].key || f->parse->count ||
		    (reason = reason_for(f, &size)) < 0)
			continue;
		if (SPECSYNC_ARRAY_RESERVE(items, alloc, count + 1) < 0) {
			error = SPECSYNC_ENOMEM;
			break;
		}
		items[count].path = specsync_arena_strdup(&res->arena, v.files->slots[i].key);
		items[count].side = v.cfg->sides[f->side].name;
		items[count].reason = (specsync_skip_reason)reason;
		items[count++].size = size;
	}
	if (!error && count) {
		qsort(items, count, sizeof(*items), path_cmp);
		res->skipped = specsync_arena_memdup(&res->arena, items, count * sizeof(*items));
		res->skipped_count = count;
	}
	free(items);
	return error || res->arena.failed ? SPECSYNC_ENOMEM : 0;
}
