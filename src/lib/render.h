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

/* Whole days between `then` and `now` (never negative). */
long specsync_age_days(int64_t then, int64_t now);

int specsync_render_json(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);
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

#endif
