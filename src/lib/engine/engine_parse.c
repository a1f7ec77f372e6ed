/*
 * The engine's parse cache: each blob is split once per run (parse.h) and
 * shared, reference-counted, by every file that holds it; the splits
 * queued on the prefetcher are taken from there.
 */
#include "common.h"
#include "engine_impl.h"

#include <stdio.h>
#include "parse.h"
#include "prefetch.h"

void specsync_engine_parse_release(specsync_engine *eng, eng_parse *p)
{
	if (!p || --p->refs)
		return;
	specsync_strmap_remove(&eng->parses, p->key);
	free(p->key);
	free(p->entries);
	free(p);
}

int specsync_engine_parse_key(char *key, size_t size, const specsync_oid *blob, int side,
			      const char *path, const specsync_config *cfg)
{
	char hex[41];
	const specsync_config_side *s = &cfg->sides[side];
	specsync_doc_format fmt = specsync_sections_format_for(path);

	specsync_oid_fmt(hex, blob);
	/* The parse depends on the side's rules and the format; with `path`
	 * attribution on the path itself. */
	if (s->attribution == SPECSYNC_ATTR_PATH)
		return snprintf(key, size, "%s:%d:%s", hex, side, path);
	return snprintf(key, size, "%s:%d:%d", hex, side, (int)fmt);
}

static int convert(specsync_engine *eng, eng_parse *p, const specsync_sections *s)
{
	if (!(p->entries = specsync_calloc(s->count, sizeof(*p->entries))))
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->count; i++) {
		int error = specsync_engine_intern(eng, s->entries[i].id, &p->entries[i].req);
		if (error < 0)
			return error;
		p->entries[i].line = s->entries[i].line;
		p->entries[i].hash = s->entries[i].hash;
	}
	p->count = s->count;
	return 0;
}

/*
 * A document over max_file_size is not read at all (see parse.h): it
 * counts as holding no requirement, like a binary file, and a warning
 * says so.
 */
static void warn_too_big(specsync_engine *eng, const char *path, uint64_t size)
{
	if (++eng->warning_count <= MAX_WARNING_LINES)
		specsync_buf_printf(&eng->warnings,
				    "%s: %llu bytes, over max_file_size (%llu): skipped\n", path,
				    (unsigned long long)size,
				    (unsigned long long)eng->cfg->max_file_size);
}

/* Why a blob of that outcome holds no section (skipped.h reports it). */
static int skip_reason(specsync_parse_outcome outcome)
{
	switch (outcome) {
	case SPECSYNC_PARSE_TOO_BIG:
		return SPECSYNC_SKIP_TOO_LARGE;
	case SPECSYNC_PARSE_BINARY:
		return SPECSYNC_SKIP_BINARY;
	case SPECSYNC_PARSE_UTF16:
		return SPECSYNC_SKIP_UTF16;
	default:
		return ENG_SKIP_NONE;
	}
}

/* A new parse of `key` from a split's outcome, entered in the parse cache
 * with no reference yet. */
static int parse_new(specsync_engine *eng, eng_parse **out, const char *key,
		     specsync_parse_outcome outcome, uint64_t size, const char *path,
		     const specsync_sections *s)
{
	eng_parse *p;
	int error = 0;

	*out = NULL;
	if (!(p = specsync_calloc(1, sizeof(*p))) || !(p->key = specsync_strdup(key))) {
		free(p);
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	}
	if (outcome == SPECSYNC_PARSE_TOO_BIG)
		warn_too_big(eng, path, size);
	p->skip = skip_reason(outcome);
	p->size = size;
	if ((outcome == SPECSYNC_PARSE_SECTIONS && (error = convert(eng, p, s)) < 0) ||
	    (error = specsync_strmap_put(&eng->parses, key, p, NULL)) < 0) {
		free(p->entries);
		free(p->key);
		free(p);
		return error == SPECSYNC_ENOMEM
			       ? specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory")
			       : error;
	}
	*out = p;
	return 0;
}

/* Returns the parse of `blob` as a file of `side` at `path`, with a new
 * reference (release with parse_release). */
int specsync_engine_parse_blob(specsync_engine *eng, eng_parse **out, const specsync_oid *blob,
			       int side, const char *path)
{
	char key[4200];
	specsync_parse_outcome outcome;
	specsync_sections_options o;
	uint64_t size;
	int error;

	specsync_engine_parse_key(key, sizeof(key), blob, side, path, eng->cfg);
	if ((*out = specsync_strmap_get(&eng->parses, key)) == NULL) {
		specsync_parse_options(&o, eng->cfg, side, path);
		o.memo = eng->section_memo;
		specsync_sections_dispose(&eng->sections);
		memset(&eng->sections, 0, sizeof(eng->sections));
		if ((error = specsync_parse_blob(&outcome, &size, &eng->sections, eng->repo, blob,
						 &o, eng->cfg->max_file_size, eng->err)) < 0 ||
		    (error = parse_new(eng, out, key, outcome, size, path, &eng->sections)) < 0)
			return error;
	}
	(*out)->refs++;
	return 0;
}

int specsync_engine_adopt_file(specsync_engine *eng, const char *path, int side,
			       const specsync_oid *blob, eng_entry *entries, size_t count,
			       int skip, uint64_t size)
{
	char key[4200];
	eng_parse *p;
	eng_file *f;

	/* A state lists each path once; a second one (a malformed cache file)
	 * would replace the first in the map and leak it. */
	if (specsync_strmap_get(&eng->files, path) != NULL) {
		free(entries);
		return SPECSYNC_EINPUT;
	}
	specsync_engine_parse_key(key, sizeof(key), blob, side, path, eng->cfg);
	if ((p = specsync_strmap_get(&eng->parses, key)) != NULL) {
		free(entries);
		p->refs++;
	} else {
		if (!(p = specsync_calloc(1, sizeof(*p))) || !(p->key = specsync_strdup(key)) ||
		    specsync_strmap_put(&eng->parses, key, p, NULL) < 0) {
			if (p)
				free(p->key);
			free(p);
			free(entries);
			return SPECSYNC_ENOMEM;
		}
		p->entries = entries;
		p->count = count;
		p->skip = skip;
		p->size = size;
		p->refs = 1;
	}
	if (!(f = specsync_calloc(1, sizeof(*f))) ||
	    specsync_strmap_put(&eng->files, path, f, NULL) < 0) {
		free(f);
		specsync_engine_parse_release(eng, p);
		return SPECSYNC_ENOMEM;
	}
	f->side = side;
	f->blob = *blob;
	f->parse = p;
	return 0;
}

/* The new blob's parse from the split queued ahead (see prefetch.h), as
 * parse_blob would have made it. */
int specsync_engine_parse_queued(specsync_engine *eng, eng_file_change *fc)
{
	char key[4200];
	const specsync_sections *sections = NULL;
	specsync_parse_outcome outcome;
	uint64_t size;
	eng_parse *p;
	int error;

	specsync_engine_parse_key(key, sizeof(key), &fc->new_blob, fc->side, fc->path, eng->cfg);
	if ((p = specsync_strmap_get(&eng->parses, key)) == NULL) {
		if ((error = specsync_prefetch_wait(eng->walk.prefetch, fc->job, &outcome, &size,
						    &sections, eng->err)) < 0 ||
		    (error = parse_new(eng, &p, key, outcome, size, fc->path, sections)) < 0)
			return error;
	}
	p->refs++;
	fc->new_parse = p;
	specsync_prefetch_release(eng->walk.prefetch, fc->job);
	fc->job = NULL;
	return 0;
}
