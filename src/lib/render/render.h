/*
 * Shared pieces of the renderers: one-line descriptions of findings and
 * people, so that every output format says the same thing.
 */
#ifndef SPECSYNC_RENDER_H
#define SPECSYNC_RENDER_H

#include "specsync.h"
#include "result.h"

/* "Name <email>", "email" or "Name". */
void specsync_put_person(specsync_buf *out, const specsync_person *p);

/* One sentence describing the finding (no trailing newline). */
void specsync_describe_finding(specsync_buf *out, const specsync_finding *f);

/* "14d" or "36h": a duration, in days when it is whole days. */
void specsync_put_duration(specsync_buf *out, int64_t seconds);

/* "open for 20 days, past the escalation age (14d): the Accountable,
 * Sponsor: Sophie <sophie@example.org>, decides" for an escalated finding. */
void specsync_describe_escalation(specsync_buf *out, const specsync_finding *f);

/* Whole days between `then` and `now` (never negative). */
long specsync_age_days(int64_t then, int64_t now);

int specsync_render_json(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);
/* One finding as the audit's JSON object ("{...}"; with `open_object` the
 * closing brace is left for the caller to add fields). */
void specsync_render_json_finding(specsync_buf *out, const specsync_result *r,
				  const specsync_finding *f, bool open_object);
int specsync_render_text(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);

int specsync_render_html(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);
int specsync_render_digest(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts);
int specsync_render_mbox(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);

int specsync_render_check_text(specsync_buf *out, const specsync_result *r,
			       const specsync_render_options *opts);

/* One file per CI format; `opts` is never NULL and has every field. */
int specsync_render_sarif(specsync_buf *out, const specsync_result *r,
			  const specsync_render_options *opts);
int specsync_render_junit(specsync_buf *out, const specsync_result *r,
			  const specsync_render_options *opts);
int specsync_render_github(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts);
int specsync_render_gitlab(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts);
int specsync_render_markdown(specsync_buf *out, const specsync_result *r,
			     const specsync_render_options *opts);

/* ---- shared by the CI formats ----------------------------------------------
 * One policy for every CI format, so that they agree on what they report.
 */

typedef enum {
	SPECSYNC_CI_SKIP = 0,    /* not reported: closed, or resolved by the check */
	SPECSYNC_CI_NOTE = 1,    /* reported, does not count: open before the check */
	SPECSYNC_CI_WARNING = 2, /* counts, policy `warning` */
	SPECSYNC_CI_ERROR = 3    /* counts, policy `error`: the exit status is 1 */
} specsync_ci_level;

/* True for checks (staged, range, base), false for audits. */
bool specsync_result_is_check(const specsync_result *r);

/* True when the finding counts towards the exit status: in a check the
 * `new` ones, in an audit the open ones. */
bool specsync_finding_counts(const specsync_result *r, const specsync_finding *f);

/* How the CI formats report the finding: counting ones at their policy
 * level, a check's `open` ones as notes, the others not at all. */
specsync_ci_level specsync_ci_level_of(const specsync_result *r, const specsync_finding *f);

/* The requirement `id` at the revision, or NULL. */
const specsync_requirement *specsync_result_find(const specsync_result *r, const char *id);

/* Index of side `name` in the configuration, or -1. */
int specsync_side_index(const specsync_config *cfg, const char *name);

/*
 * Where a CI format anchors the finding: the first changed section; else
 * (the requirement left the changed side) the lagging one; for an edit
 * outside one's role the requirement on the edited side; for an invalid
 * acknowledgement the requirement on any side; failing all of these,
 * line 1 of .specsync.yml. The path points into the result.
 */
specsync_location specsync_anchor(const specsync_result *r, const specsync_finding *f);

/* "AMOE: Chloé Durand <chloe@example.org>, ...; ..." for each role of the
 * list; "nobody" when it names none. */
void specsync_put_roles(specsync_buf *out, const specsync_role_list *list);

/*
 * What to do about the finding, after specsync_describe_finding(): where
 * to update the lagging side, its Responsible and Accountable, and how to
 * acknowledge. Each sentence is preceded by `sep` (" " or "\n").
 */
void specsync_describe_action(specsync_buf *out, const specsync_result *r,
			      const specsync_finding *f, const char *sep);

/*
 * 32 lower-case hex digits naming the finding, with no line number in
 * them (stable across edits): its kind, requirement and side (unsynced:
 * the lagging side; out-of-role: the edited side); with `with_commit`,
 * also the commit that opened it (events: their commit, author and
 * reason).
 */
void specsync_fingerprint(char out[33], const specsync_finding *f, bool with_commit);

/*
 * In out[from..], turns every control character but LF, TAB and the CR of
 * a CRLF into '?',
 * keeping colour sequences (ESC [ digits ; m) when `color`: for renderings
 * read in terminals, whose text partly comes from the history.
 */
void specsync_render_neutralise(specsync_buf *out, size_t from, bool color);

#endif
