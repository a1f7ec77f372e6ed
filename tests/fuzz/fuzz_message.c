/*
 * Fuzz target: the commit message parser (acknowledgement trailers and
 * co-authors), specsync_message_parse. The first byte picks the trailer key
 * and the ID pattern; the rest is the message (cut at its first NUL, as a
 * commit message read through libgit2 is a C string).
 */
#include "fuzz.h"

#include "common.h"
#include "message.h"
#include "regex.h"

static const char *const keys[] = {"Sync-Ack", "Ack", "X", "Co-authored-by"};
static const char *const patterns[] = {
	"\\bREQ-[A-Z]+-[0-9]{3}\\b",
	"req~([a-z]+)~[0-9]+",
	"[A-Z]+-\\d+",
	"(?:ID|id)=(\\w+)|#(\\d+)",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static specsync_regex *compiled[COUNT(patterns)];

static specsync_regex *pattern(size_t i)
{
	if (!compiled[i] && specsync_regex_compile(&compiled[i], patterns[i], true, NULL) < 0)
		__builtin_trap();
	return compiled[i];
}

static void check(const specsync_message_info *mi)
{
	for (size_t i = 0; i < mi->ack_count; i++)
		if (!mi->ack_ids[i][0])
			__builtin_trap(); /* empty IDs are never reported */
	for (size_t i = 0; i < mi->coauthor_count; i++)
		if (!strchr(mi->coauthor_emails[i], '@') || !mi->coauthor_names[i])
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	specsync_message_info mi;
	specsync_error err;
	char *msg, *name = NULL, *email = NULL;
	unsigned sel;

	if (size < 1)
		return 0;
	sel = data[0];
	if (!(msg = specsync_strndup((const char *)data + 1, size - 1)))
		return 0;
	specsync_error_clear(&err);
	if (specsync_message_parse(&mi, msg, keys[sel % COUNT(keys)],
				   pattern((sel / COUNT(keys)) % COUNT(patterns)), &err) == 0) {
		check(&mi);
		specsync_message_info_dispose(&mi);
	}
	if (specsync_parse_person(&name, &email, msg) == 0 && !email)
		__builtin_trap();
	free(name);
	free(email);
	free(msg);
	return 0;
}
