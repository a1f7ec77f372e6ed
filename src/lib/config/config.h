/*
 * The validated, in-memory form of `.specsync.yml` (schema version 1).
 * Built only by config.c; every other module reads it.
 */
#ifndef SPECSYNC_CONFIG_H
#define SPECSYNC_CONFIG_H

#include "specsync.h"
#include "regex.h"
#include "hash.h"

#define SPECSYNC_MAX_SIDES 32

/* Documents larger than this are skipped with a warning, unread (libgit2
 * loads a blob whole): `max_file_size`, default 32 MiB, at most 1 GiB. */
#define SPECSYNC_DEFAULT_MAX_FILE_SIZE (32u * 1024u * 1024u)
#define SPECSYNC_MAX_MAX_FILE_SIZE (1024u * 1024u * 1024u)

typedef enum {
	SPECSYNC_ATTR_MENTIONS = 0,
	SPECSYNC_ATTR_DEFINES = 1,
	SPECSYNC_ATTR_PATH = 2
} specsync_attribution;

typedef struct specsync_config_side {
	char *name;
	char **paths;           /* globs, see glob.h */
	size_t path_count;
	specsync_attribution attribution;
	specsync_regex *section_start; /* NULL: use the format's headings */
	specsync_level unsynced;       /* policy when this side lags */
	int64_t escalate_after;        /* policy.escalate: seconds, 0 when none */
	specsync_level escalate_level; /* the level an older finding gets */
	unsigned escalate_line, escalate_column; /* where `after` is written */
	unsigned line, column;         /* where the side is defined */
	bool empty_ok; /* holding no file (yet) is a warning, not an error */
} specsync_config_side;

typedef struct specsync_config_role {
	char *key;
	char *name;                /* display name; the key when not given */
	specsync_person *members;  /* name may be NULL; email lower-case, may be NULL */
	size_t member_count;
	char **raw_members;        /* as written */
	char **member_addresses;   /* members[i]'s address as written (case
				      kept), for text meant for people */
	unsigned line, column;
} specsync_config_role;

/*
 * The address `email` (lower-case) as the configuration's role members
 * write it, or `email` itself when no member has it. Borrowed from cfg.
 */
const char *specsync_config_address_as_written(const specsync_config *cfg, const char *email);

/* Role indices (into cfg->roles) for one side of one RACI entry. */
typedef struct specsync_raci_cell {
	bool present;              /* the entry names this side */
	size_t *letters[4];        /* indexed by specsync_raci_letter */
	size_t counts[4];
	unsigned line, column;
} specsync_raci_cell;

typedef struct specsync_raci_entry {
	char *scope;               /* glob on requirement IDs */
	specsync_raci_cell *cells; /* cfg->side_count cells */
	unsigned line, column;
} specsync_raci_entry;

struct specsync_config {
	char *path;                /* file name used in messages */
	int version;

	specsync_regex *id;
	unsigned id_line, id_column; /* where requirements.id is written */
	char **ignore;             /* ID globs */
	size_t ignore_count;

	char *since;               /* NULL when absent */

	specsync_config_side *sides;
	size_t side_count;

	specsync_config_role *roles;
	size_t role_count;

	specsync_raci_entry *raci;
	size_t raci_count;

	specsync_level out_of_role;
	specsync_level invalid_ack;
	char *ack_trailer;
	uint64_t max_file_size;    /* bytes */

	/* handles: platform usernames (CODEOWNERS) by lower-case e-mail */
	char **handle_emails;
	char **handles;            /* "@user", "@org/team" or an e-mail */
	size_t handle_count;

	/* acks: an acknowledgement counts only from a commit signed by a role
	 * member (signature.c); the allowed signers file, a path in the tree of
	 * the revision the rules came from, or NULL */
	bool ack_require_signature;
	char *ack_allowed_signers;
	unsigned acks_line, acks_column; /* where `acks` is written, 0 when absent */

	/* lint: one person Accountable on two sides of a scope */
	specsync_level lint_same_accountable;

	/* Hash of the file's bytes: part of every cache key. */
	specsync_hash128 digest;
};

/* Index of the side whose paths match `path`, -1 when none. When two sides
 * match, returns -2 and sets *other to the second side. */
/* True when one of the side's paths globs matches `path`. */
bool specsync_config_side_matches(const specsync_config_side *side, const char *path);

/* The configuration's path relative to `workdir` (ending with '/') when
 * it lies inside, for messages; points into cfg->path. */
const char *specsync_config_relative_path(const specsync_config *cfg, const char *workdir);

int specsync_config_side_for_path(const specsync_config *cfg, const char *path, int *other);

/* The RACI entry that applies to `id` (the last match), or NULL. */
const specsync_raci_entry *specsync_config_raci_for(const specsync_config *cfg, const char *id);

/* True when `id` matches one of the `ignore` globs. */
bool specsync_config_ignored(const specsync_config *cfg, const char *id);

/* Index of the role with key `key`, -1 when none. */
int specsync_config_role_index(const specsync_config *cfg, const char *key);

/* The platform handle of lower-case e-mail `email` (`handles:`), or NULL. */
const char *specsync_config_handle(const specsync_config *cfg, const char *email);

/* True when lower-case e-mail `email` belongs to role `role`. */
bool specsync_config_role_has(const specsync_config *cfg, size_t role, const char *email);

#endif
