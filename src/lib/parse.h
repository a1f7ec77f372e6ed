/*
 * One blob read as a specification document: the size guard, the binary
 * check, then the section splitter. The engine, the prefetcher's worker
 * and explain all read documents through here, so all three see the same
 * thing for the same blob.
 */
#ifndef SPECSYNC_PARSE_H
#define SPECSYNC_PARSE_H

#include "config.h"
#include "git.h"
#include "sections.h"

typedef enum specsync_parse_outcome {
	SPECSYNC_PARSE_SECTIONS, /* split: the sections are in `out` */
	SPECSYNC_PARSE_BINARY,   /* a NUL in the first 8000 bytes, as git: no section */
	SPECSYNC_PARSE_TOO_BIG,  /* over max_file_size: not even read */
	SPECSYNC_PARSE_UTF16     /* starts with a UTF-16 byte-order mark: no section */
} specsync_parse_outcome;

/* How `data` reads: UTF16, else BINARY, else SECTIONS (text to split). */
specsync_parse_outcome specsync_parse_classify(const char *data, size_t len);

/* The section splitter's options for a file of `side` at `path` under
 * `cfg` (with the configuration's own regular expressions). */
void specsync_parse_options(specsync_sections_options *o, const specsync_config *cfg, int side,
			    const char *path);

/*
 * Reads `blob` from `repo` as a document's bytes: the size guard, then the
 * binary check. TOO_BIG: not read (*handle NULL, *size its size); BINARY,
 * UTF16 or SECTIONS (text): the bytes in *data, *len, owned by *handle (free with
 * specsync_git_blob_free). < 0 when the blob cannot be read.
 */
int specsync_parse_read(specsync_parse_outcome *outcome, uint64_t *size, specsync_blob **handle,
			const char **data, size_t *len, specsync_repo *repo,
			const specsync_oid *blob, uint64_t max_size, specsync_error *err);

/*
 * Reads `blob` from `repo` (specsync_parse_read) and splits it with `o` into `out` (zeroed or
 * disposed before; the caller disposes it, whatever the outcome). A blob
 * larger than `max_size` is not read: *outcome TOO_BIG and *size its size
 * (libgit2 loads a blob whole). < 0 when the blob cannot be read or split.
 */
int specsync_parse_blob(specsync_parse_outcome *outcome, uint64_t *size, specsync_sections *out,
			specsync_repo *repo, const specsync_oid *blob,
			const specsync_sections_options *o, uint64_t max_size, specsync_error *err);

#endif
