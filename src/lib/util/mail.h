/*
 * Writing RFC 5322 messages into an mbox (mboxrd): headers with RFC 2047
 * encoded words where the text is not plain ASCII, UTF-8 bodies sent as
 * 8bit. Nothing is sent: the caller hands the file to `git send-email`,
 * `sendmail` or a mail client.
 *
 * Lines end with LF, as in every mbox file; mail tools turn them into CRLF
 * on the wire.
 */
#ifndef SPECSYNC_MAIL_H
#define SPECSYNC_MAIL_H

#include "specsync.h"

/* True when `addr` is a plain addr-spec we dare put in a header: printable
 * ASCII, one '@' with text on both sides, no space nor specials. */
bool specsync_mail_addr_ok(const char *addr);

/*
 * Splits "Name <addr>" or "addr" into its parts (malloc'ed; *name NULL
 * when absent). Returns 0, or -1 (nothing allocated) when no acceptable
 * address is found.
 */
int specsync_mail_parse_address(char **name, char **addr, const char *text);

/* "Name <addr>" as a header value: the name as an atom phrase, a quoted
 * string or encoded words, as it needs. `name` may be NULL. */
void specsync_mail_mailbox(specsync_buf *out, const char *name, const char *addr);

/* One header field, "Name: value\n", folded; `value` is UTF-8 text that is
 * encoded (RFC 2047, base64) when it is not printable ASCII. */
void specsync_mail_header(specsync_buf *out, const char *name, const char *value);

/* Same, for a value already in header syntax (e.g. from
 * specsync_mail_mailbox): written as it is. */
void specsync_mail_header_raw(specsync_buf *out, const char *name, const char *value);

/* "Thu, 02 Jan 2025 08:00:00 +0000" (UTC). */
void specsync_mail_date(char out[40], int64_t t);

/* The mbox separator line "From addr Thu Jan  2 08:00:00 2025\n" (UTC). */
void specsync_mail_separator(specsync_buf *out, const char *addr, int64_t t);

/*
 * Appends `text` as a message body: invalid UTF-8 and control characters
 * (but tab) become U+FFFD, lines are cut at 900 bytes (RFC 5322 allows 998
 * octets), and lines that start with ">*From " get one more '>' (mboxrd).
 * Ends with an empty line, which separates messages in the mbox.
 */
void specsync_mail_body(specsync_buf *out, const char *text, size_t len);

#endif
