/*
 * `specsync init`: what the modules of the proposal share.
 *
 * The proposal is built in stages, one module each, over one `init_scan`:
 *  - init.c:         lists the tracked text files of the revision and drives
 *                    the stages (public API);
 *  - init_ids.c:     finds the ID-like tokens of every file, groups them into
 *                    families, chooses the requirement families, the
 *                    `requirements.id` pattern and the prose examples;
 *  - init_sides.c:   classifies the files that hold IDs into the functional
 *                    and technical sides and writes their path globs;
 *  - init_formats.c: recognises each side's document format and picks its
 *                    `section_start` and `attribution`;
 *  - init_roles.c:   counts the git authors of each side's files;
 *  - init_yaml.c:    writes the commented `.specsync.yml` and the summary.
 * None of them prints; each fills its part of the scan.
 */
#ifndef SPECSYNC_INIT_H
#define SPECSYNC_INIT_H

#include "specsync.h"
#include "git.h"
#include "map.h"

/* How an ID occurrence looks: the shapes a family can have. */
typedef enum {
	INIT_SHAPE_DASHED = 0, /* REQ-INV-001, ZEP-SYRS-12, REQ_001, FR-12 */
	INIT_SHAPE_GLUED = 1,  /* REQ001 (Doorstop) */
	INIT_SHAPE_TILDE = 2,  /* req~login~1 (OpenFastTrace) */
	INIT_SHAPE_DUNDER = 3  /* wf__name */
} init_shape;

/* What a file is, as far as requirements go. */
typedef enum {
	INIT_DOC_OTHER = 0, /* one section per file */
	INIT_DOC_MARKDOWN = 1,
	INIT_DOC_ASCIIDOC = 2,
	INIT_DOC_RST = 3,      /* titles; sphinx-needs when it has need directives */
	INIT_DOC_SDOC = 4,     /* StrictDoc */
	INIT_DOC_DOORSTOP = 5, /* one YAML file per item, beside a .doorstop.yml */
	INIT_DOC_CODE = 6      /* source code (IDs in comments) */
} init_doc;

#define INIT_SIDES 2 /* 0: functional, 1: technical */
#define INIT_NO_SIDE (-1)

/* One ID-like token found in a file. */
typedef struct init_occ {
	size_t family; /* index into scan->families */
	size_t id;     /* index into the family's ids */
	unsigned line;
	bool defines; /* in a defining place: heading, :id:, UID:, own line, path */
	bool example; /* its line reads as prose about the ID scheme */
} init_occ;

typedef struct init_file {
	char *path;
	specsync_oid blob;
	init_doc doc;
	init_occ *occs;
	size_t occ_count, occ_alloc;
	int side;        /* INIT_NO_SIDE or 0/1, after init_sides */
	int lean;        /* >0 functional, <0 technical, 0 unknown */
	bool named;      /* its path (or Doorstop tree) names the side */
	bool excluded;   /* changelogs, hidden directories: never a side */
	size_t req_ids;  /* occurrences of a chosen, not ignored ID */
	size_t req_defs; /* of which in a defining place */
	/* what init_formats found */
	bool oft_heading;  /* OFT items right under headings */
	size_t oft_items;  /* OFT ID lines (items) */
	size_t needs;      /* sphinx-needs directives with :id: */
	char **directives; /* their names */
	size_t directive_count;
} init_file;

typedef struct init_id {
	char *text;
	size_t count;      /* occurrences */
	size_t defs;       /* occurrences in a defining place */
	size_t examples;   /* occurrences on example lines */
	bool placeholder;  /* REQ-XXX-000 and the like */
	bool ignored;      /* proposed for requirements.ignore */
	const char *where; /* first file, for messages */
	unsigned where_line;
	unsigned char side_defs; /* bit s: defined in a file of side s */
	unsigned char side_seen; /* bit s: in a file of side s */
} init_id;

