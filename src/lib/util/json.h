/*
 * Small helpers for writing JSON (and other escaped text) into a buffer.
 */
#ifndef SPECSYNC_JSON_H
#define SPECSYNC_JSON_H

#include "specsync.h"

/* Appends `s` as a JSON string literal, quotes included; invalid UTF-8
 * becomes U+FFFD so the document always parses. NULL gives null. */
void specsync_json_str(specsync_buf *out, const char *s);

/* The inside of that literal (no quotes; `s` not NULL): escaping is
 * byte by byte, so pieces escaped one after the other (ASCII between them)
 * read as their concatenation escaped at once. */
void specsync_json_escape(specsync_buf *out, const char *s);

/* Length of the prefix of s[0..len) that a JSON string holds as it is:
 * printable ASCII (0x20-0x7e) but the quote and the backslash. */
size_t specsync_json_plain_span(const char *s, size_t len);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
size_t specsync_utf8_len(const unsigned char *s, size_t avail);

/* "2024-03-02T10:00:00+01:00" in the given offset (minutes). */
void specsync_format_time(char out[32], int64_t time, int offset);
/* `t` limited to the years 1 to 9999 (commit dates are untrusted). */
int64_t specsync_clamp_time(int64_t t);
/* "2024-03-02" */
void specsync_format_date(char out[16], int64_t time, int offset);

#endif
