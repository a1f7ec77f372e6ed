/*
 * specsync: keep functional and technical specifications in step using the
 * project's git history.
 *
 * Conventions, for every function below:
 *  - 0 (or a non-negative count) means success, a negative
 *    specsync_error_code means failure, and the `specsync_error *err`
 *    argument, when not NULL, receives a message and, for errors about
 *    input, the file, line and column concerned;
 *  - out-parameters come first; an object returned through one is owned by
 *    the caller and freed with the matching `_free` function, which accepts
 *    NULL;
 *  - the library never prints and never exits.
 */
#ifndef SPECSYNC_H
#define SPECSYNC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SPECSYNC_VERSION_STRING "0.1.0"

/* ---- errors ------------------------------------------------------------ */

typedef enum {
	SPECSYNC_OK = 0,
	SPECSYNC_EGENERIC = -1,  /* anything else */
	SPECSYNC_ECONFIG = -2,   /* invalid configuration */
	SPECSYNC_ENOTFOUND = -3, /* a revision, file or object does not exist */
	SPECSYNC_ESHALLOW = -4,  /* history is incomplete (shallow clone) */
	SPECSYNC_EREPO = -5,     /* repository cannot be opened or read */
	SPECSYNC_EUSAGE = -6,    /* invalid argument from the caller */
	SPECSYNC_ENOMEM = -7,    /* out of memory or over a size limit */
	SPECSYNC_EINPUT = -8,    /* a document cannot be processed */
	SPECSYNC_EOWNER = -9,    /* repository owned by another user */
	SPECSYNC_EIO = -10       /* writing output failed */
} specsync_error_code;

typedef struct specsync_error {
	int code;          /* a specsync_error_code */
	char message[1024];
	char path[512];    /* file concerned, "" when none */
	unsigned line;     /* 1-based, 0 when unknown */
	unsigned column;   /* 1-based, 0 when unknown */
} specsync_error;

/* Resets `err` to "no error". */
void specsync_error_clear(specsync_error *err);

/*
 * Formats `err` as "path:line:column: message" (the parts that are known)
 * into `out`, always NUL-terminated.
 */
void specsync_error_format(char *out, size_t size, const specsync_error *err);

/*
 * The name of `known` closest to `name` (case-insensitive optimal string
 * alignment distance at most 2, and not a complete rewrite; an abbreviation
 * of three characters or more counts as distance 2), or NULL when none is
 * close. The result points into `known`.
 */
const char *specsync_suggest(const char *name, const char *const *known, size_t n);

/* ---- growable buffer ----------------------------------------------------
 * Invariants: `ptr` is NULL only while `asize` is 0; otherwise ptr[size] is
 * always '\0' and size < asize. A buffer that hit an allocation failure or
 * its `limit` is marked `failed` and ignores further writes.
 */
typedef struct specsync_buf {
	char *ptr;
	size_t size;
	size_t asize;
	size_t limit; /* 0: unlimited; else the largest size allowed */
	bool failed;
} specsync_buf;

#define SPECSYNC_BUF_INIT { NULL, 0, 0, 0, false }