typedef struct init_family {
	init_shape shape;
	char *prefix;      /* first segment, or OFT type, or dunder prefix */
	char sep;          /* DASHED: '-' or '_' */
	unsigned segments; /* DASHED: number of segments */
	init_id *ids;
	size_t id_count, id_alloc;
	specsync_strmap index; /* text -> index + 1 */
	size_t count, defs;    /* occurrences, defining ones */
	size_t files;          /* files holding it */
	size_t last_file;      /* tally: index + 1 of the last file counted */
	size_t defined;        /* distinct IDs defined somewhere */
	size_t side_defined[INIT_SIDES];
	bool candidate;  /* looks like requirements (enough IDs, definitions) */
	bool chosen;     /* part of requirements.id */
	bool crosses;    /* mentioned in a technical file */
	const char *why; /* why it was left out, static */
	char *regex;     /* the family's part of the pattern (no \b) */
} init_family;

typedef struct init_person {
	char *name, *email;
	char **aliases; /* the other e-mails of the same name (no .mailmap) */
	size_t alias_count;
	size_t commits;
	int64_t first, last;
} init_person;

typedef struct init_side_info {
	const char *name; /* "functional" or "technical" */
	char **globs;
	size_t glob_count, glob_alloc;
	size_t files, ids, defs, distinct;
	init_doc doc;       /* dominant format */
	const char *format; /* how it is read, for people */
	const char *attribution;
	char *section_start; /* NULL: the format's headings */
	char *mixed;         /* a note when the side mixes formats, or NULL */
	init_person *people;
	size_t person_count, person_alloc;
	size_t commits; /* commits that touched the side */
	size_t owner;   /* index into people: the Accountable guessed */
} init_side_info;

typedef struct init_scan {
	specsync_repo *repo;
	specsync_oid head;
	char head_hex[41];
	size_t max_commits;
	init_file *files;
	size_t file_count, file_alloc;
	size_t text_files; /* text files read */
	size_t skipped;    /* binary, too large, links */
	size_t missing;    /* blobs absent from the object database */
	init_family *families;
	size_t family_count, family_alloc;
	char *pattern; /* requirements.id */
	char **ignore;
	size_t ignore_count, ignore_alloc;
	init_side_info sides[INIT_SIDES];
	char **review; /* things the user should check, one sentence each */
	size_t review_count, review_alloc;
	char **doorstop_dirs; /* directories holding a .doorstop.yml ("" root) */
	bool *doorstop_child; /* that document has a parent */
	size_t doorstop_count, doorstop_alloc;
	size_t commits_walked;
	bool commits_capped;
	specsync_error *err;
} init_scan;

/* init_ids.c: tokens of one file's text, then the families. */
int specsync_init_ids_scan_file(init_scan *s, init_file *f, const char *data, size_t len);
int specsync_init_ids_choose(init_scan *s);
/* True when the occurrence counts as a requirement (chosen, not ignored). */
bool specsync_init_ids_counts(const init_scan *s, const init_occ *o);

/* init_formats.c: per file while scanning, then per side. */
init_doc specsync_init_formats_doc(const char *path, const char *data, size_t len,
				   bool doorstop_dir);
int specsync_init_formats_scan_file(init_scan *s, init_file *f, const char *data, size_t len);
int specsync_init_formats_choose(init_scan *s);

/* init_sides.c */
int specsync_init_sides_choose(init_scan *s);
/* Writes (again) the globs of both sides. */
int specsync_init_sides_globs(init_scan *s);
/* Takes a file off the functional side (an error when none is left). */
int specsync_init_sides_drop(init_scan *s, const char *path);
/* The side whose globs match `path`, or INIT_NO_SIDE. */
int specsync_init_sides_for_path(const init_scan *s, const char *path);

/* init_roles.c */
int specsync_init_roles_collect(init_scan *s);

/* init_yaml.c */
int specsync_init_yaml_write(specsync_buf *out, const init_scan *s);
int specsync_init_yaml_summary(specsync_buf *out, const init_scan *s);
/* Appends `text` as a single-quoted YAML scalar. */
void specsync_init_yaml_quote(specsync_buf *out, const char *text);

/* init.c */
/* Frees what the scan owns (not the scan itself, nor its repository). */
void specsync_init_scan_dispose(init_scan *s);
int specsync_init_review(init_scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
