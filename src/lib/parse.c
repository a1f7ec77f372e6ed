/*
 * Reading a blob as a specification document. See parse.h.
 */
#include "common.h"
#include "parse.h"

void specsync_parse_options(specsync_sections_options *o, const specsync_config *cfg, int side,
			    const char *path)
{
	const specsync_config_side *cs = &cfg->sides[side];

	memset(o, 0, sizeof(*o));
	o->format = specsync_sections_format_for(path);
	o->id = cfg->id;
	o->ignore = (const char *const *)cfg->ignore;
	o->ignore_count = cfg->ignore_count;
	o->attribution = cs->attribution;
	o->section_start = cs->section_start;
	o->path = path;
}

specsync_parse_outcome specsync_parse_classify(const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;

	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return SPECSYNC_PARSE_UTF16;
	if (memchr(data, '\0', len < 8000 ? len : 8000))
		return SPECSYNC_PARSE_BINARY;
	return SPECSYNC_PARSE_SECTIONS;
}

int specsync_parse_read(specsync_parse_outcome *outcome, uint64_t *size, specsync_blob **handle,
			const char **data, size_t *len, specsync_repo *repo,
			const specsync_oid *blob, uint64_t max_size, specsync_error *err)
{
	int error;

	*outcome = SPECSYNC_PARSE_TOO_BIG;
	*handle = NULL;
	if ((error = specsync_git_blob_size(size, repo, blob, err)) < 0)
		return error;
	if (*size > max_size)
		return 0;
	if ((error = specsync_git_blob(handle, data, len, repo, blob, err)) < 0)
		return error;
	*outcome = specsync_parse_classify(*data, *len);
	return 0;
}

int specsync_parse_blob(specsync_parse_outcome *outcome, uint64_t *size, specsync_sections *out,
			specsync_repo *repo, const specsync_oid *blob,
			const specsync_sections_options *o, uint64_t max_size, specsync_error *err)
{
	specsync_blob *handle;
	const char *data;
	size_t len;
	int error;

	if ((error = specsync_parse_read(outcome, size, &handle, &data, &len, repo, blob, max_size,
					 err)) < 0)
		return error;
	if (*outcome == SPECSYNC_PARSE_SECTIONS)
		error = specsync_sections_parse(out, data, len, o, err);
	specsync_git_blob_free(handle);
	return error;
}