int specsync_buf_grow(specsync_buf *buf, size_t extra);
int specsync_buf_put(specsync_buf *buf, const char *data, size_t len);
int specsync_buf_puts(specsync_buf *buf, const char *str);
int specsync_buf_putc(specsync_buf *buf, char c);
int specsync_buf_printf(specsync_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void specsync_buf_clear(specsync_buf *buf);   /* size 0, keeps memory */
void specsync_buf_dispose(specsync_buf *buf); /* frees memory */
/* Hands ownership of the contents (free() them) and resets the buffer. */
char *specsync_buf_detach(specsync_buf *buf);

/* ---- policy ------------------------------------------------------------ */

typedef enum {
	SPECSYNC_LEVEL_OFF = 0,
	SPECSYNC_LEVEL_WARNING = 1,
	SPECSYNC_LEVEL_ERROR = 2
} specsync_level;

const char *specsync_level_name(specsync_level level);

/* ---- configuration ------------------------------------------------------ */

typedef struct specsync_config specsync_config;

/*
 * Loads and validates a `.specsync.yml` from a file. `err` names the file,
 * line and column of the first mistake.
 */
int specsync_config_load(specsync_config **out, const char *path, specsync_error *err);

/*
 * Same, from memory; `name` is used in messages (e.g. "HEAD:.specsync.yml").
 */
int specsync_config_parse(specsync_config **out, const char *data, size_t len,
			  const char *name, specsync_error *err);

void specsync_config_free(specsync_config *cfg);

/* Sides, in configuration order. */
size_t specsync_config_side_count(const specsync_config *cfg);
const char *specsync_config_side_name(const specsync_config *cfg, size_t i);
/* The `since` revision of the configuration, or NULL. */
const char *specsync_config_since(const specsync_config *cfg);

/* ---- repository -------------------------------------------------------- */

typedef struct specsync_repo specsync_repo;

typedef enum {
	/* Honour GIT_DIR, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY, ... (hooks). */
	SPECSYNC_REPO_OPEN_FROM_ENV = 1u << 0
} specsync_repo_open_flags;

/* Opens the repository containing `path` (searching upwards). */
int specsync_repo_open(specsync_repo **out, const char *path, unsigned flags,
		       specsync_error *err);
void specsync_repo_free(specsync_repo *repo);
bool specsync_repo_is_bare(const specsync_repo *repo);
/* The working tree root with a trailing '/', or NULL when bare. */
const char *specsync_repo_workdir(const specsync_repo *repo);

/*
 * Loads the configuration the way the audit does: `config_path` when not
 * NULL; else `.specsync.yml` at the root of the working tree; in a bare
 * repository, `.specsync.yml` in the tree of `rev` (default HEAD), and then
 * identities from that revision too (specsync_repo_trust_rev).
 */
int specsync_repo_load_config(specsync_config **out, specsync_repo *repo,
			      const char *config_path, const char *rev,
			      specsync_error *err);

/* Loads `.specsync.yml` from the tree of `rev`, whatever the work tree
 * holds (pull requests: the base's rules), and takes identities from that
 * revision too (specsync_repo_trust_rev). */
int specsync_repo_load_config_at(specsync_config **out, specsync_repo *repo, const char *rev,
				 specsync_error *err);

/*
 * Identities come from the trusted side: takes `.mailmap` (and the allowed
 * signers file of `acks.allowed_signers`) from the tree of commit `rev`,
 * the revision the rules (`.specsync.yml`) came from, instead of the work
 * tree (or HEAD in a bare repository) as git reads them. No `.mailmap`
 * there: none applies. Results then name that commit
 * (specsync_result_rules_from). Call before auditing or checking.
 */
int specsync_repo_trust_rev(specsync_repo *repo, const char *rev, specsync_error *err);

/* The full id given to specsync_repo_trust_rev, or NULL when none was. */
const char *specsync_repo_trusted_rev(const specsync_repo *repo);

/* Reads `path` in the tree of `rev`; *out is malloc'ed and NUL-terminated.
 * SPECSYNC_ENOTFOUND when absent. */
int specsync_repo_read_file(char **out, size_t *len, specsync_repo *repo, const char *rev,
			    const char *path, specsync_error *err);

/* True when a reference's name starts with `prefix` (e.g.
 * "refs/remotes/origin/": git knows of a branch on that remote). */
bool specsync_repo_has_refs(specsync_repo *repo, const char *prefix);

/* Full commit id of `rev`. */
int specsync_repo_resolve(char out[41], specsync_repo *repo, const char *rev,
			  specsync_error *err);

/* Full id of the merge base of two revisions. */
int specsync_repo_merge_base(char out[41], specsync_repo *repo, const char *a, const char *b,
			     specsync_error *err);

/* The repository's common git directory (with a trailing '/'). */
const char *specsync_repo_commondir(const specsync_repo *repo);

/* ---- results ----------------------------------------------------------- */

typedef enum {
	SPECSYNC_FINDING_UNSYNCED = 0,
	SPECSYNC_FINDING_OUT_OF_ROLE = 1,
	SPECSYNC_FINDING_INVALID_ACK = 2
} specsync_finding_kind;

typedef enum {
	SPECSYNC_STATUS_OPEN = 0,         /* still pending at the revision */
	SPECSYNC_STATUS_RESOLVED = 1,     /* the lagging side caught up (or retired) */
	SPECSYNC_STATUS_ACKNOWLEDGED = 2, /* closed by a valid Sync-Ack */
	SPECSYNC_STATUS_BASELINED = 3,    /* closed by the `since` baseline */
	SPECSYNC_STATUS_NEW = 4           /* check: pending after, not before */
} specsync_status;

const char *specsync_finding_kind_name(specsync_finding_kind kind);
const char *specsync_status_name(specsync_status status);

typedef struct specsync_commit_info {
	char id[41];          /* full hex id */
	char short_id[13];
	const char *author_name;
	const char *author_email; /* after .mailmap */
	int64_t time;         /* author time, seconds since the epoch */
	int offset;           /* author time zone, minutes east of UTC */
	const char *summary;  /* first line of the message */
} specsync_commit_info;

typedef struct specsync_person {
	const char *name;  /* may be NULL when only an e-mail was given */
	const char *email; /* lower-case; may be NULL */
} specsync_person;

typedef struct specsync_role_ref {
	const char *role;   /* key in `roles:` */
	const char *name;   /* display name (the key when none given) */
	const specsync_person *members;
	size_t member_count;
} specsync_role_ref;

typedef enum {
	SPECSYNC_RACI_RESPONSIBLE = 0,
	SPECSYNC_RACI_ACCOUNTABLE = 1,
	SPECSYNC_RACI_CONSULTED = 2,
	SPECSYNC_RACI_INFORMED = 3
} specsync_raci_letter;

typedef struct specsync_role_list {
	const specsync_role_ref *items;
	size_t count;
} specsync_role_list;

/* How two open findings are one requirement under two IDs (presentation
 * only, see the README's "Renames followed"). */
typedef enum {
	SPECSYNC_RENAME_NONE = 0,
	SPECSYNC_RENAME_RENAMED, /* one ID became another, its text kept */
	SPECSYNC_RENAME_SPLIT,   /* one ID became several, each a part of it */
	SPECSYNC_RENAME_MERGED   /* one or more IDs became part of a larger one */
} specsync_rename_kind;

typedef struct specsync_location {
	const char *path; /* repository-relative */
	unsigned line;    /* 1-based */
} specsync_location;

typedef struct specsync_finding {
	specsync_finding_kind kind;
	const char *requirement;
	specsync_level level;    /* what the policy makes of it */
	specsync_status status;

	/* unsynced */
	const char *lagging_side;
	const char *const *changed_sides;
	size_t changed_side_count;
	const specsync_commit_info *commits; /* units that opened or extended it */
	size_t commit_count;
	const specsync_commit_info *closed_by; /* NULL while open */
	specsync_status closed_as; /* checks: how a `resolved` one closed */
	specsync_role_list roles[4]; /* indexed by specsync_raci_letter: the
					lagging side's (out-of-role: the
					edited side's; invalid-ack: none) */
	/* where the requirement is, at the revision: on the sides that changed
	 * and on the lagging side (count 0: missing there) */
	const specsync_location *changed_locations;
	size_t changed_location_count;
	const specsync_location *lagging_locations;
	size_t lagging_location_count;
	const char *lagging_hint_path; /* when missing: a file of the lagging
					  side that already holds related
					  requirements, or NULL */

	/* out-of-role (side, commit, author) and invalid-ack (commit, author) */
	const char *side;
	const specsync_commit_info *commit;
	specsync_person author;
	const char *reason; /* human explanation, for every kind */

	/* governance; zero or NULL when they do not apply */
	bool escalated;         /* unsynced, live, older than policy.escalate's
				   `after`: `level` is the escalation's; its
				   lagging side's Accountable decides */
	int64_t escalate_after; /* seconds: the lagging side's escalation age
				   (0: none configured) */
	int64_t age;            /* unsynced, live: seconds from the opening
				   commit's author time to the committer time
				   of the revision examined (checks: the head,
				   for --staged HEAD) */
	const char *const *reviewers; /* check --base: people to request a
					 review from, "Name <email>" */
	size_t reviewer_count;
	const char *renamed_from; /* the ID this one was renamed from, or NULL */
	const char *renamed_to;   /* the ID this one was renamed to, or NULL */
	specsync_rename_kind rename_kind; /* with renamed_from or renamed_to */
	const specsync_commit_info *merged_by; /* out-of-role, invalid-ack: the
						  merge that brought `commit`
						  onto the first-parent line,
						  or NULL */
} specsync_finding;

/*
 * "REQ-A was renamed REQ-B on the functional side; the technical side still
 * says REQ-A" (or split, or merged) for a finding with renamed_from or
 * renamed_to; appends nothing otherwise. SPECSYNC_ENOMEM on failure.
 */
int specsync_finding_describe_rename(specsync_buf *out, const specsync_finding *f);

typedef struct specsync_requirement {
	const char *id;
	uint64_t pending_mask;      /* bit i: side i owes an update */
	/* locations[i] for side i (count 0 when absent on that side) */
	const specsync_location *const *locations;
	const size_t *location_counts;
} specsync_requirement;

typedef struct specsync_result specsync_result;

void specsync_result_free(specsync_result *result);
const char *specsync_result_head(const specsync_result *result); /* full id */
size_t specsync_result_commit_count(const specsync_result *result);
const specsync_finding *specsync_result_findings(const specsync_result *result,
						 size_t *count);
const specsync_requirement *specsync_result_requirements(const specsync_result *result,
							 size_t *count);
const specsync_config *specsync_result_config(const specsync_result *result);
/* The baseline commit when `since` applied, else NULL. */
const specsync_commit_info *specsync_result_baseline(const specsync_result *result);
/* Highest level among the findings that count, or OFF: in an audit the
 * open ones, in a check the new ones. */
specsync_level specsync_result_max_level(const specsync_result *result);
/* Seconds since the epoch used to compute ages ("now"). */
int64_t specsync_result_now(const specsync_result *result);
/* Warnings about the input, one per line ending in '\n' (documents over
 * the configuration's max_file_size, skipped unread), or NULL. A state
 * taken from the cache repeats none: each is given when a blob is first
 * read. */
const char *specsync_result_warnings(const specsync_result *result);

/* Why a document was not read. */
typedef enum {
	SPECSYNC_SKIP_BINARY = 0,   /* a NUL byte in its first 8000 bytes */
	SPECSYNC_SKIP_UTF16 = 1,    /* a UTF-16 byte-order mark: save it as UTF-8 */
	SPECSYNC_SKIP_TOO_LARGE = 2 /* over the configuration's max_file_size */
} specsync_skip_reason;

typedef struct specsync_skipped_file {
	const char *path;
	const char *side;            /* the side whose paths it is in */
	specsync_skip_reason reason;
	uint64_t size;               /* bytes */
} specsync_skipped_file;

/*
 * The documents of the revision examined that were not read (and so count
 * as holding no requirement), sorted by path; *count is set, NULL when
 * none. The same with or without the cache. Owned by the result.
 */
const specsync_skipped_file *specsync_result_skipped(const specsync_result *result,
						     size_t *count);
/* "binary", "utf-16" or "too-large" (the JSON `reason`). */
const char *specsync_skip_reason_name(specsync_skip_reason reason);
/*
 * The time span of the history behind the result, in seconds since the
 * epoch (author times): *first is the earliest commit recorded (in an audit,
 * the root of the first-parent history), *last the revision examined (or
 * the latest commit recorded). Both 0 when no commit was recorded.
 */
void specsync_result_time_span(const specsync_result *result, int64_t *first, int64_t *last);

/* ---- audit -------------------------------------------------------------- */

/*
 * Progress of a long history walk: `done` of `total` first-parent commits
 * (those not already in the cache). Called from the walking thread, at
 * most every 256 commits and once at the end; it must not call back into
 * the library with the same objects.
 */
typedef void (*specsync_progress_cb)(size_t done, size_t total, void *payload);

typedef struct specsync_audit_options {
	unsigned version;
	const char *rev;    /* default "HEAD" */
	const char *since;  /* overrides the configuration's `since` */
	int64_t now;        /* 0: current time; for ages in reports */
	bool no_cache;      /* neither read nor write the persistent cache */
	/* version 2 */
	specsync_progress_cb progress; /* NULL: no progress reports */
	void *progress_payload;
} specsync_audit_options;

#define SPECSYNC_AUDIT_OPTIONS_VERSION 2
#define SPECSYNC_AUDIT_OPTIONS_INIT \
	{ SPECSYNC_AUDIT_OPTIONS_VERSION, NULL, NULL, 0, false, NULL, NULL }

/*
 * Walks the first-parent history of `opts->rev` from its root and returns
 * every finding. Free the result with specsync_result_free().
 */
int specsync_audit(specsync_result **out, specsync_repo *repo, const specsync_config *cfg,
		   const specsync_audit_options *opts, specsync_error *err);

/* ---- checks (hooks and pull requests) ----------------------------------- */

typedef enum {
	SPECSYNC_CHECK_STAGED = 0, /* the index against HEAD */
	SPECSYNC_CHECK_RANGE = 1,  /* the first-parent commits of OLD..NEW */
	SPECSYNC_CHECK_BASE = 2    /* merge-base(base, head)..head as one unit */
} specsync_check_mode;

typedef struct specsync_check_options {
	unsigned version;
	specsync_check_mode mode;
	const char *old_rev, *new_rev; /* RANGE; old_rev NULL or all zeros: a new
					  ref, checked from its merge base with
					  the default branch (from its first
					  commit when there is none);
					  SPECSYNC_EMPTY_TREE_ID: from the first
					  commit */
	const char *base, *head;       /* BASE; head defaults to HEAD */
	const char *message;           /* STAGED: the commit message, or NULL */
	const char *author_name;       /* STAGED: NULL: user.name */
	const char *author_email;      /* STAGED: NULL: user.email */
	int64_t now;
	bool no_cache;                 /* neither read nor write the cache */
} specsync_check_options;

/* Git's empty tree: as the start of a range, "before the first commit". */
#define SPECSYNC_EMPTY_TREE_ID "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

#define SPECSYNC_CHECK_OPTIONS_VERSION 1
#define SPECSYNC_CHECK_OPTIONS_INIT \
	{ SPECSYNC_CHECK_OPTIONS_VERSION, SPECSYNC_CHECK_STAGED, NULL, NULL, NULL, NULL, NULL, \
	  NULL, NULL, 0, false }

/*
 * Checks one change against the pending state before it. Unsynced findings
 * have status `new` (pending after, not before), `resolved` (before, not
 * after) or `open` (both); out-of-role and invalid-ack findings come from
 * the checked change only and have status `new`. In BASE mode the
 * merge-base commit is returned through specsync_result_base().
 */
int specsync_check(specsync_result **out, specsync_repo *repo, const specsync_config *cfg,
		   const specsync_check_options *opts, specsync_error *err);

/* The merge base (BASE mode) or the commit the range starts from, or NULL. */
const char *specsync_result_base(const specsync_result *result);
/* The commit the rules and identities came from (specsync_repo_trust_rev),
 * or NULL when they came from the work tree or a --config file. */
const char *specsync_result_rules_from(const specsync_result *result);
/* "audit", "staged", "range" or "base". */
const char *specsync_result_mode(const specsync_result *result);

/* Checks: the requirements whose text the checked change modified on at
 * least one side (synchronised or not), in natural ID order; owned by the
 * result. Audits: none (*count 0). */
const char *const *specsync_result_changed(const specsync_result *result, size_t *count);

/* ---- the period report (steering committees) ------------------------------ */

typedef struct specsync_period specsync_period;

typedef struct specsync_period_options {
	unsigned version;
	const char *from;   /* required: a revision, or a date ("2026-11-01",
			       "2026-11-01 14:00", "2 weeks ago"): the last
			       first-parent commit of `to` at or before it */
	const char *to;     /* the same; default HEAD */
	const char *since;  /* overrides the configuration's `since` */
	int64_t now;        /* 0: the clock; only for relative dates */
	bool no_cache;
	specsync_progress_cb progress;
	void *progress_payload;
} specsync_period_options;

#define SPECSYNC_PERIOD_OPTIONS_VERSION 1
#define SPECSYNC_PERIOD_OPTIONS_INIT \
	{ SPECSYNC_PERIOD_OPTIONS_VERSION, NULL, NULL, NULL, 0, false, NULL, NULL }

/*
 * Audits the whole first-parent history of `to` once and reports what
 * happened between `from` (excluded) and `to` (included): drift opened and
 * resolved, still open at `to`, out-of-role edits and invalid
 * acknowledgements, trends against the previous period of the same length
 * and the decisions to take. SPECSYNC_EUSAGE when `from` is neither a
 * revision nor a date, or comes after `to`. Free with
 * specsync_period_free().
 */
int specsync_period_report(specsync_period **out, specsync_repo *repo,
			   const specsync_config *cfg, const specsync_period_options *opts,
			   specsync_error *err);
void specsync_period_free(specsync_period *period);
/* The audit at `to` behind the report (owned by it). */
const specsync_result *specsync_period_result(const specsync_period *period);

/* ---- CODEOWNERS (the platforms enforce the roles) ------------------------- */

typedef enum {
	SPECSYNC_CODEOWNERS_GITHUB = 0, /* comments between the sides */
	SPECSYNC_CODEOWNERS_GITLAB = 1  /* one [section] per side */
} specsync_codeowners_format;

/*
 * Appends a CODEOWNERS file for the configuration of an audit result: each
 * side's paths owned by the members of its Responsible roles (of the RACI
 * entry whose scope is "*", else of every entry), then each file of a side
 * whose requirements (at the audited revision) fall under RACI scopes with
 * other Responsible members, owned by those. A person is written as their
 * `handles:` entry when the configuration has one, else as their e-mail.
 * SPECSYNC_ENOMEM on failure.
 */
int specsync_codeowners(specsync_buf *out, const specsync_result *result,
			specsync_codeowners_format format);

/*
 * Compares two CODEOWNERS texts rule by rule, in order (comments, blank
 * lines and runs of blanks do not count), appending "-rule" (expected) and
 * "+rule" (found) lines to `diff`. Returns the number of rules that differ
 * (0: they agree), or SPECSYNC_ENOMEM.
 */
int specsync_codeowners_diff(specsync_buf *diff, const char *expected, const char *actual);

/* The paths where the platform looks for CODEOWNERS, in its order. */
const char *const *specsync_codeowners_paths(specsync_codeowners_format format, size_t *count);

/* ---- explain ------------------------------------------------------------ */

typedef struct specsync_explain_side {
	const char *side;
	const char *old_text; /* normalised text of its sections, "" when absent */
	const char *new_text;
} specsync_explain_side;

typedef struct specsync_explain_unit {
	specsync_commit_info commit;
	bool is_merge;
	uint64_t changed_mask;
	uint64_t pending_after;
	const char *event; /* "initiated", "responded", "retired", "synchronised",
			      "acknowledged", "baselined" */
	const specsync_explain_side *sides; /* the changed sides */
	size_t side_count;
} specsync_explain_unit;

typedef struct specsync_explanation specsync_explanation;

int specsync_explain(specsync_explanation **out, specsync_repo *repo,
		     const specsync_config *cfg, const char *requirement,
		     const specsync_audit_options *opts, specsync_error *err);
void specsync_explanation_free(specsync_explanation *ex);
const specsync_explain_unit *specsync_explanation_units(const specsync_explanation *ex,
							size_t *count);

/*
 * Word-level diff of two texts, rendered as "[-removed-]" and "{+added+}"
 * (or with ANSI colours when `color`). Appends to `out`.
 */
int specsync_word_diff(specsync_buf *out, const char *old_text, const char *new_text,
		       bool color);

/* ---- scope: does the configuration check anything? ------------------------ */

typedef struct specsync_scope_options {
	unsigned version;
	const char *rev; /* the revision whose tree is examined; NULL: HEAD */
	bool index;      /* examine the index instead (check --staged); while
			    HEAD is unborn (the first commit), every side
			    holding no file is only a warning */
} specsync_scope_options;

#define SPECSYNC_SCOPE_OPTIONS_VERSION 1
#define SPECSYNC_SCOPE_OPTIONS_INIT { SPECSYNC_SCOPE_OPTIONS_VERSION, NULL, false }

/* One side that holds no file, accepted (`empty_ok: true`, or unborn HEAD). */
typedef struct specsync_scope_warning {
	size_t side;         /* index into the configuration's sides */
	const char *message; /* one sentence, without the side's place */
} specsync_scope_warning;

typedef struct specsync_scope specsync_scope;

/*
 * Checks that the configuration checks something at a revision (or in the
 * index): every side's paths globs match at least one file, and the
 * `requirements.id` pattern matches at least one requirement (not ignored)
 * in the sides' files. A side holding no file is SPECSYNC_ECONFIG, placed
 * at the side in the configuration, naming its globs, the number of files
 * looked at and the nearest existing names, unless the side says
 * `empty_ok: true` (then a warning in the result); a pattern that matches
 * nothing is SPECSYNC_ECONFIG naming the pattern, the files read and the ID
 * families a looser pattern would match. Free with specsync_scope_free().
 */
int specsync_scope_check(specsync_scope **out, specsync_repo *repo, const specsync_config *cfg,
			 const specsync_scope_options *opts, specsync_error *err);
const specsync_scope_warning *specsync_scope_warnings(const specsync_scope *scope,
						      size_t *count);
/* Files looked at (those of the directories the sides' globs reach; the
 * whole tree or index when a side is empty), and those of side `side`. */
size_t specsync_scope_files(const specsync_scope *scope);
size_t specsync_scope_side_files(const specsync_scope *scope, size_t side);
void specsync_scope_free(specsync_scope *scope);

typedef struct specsync_word_diff_options {
	unsigned version;
	bool color;       /* colours instead of the brackets */
	size_t context;   /* unchanged words kept on either side of a change, the
			     others shown as one "..." per gap; SIZE_MAX: all */
	size_t max_run;   /* a removed or added run of more than max_run * 5 / 4
			     words shows max_run of its first and last ones around
			     "...(N more)..."; 0: no limit */
	size_t width;     /* wrap lines at this many columns; 0: one line */
	size_t indent;    /* the column the output starts at, and the spaces
			     that start each wrapped line */
	size_t max_word;  /* longer words are cut, ending in "..." (>= 4; 0: never) */
} specsync_word_diff_options;

#define SPECSYNC_WORD_DIFF_OPTIONS_VERSION 1
#define SPECSYNC_WORD_DIFF_OPTIONS_INIT \
	{ SPECSYNC_WORD_DIFF_OPTIONS_VERSION, false, SIZE_MAX, 0, 0, 0, 0 }

/*
 * The same diff, for people: windowed around the changes, long runs and
 * words shortened, wrapped (see the options). Texts without a changed word
 * give "(no word changed)" (all context: the text), empty ones "(no text)".
 * Appends to `out`, no trailing newline.
 */
int specsync_word_diff_ex(specsync_buf *out, const char *old_text, const char *new_text,
			  const specsync_word_diff_options *opts);

/* ---- lint --------------------------------------------------------------- */

/*
 * One problem found by specsync_lint(): in the configuration (its RACI and
 * roles) or in the documents at the revision. `rule` is a stable id (see
 * the README's list); `path` is the configuration file or a document's
 * repository-relative path; `line` is 0 for a whole file.
 */
typedef struct specsync_lint_finding {
	const char *rule;
	specsync_level level;
	const char *message;     /* one sentence */
	const char *path;
	unsigned line, column;   /* 1-based; 0 when unknown */
	const char *requirement; /* the requirement concerned, or NULL */
	const char *side;        /* the side concerned, or NULL */
} specsync_lint_finding;

typedef struct specsync_lint_result specsync_lint_result;

typedef struct specsync_lint_options {
	unsigned version;
	const char *rev; /* default "HEAD" */
} specsync_lint_options;

#define SPECSYNC_LINT_OPTIONS_VERSION 1
#define SPECSYNC_LINT_OPTIONS_INIT { SPECSYNC_LINT_OPTIONS_VERSION, NULL }

/*
 * Checks the configuration's RACI (exactly one Accountable and at least
 * one Responsible per scope and side, roles with members, one person
 * Accountable on two sides of a scope per `lint.same_accountable`) and the
 * documents in the tree of `opts->rev` (IDs defined twice in `defines`
 * mode, files claimed by two sides, requirements missing on a side,
 * binary or oversized files), and returns every problem at once. Fails
 * only when the repository cannot be read. Free with
 * specsync_lint_result_free().
 */
int specsync_lint(specsync_lint_result **out, specsync_repo *repo, const specsync_config *cfg,
		  const specsync_lint_options *opts, specsync_error *err);
void specsync_lint_result_free(specsync_lint_result *result);
/* Sorted: the configuration's problems, then the documents' by path and
 * line. */
const specsync_lint_finding *specsync_lint_findings(const specsync_lint_result *result,
						    size_t *count);
/* Full id of the commit examined. */
const char *specsync_lint_head(const specsync_lint_result *result);

/* Coverage of one side: the requirements found in its documents, and how
 * many of them no other side mentions (uncovered on the first side,
 * orphans on the others). */
typedef struct specsync_lint_coverage {
	const char *side;
	size_t requirements;
	size_t one_side; /* on this side only */
} specsync_lint_coverage;

/* One entry per side of the configuration, in its order. */
const specsync_lint_coverage *specsync_lint_coverage_of(const specsync_lint_result *result,
							size_t *count);
specsync_level specsync_lint_max_level(const specsync_lint_result *result);

/* ---- init: a first configuration for an existing repository ----------- */

typedef struct specsync_init_options {
	unsigned version;
	const char *rev;    /* the revision whose tracked files are read; default "HEAD" */
	size_t max_commits; /* authors: the newest N commits only; 0: 20,000 */
} specsync_init_options;

#define SPECSYNC_INIT_OPTIONS_VERSION 1
#define SPECSYNC_INIT_OPTIONS_INIT { SPECSYNC_INIT_OPTIONS_VERSION, NULL, 0 }

typedef struct specsync_init_person {
	const char *name;  /* after .mailmap; may be "" */
	const char *email; /* after .mailmap, lower-case */
	size_t commits;    /* commits that changed a file of the side */
} specsync_init_person;

typedef struct specsync_init_side {
	const char *name;                 /* "functional" or "technical" */
	const char *const *paths;         /* the proposed globs */
	size_t path_count;
	const char *attribution;          /* "mentions", "defines" or "path" */
	const char *section_start;        /* NULL: the format's headings */
	const char *format;               /* how its documents are read, in words */
	size_t file_count;                /* files holding requirement IDs */
	size_t id_count;                  /* distinct requirement IDs in them */
	size_t defined_count;             /* of which defined there */
	const specsync_init_person *people; /* most active first */
	size_t person_count;
} specsync_init_side;

typedef struct specsync_init_result specsync_init_result;

/*
 * Proposes a `.specsync.yml` for the repository from the tracked text files
 * of `opts->rev` and the history behind it: the requirement ID pattern and
 * the IDs to ignore (prose examples), the two sides (globs, section_start,
 * attribution for the formats recognised: Markdown, AsciiDoc and
 * reStructuredText headings, sphinx-needs, StrictDoc, OpenFastTrace,
 * Doorstop, IDs in code), and roles and a RACI from the git authors of each
 * side's files, every guess marked with a comment. The proposal is checked
 * by the configuration loader before it is returned. Fails with
 * SPECSYNC_EINPUT when no requirement IDs are found or they cannot be split
 * into two sides. Free with specsync_init_result_free().
 */
int specsync_init(specsync_init_result **out, specsync_repo *repo,
		  const specsync_init_options *opts, specsync_error *err);
void specsync_init_result_free(specsync_init_result *result);
/* The proposed configuration file (YAML with comments), owned by the result. */
const char *specsync_init_config(const specsync_init_result *result, size_t *len);
/* The requirement ID pattern (requirements.id). */
const char *specsync_init_pattern(const specsync_init_result *result);
/* The two sides, functional first. */
const specsync_init_side *specsync_init_sides(const specsync_init_result *result,
					      size_t *count);
/* Appends what was found (files per side, ID counts, people) and what the
 * user should review, for people. */
int specsync_render_init(specsync_buf *out, const specsync_init_result *result);

/* ---- git hooks ------------------------------------------------------------
 * specsync's hooks are small POSIX sh wrappers (the files of the source
 * tree's hooks/ directory, embedded at build time) that hand their
 * arguments and standard input to `specsync hooks run <hook>`.
 */

/*
 * The directory git runs hooks from: `core.hooksPath` when set (a relative
 * value is relative to the working tree root, or to the git directory of a
 * bare repository; "~/" is expanded), else `hooks` in the common git
 * directory, which linked worktrees share. *out is malloc'ed (free() it),
 * without a trailing '/'; the directory need not exist.
 */
int specsync_repo_hooks_dir(char **out, specsync_repo *repo, specsync_error *err);

/* Every hook specsync provides, in the order git runs them: pre-commit,
 * commit-msg, post-commit, pre-push, pre-receive, update. */
const char *const *specsync_hook_names(size_t *count);

/* The wrapper script for `hook`, NUL-terminated and static, or NULL when
 * specsync has none of that name. */
const char *specsync_hook_script(const char *hook);

/* Every wrapper carries this on its second line; nothing else is ours. */
#define SPECSYNC_HOOK_MARKER "# specsync-hook:"
/* A foreign hook found in place is renamed <hook> SPECSYNC_HOOK_CHAINED_SUFFIX;
 * the wrapper runs it first. */
#define SPECSYNC_HOOK_CHAINED_SUFFIX ".specsync-chained"

typedef enum {
	SPECSYNC_HOOK_MANAGER_NONE = 0,
	SPECSYNC_HOOK_MANAGER_HUSKY = 1,
	SPECSYNC_HOOK_MANAGER_LEFTHOOK = 2,
	SPECSYNC_HOOK_MANAGER_PRE_COMMIT = 3 /* the pre-commit framework */
} specsync_hook_manager;

const char *specsync_hook_manager_name(specsync_hook_manager manager);

/*
 * Tells whether another tool owns the repository's hooks: husky
 * (core.hooksPath inside .husky, or a hook that mentions husky), lefthook
 * (lefthook.yml or .lefthook.yml, .yaml too, at the root of the working
 * tree, or a hook that mentions lefthook), the pre-commit framework
 * (.pre-commit-config.yaml at the root, or a hook generated by it).
 * *evidence receives what gave it away (malloc'ed; NULL when none).
 */
int specsync_hooks_detect_manager(specsync_hook_manager *out, char **evidence,
				  specsync_repo *repo, specsync_error *err);

typedef enum {
	SPECSYNC_HOOK_INSTALLED = 0, /* written where there was no hook */
	SPECSYNC_HOOK_CHAINED = 1,   /* written; the hook found there was kept as
					<hook>.specsync-chained and runs first */
	SPECSYNC_HOOK_UPDATED = 2,   /* a different specsync wrapper replaced (force) */
	SPECSYNC_HOOK_UNCHANGED = 3, /* this very wrapper was already there */
	SPECSYNC_HOOK_DIFFERS = 4,   /* a different specsync wrapper left alone (no force) */
	SPECSYNC_HOOK_CONFLICT = 5,  /* a foreign hook and a chained one both there:
					nothing touched */
	SPECSYNC_HOOK_REMOVED = 6,   /* uninstall: our wrapper deleted */
	SPECSYNC_HOOK_RESTORED = 7,  /* uninstall: the chained hook put back */
	SPECSYNC_HOOK_FOREIGN = 8,   /* uninstall: not ours, left alone */
	SPECSYNC_HOOK_EDITED = 9     /* uninstall: a specsync wrapper that differs from
					this version's (edited, or another version):
					left alone, with its chained hook */
} specsync_hook_outcome;

typedef struct specsync_hook_report {
	const char *hook; /* static */
	specsync_hook_outcome outcome;
} specsync_hook_report;

#define SPECSYNC_HOOK_MAX 6

typedef struct specsync_hooks_options {
	unsigned version;
	bool force; /* replace a specsync wrapper that differs from this version */
	/* NULL: pre-commit, commit-msg, post-commit and pre-push, or pre-receive
	 * in a bare repository */
	const char *const *hooks;
	size_t hook_count;
} specsync_hooks_options;

#define SPECSYNC_HOOKS_OPTIONS_VERSION 1
#define SPECSYNC_HOOKS_OPTIONS_INIT { SPECSYNC_HOOKS_OPTIONS_VERSION, false, NULL, 0 }

/*
 * Installs the wrappers in specsync_repo_hooks_dir() (created when
 * missing). A hook that is not specsync's is never overwritten nor lost: it
 * is renamed <hook>.specsync-chained (bytes and mode unchanged) and the
 * wrapper runs it first. Writes one report per hook into out[] and its
 * number into *count, also when failing half-way (the reports say what was
 * done); nothing is ever left half-written.
 */
int specsync_hooks_install(specsync_hook_report out[SPECSYNC_HOOK_MAX], size_t *count,
			   specsync_repo *repo, const specsync_hooks_options *opts,
			   specsync_error *err);

/*
 * Removes specsync's wrappers (every hook name) and renames chained hooks
 * back, so the hooks directory is as it was before install. Hooks that are
 * not specsync's are left alone (reported FOREIGN when a chained hook waits
 * behind them). Reports as for install; hooks absent before and after are
 * not reported.
 */
int specsync_hooks_uninstall(specsync_hook_report out[SPECSYNC_HOOK_MAX], size_t *count,
			     specsync_repo *repo, specsync_error *err);

/* ---- rendering --------------------------------------------------------- */

/*
 * Output formats. The CI formats report, for a check, the findings that are
 * live at the head: `new` ones at their policy level and `open` ones (not the
 * change's doing) as notes; `resolved` ones only in text, json, junit and
 * markdown. For an audit they report the open findings at their policy
 * level. See docs/ci.md.
 */
typedef enum {
	SPECSYNC_FORMAT_TEXT = 0,
	SPECSYNC_FORMAT_JSON = 1,
	SPECSYNC_FORMAT_SARIF = 2,    /* SARIF 2.1.0 (GitHub code scanning) */
	SPECSYNC_FORMAT_JUNIT = 3,    /* JUnit XML, one test case per requirement */
	SPECSYNC_FORMAT_GITHUB = 4,   /* GitHub Actions workflow commands */
	SPECSYNC_FORMAT_GITLAB = 5,   /* GitLab Code Quality JSON */
	SPECSYNC_FORMAT_MD = 6,       /* markdown: a pull-request comment or job
					 summary (SPECSYNC_FORMAT_MARKDOWN is
					 sections.h's document format) */
	SPECSYNC_FORMAT_HTML = 7,     /* a self-contained page for people */
	SPECSYNC_FORMAT_DIGEST = 8,   /* plain text, one part per person */
	SPECSYNC_FORMAT_MBOX = 9      /* the digests as e-mails, one per person */
} specsync_format;

typedef struct specsync_render_options {
	unsigned version;
	bool color;         /* ANSI colours in text */
	bool all;           /* text: full detail (see below) */
	/* version 2 */
	const char *notice; /* a note from the caller for the reader (e.g. "this
			       change edits .specsync.yml ..."), or NULL; carried
			       by sarif, junit, github and markdown (text and
			       json callers print it themselves) */
	size_t max_size;    /* markdown: stay within this many bytes, leaving
			       out findings with a note (0: 65,536, the size of
			       a GitHub comment) */
	/* version 3 */
	const char *sender; /* mbox: the From address, "Name <addr>" or "addr";
			       NULL: "specsync <noreply@localhost>" */
	/* version 4 */
	size_t width;       /* explain: wrap at this many columns (0: 80) */
} specsync_render_options;

/* `all` means full detail in text: audit, every finding, commit and place
 * and the closed episodes; check, the findings open before the change;
 * explain, the complete texts (no windows). */
#define SPECSYNC_RENDER_OPTIONS_VERSION 4
#define SPECSYNC_RENDER_OPTIONS_INIT \
	{ SPECSYNC_RENDER_OPTIONS_VERSION, false, false, NULL, 0, NULL, 0 }

/* The format named `name` ("text", "json", ...). SPECSYNC_EUSAGE when
 * unknown; `expected` (when not NULL) receives the list of known names. */
int specsync_format_parse(specsync_format *out, const char *name, const char **expected);

/* A GitHub workflow `::error` command for an error that stopped a check
 * (shallow clone, bad configuration ...), escaped as the runner wants. */
int specsync_render_github_error(specsync_buf *out, const specsync_error *err);

/* Appends the rendering of `result` to `out`. */
int specsync_render(specsync_buf *out, const specsync_result *result, specsync_format format,
		    const specsync_render_options *opts);

/*
 * Receives a streamed rendering's bytes, in order, `len` > 0 at a time.
 * Returns 0 to go on, or a negative value to stop the rendering.
 */
typedef int (*specsync_write_fn)(const char *data, size_t len, void *payload);

/*
 * specsync_render(), handed to `write` as it is produced instead of
 * collected in one buffer: the JSON report (every finding with its commits,
 * the largest output) goes out in pieces of about 64 KiB, so the memory it
 * takes no longer grows with the report; the other formats are rendered
 * whole and handed over in one call. Returns 0, SPECSYNC_EUSAGE (unknown
 * format), SPECSYNC_ENOMEM, or the first negative value `write` returned
 * (nothing more is rendered after it). What was handed over before an
 * error stays with the caller: a caller writing to a file decides whether
 * to keep it.
 */
int specsync_render_stream(const specsync_result *result, specsync_format format,
			   const specsync_render_options *opts, specsync_write_fn write,
			   void *payload);

/* ---- traceability matrix ------------------------------------------------ */

typedef enum {
	SPECSYNC_MATRIX_CSV = 0,      /* RFC 4180 */
	SPECSYNC_MATRIX_MARKDOWN = 1, /* a GitHub table */
	SPECSYNC_MATRIX_JSON = 2,
	SPECSYNC_MATRIX_HTML = 3      /* a self-contained page */
} specsync_matrix_format;

/* The matrix format named `name` ("csv", "markdown", "json", "html").
 * SPECSYNC_EUSAGE when unknown; `expected` receives the list of names. */
int specsync_matrix_format_parse(specsync_matrix_format *out, const char *name,
				 const char **expected);

/*
 * Appends the traceability matrix of an audit result: one row per
 * requirement present at the audited revision (or still pending), its
 * places on each side (path:line, or missing), its state (synchronised, or
 * the sides it is pending on) and the roles the RACI gives it on each side.
 */
int specsync_render_matrix(specsync_buf *out, const specsync_result *result,
			   specsync_matrix_format format, const specsync_render_options *opts);

/* The lint result in text ("path:line:column: level: message [rule]") or
 * JSON; other formats give SPECSYNC_EUSAGE. */
int specsync_render_lint(specsync_buf *out, const specsync_lint_result *result,
			 specsync_format format, const specsync_render_options *opts);

/* lint's format named `name` ("text" or "json"). SPECSYNC_EUSAGE when
 * unknown; `expected` receives the list of names. */
int specsync_lint_format_parse(specsync_format *out, const char *name, const char **expected);

/* What a commit hook says about a staged check's result. */
typedef enum {
	SPECSYNC_HOOK_MESSAGE_HEADS_UP = 0, /* pre-commit: the new unsynchronised
					       requirements, before commit-msg
					       decides */
	SPECSYNC_HOOK_MESSAGE_TELL = 1      /* post-commit: whom each new one
					       concerns (Tell: I and C, Act: R
					       and A) */
} specsync_hook_message;

/* Appends the hook's message (nothing when there is nothing to say). */
int specsync_render_hook_message(specsync_buf *out, const specsync_result *result,
				 specsync_hook_message which);

int specsync_render_explanation(specsync_buf *out, const specsync_explanation *ex,
				const specsync_config *cfg, const specsync_render_options *opts);

/* The period report (specsync_period_report): SPECSYNC_FORMAT_MD, _HTML or
 * _JSON; other formats give SPECSYNC_EUSAGE. */
int specsync_render_period(specsync_buf *out, const specsync_period *period,
			   specsync_format format, const specsync_render_options *opts);

#ifdef __cplusplus
}
#endif
#endif
