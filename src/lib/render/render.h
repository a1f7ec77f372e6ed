/*
 * Shared pieces of the renderers: one-line descriptions of findings and
 * people, so that every output format says the same thing.
 */
#ifndef SPECSYNC_RENDER_H
#define SPECSYNC_RENDER_H

#include "specsync.h"
#include "map.h"
#include "result.h"

/*
 * Where a streamed rendering goes (specsync_render_stream). A renderer
 * that streams calls specsync_render_flush() at points where it will not
 * look back at what it appended (between findings, say).
 */
typedef struct specsync_render_sink {
	specsync_write_fn write;
	void *payload;
	int error; /* the first negative value `write` returned, else 0 */
} specsync_render_sink;

/* What a streaming renderer keeps before handing it on. */
#define SPECSYNC_RENDER_CHUNK (64 * 1024)

/*
 * Hands the contents of `out` to `sink` and empties `out`, when they reach
 * SPECSYNC_RENDER_CHUNK bytes or with `all`. With no sink (NULL: a
 * rendering into one buffer) or once the sink failed, does nothing.
 * Returns sink->error (0 without a sink).
 */
int specsync_render_flush(specsync_buf *out, specsync_render_sink *sink, bool all);

/* Hands data[0..len) to `sink` unless it failed before (or len is 0);
 * returns sink->error. */
int specsync_render_write(specsync_render_sink *sink, const char *data, size_t len);

/* `text`, or when it has more than `max` code points (UTF-8), its first
 * max - 3 and "...". */
void specsync_put_clipped(specsync_buf *out, const char *text, size_t max);

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
 * them (stable across edits and runs): XXH3-128 of its kind, requirement,
 * side (unsynced: the lagging side; out-of-role: the edited side) and
 * commit (unsynced: the one that opened it; events: theirs). The exact
 * definition is in docs/ci.md; systems that persist fingerprints (code
 * scanning, Code Quality) depend on it never changing.
 */
void specsync_fingerprint(char out[33], const specsync_finding *f);

/*
 * specsync_fingerprint(), made unique within one report: the n-th repeat
 * of a fingerprint already in `seen` becomes XXH3-128 of "<fingerprint>#n".
 * Records it in `seen` (keys are copied); 0 or SPECSYNC_ENOMEM.
 */
int specsync_fingerprint_unique(char out[33], specsync_strmap *seen, const specsync_finding *f);

/*
 * In out[from..], turns every control character but LF, TAB and the CR of
 * a CRLF into '?',
 * keeping colour sequences (ESC [ digits ; m) when `color`: for renderings
 * read in terminals, whose text partly comes from the history.
 */
void specsync_render_neutralise(specsync_buf *out, size_t from, bool color);

/*
 * Appends a file name for a line-oriented text rendering, quoted as git
 * quotes paths with core.quotePath=false when it holds a control
 * character, a double quote or a backslash: in double quotes, with \n, \t,
 * \r, \", \\ and the like and octal \ooo for other control bytes. A
 * name with a newline thus cannot start a line of its own ("path:1:
 * error: ..."). Bytes from 0x80 up stay as they are (UTF-8 names).
 */
void specsync_render_put_path(specsync_buf *out, const char *path);

/*
 * Whether s[i] must be backslash-escaped in Markdown so that a bare URL
 * from the repository does not become a live link (GitHub's extended
 * autolinks): the ':' of "://" and the '.' of "www.". The rendered text
 * reads the same.
 */
bool specsync_render_md_breaks_link(const char *s, size_t i);

/*
 * Appends Markdown inline text (never at the start of a line), for every
 * Markdown rendering: line breaks become spaces; control characters and
 * invalid UTF-8 become U+FFFD; & < > " and @ (mentions) are character
 * references; inline punctuation, | (tables), $ (math), # (issue
 * references) and what would make a bare URL a link are backslash-escaped.
 * NULL appends nothing.
 */
void specsync_render_md_inline(specsync_buf *out, const char *s);

/*
 * The text audit's out-of-role edits, grouped by person and edited side,
 * then by commit (a commit made on a merged branch names its merge): the
 * first `max_groups` groups by level and age, each with its first commit,
 * how many more and its last, `few` requirement IDs per commit, and a line
 * saying what was left out. Appends nothing when there are none.
 */
void specsync_render_text_role_groups(specsync_buf *out, const specsync_result *r, bool color,
				      size_t max_groups, size_t few);

#endif
