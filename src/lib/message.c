/*
 * Commit messages: acknowledgements and co-authors (see message.h).
 *
 * Every line of the message is examined, not only git's trailer block, so
 * trailers after a Markdown underline or inside a squash merge's body are
 * found. A trailer is a line "<key>[ \t]*:<value>", possibly indented (git
 * merge --squash indents the messages it concatenates by four spaces); the
 * key compares ASCII case-insensitively. Lines that follow it, indented
 * deeper than it, continue its value; they are joined to it with one space. Lines that
 * start with '#' are ordinary lines: the messages given to us are already
 * cleaned (git strips comments before it stores a commit), and a stored
 * message may legitimately hold a '#' line.
 */
#include "common.h"
#include "hash.h"
#include "message.h"

#define COAUTHOR_KEY "Co-authored-by"

/* Distinct strings in order of insertion, with a hash index over them. */
typedef struct strset {
	char **items;
	size_t count;
	size_t alloc;
	size_t *slots;     /* 1 + index into items; 0 when free */
	size_t slot_count; /* 0 or a power of two above twice count */
} strset;

typedef enum { TRAILER_NONE, TRAILER_ACK, TRAILER_COAUTHOR } trailer_kind;

typedef struct parser {
	const char *ack_key;
	specsync_regex *id_re;
	specsync_error *err;
	trailer_kind kind;  /* trailer whose value is being collected */
	size_t indent;      /* indentation of its first line */
	specsync_buf value; /* its value, continuation lines folded in */
	strset ids;
	strset emails;
	char **names; /* parallel to emails.items */
	size_t names_alloc;
} parser;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
	return is_blank(c) || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

static char *lower_ndup(const char *s, size_t len)
{
	char *p = specsync_strndup(s, len);

	for (size_t i = 0; p && i < len; i++)
		p[i] = ascii_lower(p[i]);
	return p;
}

