/*
 * Commit messages: acknowledgement lines and co-authors.
 *
 * An acknowledgement is a line "<key>: <value>" where <key> is the
 * configured trailer key (Sync-Ack by default), compared case-insensitively,
 * with optional white space before the colon, anywhere in the message (a
 * squash merge buries trailers inside the body). Following lines that start
 * with a space or a tab continue the value, as in git's trailers. The IDs
 * are what the configured ID pattern finds in the value; other words are a
 * free-text reason. "Co-authored-by: Name <email>" lines give co-authors.
 * git_message_trailers is not used: it misses trailers after Markdown
 * underlines.
 */
#ifndef SPECSYNC_MESSAGE_H
#define SPECSYNC_MESSAGE_H

#include "specsync.h"
#include "regex.h"

typedef struct specsync_message_info {
	char **ack_ids;         /* distinct, in order of appearance */
	size_t ack_count;
	char **coauthor_emails; /* lower-case, distinct */
	size_t coauthor_count;
	char **coauthor_names;  /* parallel to coauthor_emails, may be "" */
} specsync_message_info;

/*
 * Fills `out` (overwritten, not freed first) from `message`, lines ending in
 * LF or CRLF. A trailer's key starts at column 1: an indented line is only
 * ever the continuation of the trailer above it. Lines starting with '#'
 * are ordinary text: messages are expected already cleaned of comments.
 * `id_re` gives the IDs (its group 1 when it has one); co-author lines
 * without an e-mail are skipped. Free `out` with
 * specsync_message_info_dispose(). Returns 0; SPECSYNC_EUSAGE for a NULL
 * argument or an empty key; SPECSYNC_EINPUT when `id_re` hits a match
 * limit; SPECSYNC_ENOMEM. On failure `out` is left empty.
 */
int specsync_message_parse(specsync_message_info *out, const char *message,
			   const char *ack_key, specsync_regex *id_re, specsync_error *err);
void specsync_message_info_dispose(specsync_message_info *info);

/*
 * Extracts the e-mail of a "Name <email>" or bare "email" string, lower-cased,
 * and the name (NULL when absent). Returns 0, or SPECSYNC_EINPUT when no
 * e-mail can be found. Caller frees both.
 */
int specsync_parse_person(char **name, char **email, const char *text);

#endif
