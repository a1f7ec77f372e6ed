/*
 * The digests' model, shared by render_digest.c (`--format digest`) and
 * render_mbox.c (`--format mbox`): the people a result concerns and each
 * one's part (to do, to know, their own edits).
 */
#ifndef SPECSYNC_DIGEST_H
#define SPECSYNC_DIGEST_H

#include "specsync.h"
#include "report.h"
#include "result.h"

/*
 * One person: the role members and event authors with one name (as the
 * configuration or .mailmap writes it) or one address are one person,
 * whatever number of addresses they have.
 */
typedef struct specsync_digest_person {
	const char *name;    /* may be NULL */
	const char **emails; /* lower-case, in the order met (members first) */
	size_t email_count;
	size_t email_alloc;
} specsync_digest_person;

/* Appends the person's name and addresses as the configuration writes
 * them: "Name <a@x>", "Name <a@x>, <b@y>", or "a@x" without a name. */
void specsync_digest_put_person(specsync_buf *out, const specsync_result *r,
				const specsync_digest_person *p);

/* The sizes of a person's three lists. */
typedef struct specsync_digest_counts {
	size_t todo, know, own;
} specsync_digest_counts;

typedef int (*specsync_digest_part_cb)(specsync_buf *out, const specsync_result *r,
				       const specsync_digest_person *p, const char *text,
				       size_t len, const specsync_digest_counts *c, size_t index,
				       void *payload);

/* Builds each concerned person's part (people with empty lists are
 * skipped) and hands it to `cb` with its running `index`. */
int specsync_digest_for_each_part(specsync_buf *out, const specsync_result *r,
				  specsync_digest_part_cb cb, void *payload);

/* True when finding `f` belongs in the list `list` (0 to do, 1 to know,
 * 2 own edits) of person `p` (under any of their addresses). */
bool specsync_digest_wants(const specsync_finding *f, const specsync_digest_person *p, int list);

/* The digest's first sentence: date, revision and the counts. */
void specsync_digest_intro(specsync_buf *out, const specsync_result *r, const specsync_report *rep);

#endif
