/*
 * Writing self-contained HTML: escaping and the page around the reports
 * (the audit report, the traceability matrix). Every piece of text that
 * comes from a repository or a configuration goes through
 * specsync_html_esc(), in element content and in quoted attribute values
 * alike, so that "<script>" in a spec or a name reads as text.
 *
 * Pages carry no script and load nothing: styles are inline, pictures are
 * inline SVG, and a Content-Security-Policy forbids scripts and every
 * network fetch in case something slipped through.
 */
#ifndef SPECSYNC_HTML_H
#define SPECSYNC_HTML_H

#include "specsync.h"

/*
 * Appends `s` (NULL: nothing) with &, <, >, " and ' as character
 * references; invalid UTF-8 and control characters other than tab and line
 * feed become U+FFFD.
 */
void specsync_html_esc(specsync_buf *out, const char *s);

/* Same, for at most `max` code points of `s`, then "..." when cut. */
void specsync_html_esc_cut(specsync_buf *out, const char *s, size_t max);

/* "Name <email>" (or what is known), escaped. */
void specsync_html_person(specsync_buf *out, const specsync_person *p);

/* "path:line", escaped. */
void specsync_html_location(specsync_buf *out, const specsync_location *l);

/*
 * The page up to and including <body>: doctype, charset, the policy, the
 * escaped title and the shared stylesheet (screen and print).
 */
void specsync_html_begin(specsync_buf *out, const char *title);
void specsync_html_end(specsync_buf *out);

/* A coloured label for a level: "error", "warning". */
void specsync_html_level(specsync_buf *out, specsync_level level);

/* Colour of side `i` (charts and legends): "#rrggbb". */
const char *specsync_html_side_color(size_t i);

/* A duration for people: "5 h", "2.5 days", "40 days". */
void specsync_html_duration(char out[32], int64_t seconds);

#endif