static size_t find_slot(const strset *set, const char *s, size_t len)
{
	size_t mask = set->slot_count - 1;
	size_t i = (size_t)specsync_hash_str(s, len) & mask;

	while (set->slots[i]) {
		const char *t = set->items[set->slots[i] - 1];
		if (strncmp(t, s, len) == 0 && t[len] == '\0')
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static int grow_slots(strset *set)
{
	size_t n = set->slot_count ? set->slot_count * 2 : 16;
	size_t *slots;

	if (n > SIZE_MAX / sizeof(*slots) / 2 || !(slots = specsync_calloc(n, sizeof(*slots))))
		return SPECSYNC_ENOMEM;
	free(set->slots);
	set->slots = slots;
	set->slot_count = n;
	for (size_t i = 0; i < set->count; i++)
		set->slots[find_slot(set, set->items[i], strlen(set->items[i]))] = i + 1;
	return 0;
}

/* Adds a copy of s[0..len) unless present; *added tells which. */
static int strset_add(strset *set, const char *s, size_t len, bool *added)
{
	size_t slot;

	*added = false;
	if ((set->count + 1) * 2 > set->slot_count && grow_slots(set) < 0)
		return SPECSYNC_ENOMEM;
	slot = find_slot(set, s, len);
	if (set->slots[slot])
		return 0;
	if (SPECSYNC_ARRAY_RESERVE(set->items, set->alloc, set->count + 1) < 0 ||
	    !(set->items[set->count] = specsync_strndup(s, len)))
		return SPECSYNC_ENOMEM;
	set->slots[slot] = ++set->count;
	*added = true;
	return 0;
}

static void free_strings(char **items, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(items[i]);
	free(items);
}

static void strset_dispose(strset *set)
{
	free_strings(set->items, set->count);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

/*
 * Length of the "<key>[ \t]*:" that starts `line`, or 0 when the line does
 * not start with `key` (ASCII case-insensitive) followed by a colon.
 */
static size_t key_prefix(const char *line, size_t len, const char *key)
{
	size_t n = strlen(key), i;

	if (!n || len <= n)
		return 0;
	for (i = 0; i < n; i++)
		if (ascii_lower(line[i]) != ascii_lower(key[i]))
			return 0;
	while (i < len && is_blank(line[i]))
		i++;
	return i < len && line[i] == ':' ? i + 1 : 0;
}

static int add_ids(parser *ps)
{
	size_t offset = 0, start, end;
	bool added;
	int found;

	while ((found = specsync_regex_next(ps->id_re, ps->value.ptr, ps->value.size, offset,
					    &start, &end, &offset, ps->err)) > 0) {
		if (end > start &&
		    strset_add(&ps->ids, ps->value.ptr + start, end - start, &added) < 0)
			return specsync_fail(ps->err, SPECSYNC_ENOMEM, "out of memory");
	}
	return found;
}

/* A co-author without an e-mail is ignored: nothing could match it. */
static int add_coauthor(parser *ps)
{
	char *name = NULL, *email = NULL;
	bool added = false;
	int error;

	error = specsync_parse_person(&name, &email, ps->value.ptr);
	if (error == SPECSYNC_EINPUT) {
		error = 0;
		goto done;
	}
	if (error < 0)
		goto done;
	/* Room for the name first, so that names[] never lags emails. */
	error = SPECSYNC_ARRAY_RESERVE(ps->names, ps->names_alloc, ps->emails.count + 1);
	if (error < 0 || (error = strset_add(&ps->emails, email, strlen(email), &added)) < 0 ||
	    !added)
		goto done;
	ps->names[ps->emails.count - 1] = name ? name : specsync_strdup("");
	if (!ps->names[ps->emails.count - 1])
		error = SPECSYNC_ENOMEM;
	name = NULL;
done:
	free(name);
	free(email);
	if (error == SPECSYNC_ENOMEM)
		return specsync_fail(ps->err, error, "out of memory");
	return error;
}

/* Ends the trailer being collected, if any. */
static int finish_trailer(parser *ps)
{
	trailer_kind kind = ps->kind;

	ps->kind = TRAILER_NONE;
	if (ps->value.failed)
		return specsync_fail(ps->err, SPECSYNC_ENOMEM, "out of memory");
	if (kind == TRAILER_ACK)
		return add_ids(ps);
	if (kind == TRAILER_COAUTHOR)
		return add_coauthor(ps);
	return 0;
}

/* Starts collecting a trailer when `line` is one we know. */
static void start_trailer(parser *ps, const char *line, size_t len)
{
	size_t skip;

	specsync_buf_clear(&ps->value);
	if ((skip = key_prefix(line, len, ps->ack_key)) > 0)
		ps->kind = TRAILER_ACK;
	else if ((skip = key_prefix(line, len, COAUTHOR_KEY)) > 0)
		ps->kind = TRAILER_COAUTHOR;
	else
		return;
	specsync_buf_put(&ps->value, line + skip, len - skip);
}

static void continue_trailer(parser *ps, const char *line, size_t len)
{
	trim(&line, &len);
	specsync_buf_putc(&ps->value, ' ');
	specsync_buf_put(&ps->value, line, len);
}

static int parse_lines(parser *ps, const char *message)
{
	const char *line = message, *nl;
	size_t len;
	int error;

	while (*line) {
		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		if (len && line[len - 1] == '\r')
			len--;
		size_t ind = 0;
		while (ind < len && is_blank(line[ind]))
			ind++;
		if (ps->kind != TRAILER_NONE && ind < len && ind > ps->indent) {
			continue_trailer(ps, line, len);
		} else {
			if ((error = finish_trailer(ps)) < 0)
				return error;
			ps->indent = ind;
			start_trailer(ps, line + ind, len - ind);
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return finish_trailer(ps);
}

int specsync_message_parse(specsync_message_info *out, const char *message, const char *ack_key,
			   specsync_regex *id_re, specsync_error *err)
{
	parser ps = {0};
	int error;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!out || !message || !ack_key || !*ack_key || !id_re)
		return specsync_fail(err, SPECSYNC_EUSAGE, "invalid argument to message parser");
	ps.ack_key = ack_key;
	ps.id_re = id_re;
	specsync_regex_new_document(id_re);
	ps.err = err;
	if ((error = parse_lines(&ps, message)) < 0)
		goto done;
	out->ack_ids = ps.ids.items;
	out->ack_count = ps.ids.count;
	out->coauthor_emails = ps.emails.items;
	out->coauthor_names = ps.names;
	out->coauthor_count = ps.emails.count;
	free(ps.ids.slots);
	free(ps.emails.slots);
	memset(&ps.ids, 0, sizeof(ps.ids));
	memset(&ps.emails, 0, sizeof(ps.emails));
	ps.names = NULL;
done:
	free_strings(ps.names, ps.emails.count);
	strset_dispose(&ps.ids);
	strset_dispose(&ps.emails);
	specsync_buf_dispose(&ps.value);
	return error;
}

void specsync_message_info_dispose(specsync_message_info *info)
{
	if (!info)
		return;
	free_strings(info->ack_ids, info->ack_count);
	free_strings(info->coauthor_emails, info->coauthor_count);
	free_strings(info->coauthor_names, info->coauthor_count);
	memset(info, 0, sizeof(*info));
}

static bool valid_email(const char *s, size_t len)
{
	if (!len || !memchr(s, '@', len))
		return false;
	for (size_t i = 0; i < len; i++)
		if (is_space(s[i]) || s[i] == '<' || s[i] == '>')
			return false;
	return true;
}

int specsync_parse_person(char **name, char **email, const char *text)
{
	const char *lt, *gt, *addr = text, *who = text;
	size_t addr_len, who_len = 0;

	if (!name || !email)
		return SPECSYNC_EUSAGE;
	*name = *email = NULL;
	if (!text)
		return SPECSYNC_EINPUT;
	addr_len = strlen(text);
	if ((lt = strchr(text, '<')) != NULL) {
		who_len = (size_t)(lt - text);
		addr = lt + 1;
		gt = strchr(addr, '>');
		addr_len = gt ? (size_t)(gt - addr) : strlen(addr);
	}
	trim(&addr, &addr_len);
	trim(&who, &who_len);
	if (!valid_email(addr, addr_len))
		return SPECSYNC_EINPUT;
	if (!(*email = lower_ndup(addr, addr_len)))
		return SPECSYNC_ENOMEM;
	if (who_len && !(*name = specsync_strndup(who, who_len))) {
		free(*email);
		*email = NULL;
		return SPECSYNC_ENOMEM;
	}
	return 0;
}
