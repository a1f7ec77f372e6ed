/*
 * The descriptions shared by every format (a leaf: it knows no format).
 */
#include "common.h"

#include <stdio.h>
#include "hash.h"
#include "json.h"
#include "render.h"
#include "rename.h"

int specsync_render_write(specsync_render_sink *sink, const char *data, size_t len)
{
	int error;

	if (!sink->error && len && (error = sink->write(data, len, sink->payload)) < 0)
		sink->error = error;
	return sink->error;
}

int specsync_render_flush(specsync_buf *out, specsync_render_sink *sink, bool all)
{
	/* a failed buffer keeps its mark (the renderer reports it); after
	 * a failed write, what is rendered is dropped */
	if (!sink || out->failed || !out->size)
		return sink ? sink->error : 0;
	if (!sink->error && !all && out->size < SPECSYNC_RENDER_CHUNK)
		return 0;
	specsync_render_write(sink, out->ptr, out->size);
	specsync_buf_clear(out);
	return sink->error;
}

void specsync_put_clipped(specsync_buf *out, const char *text, size_t max)
{
	size_t cols = 0, i = 0;

	for (; text[i]; i++) {
		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue;
		if (++cols > max)
			break;
	}
	if (!text[i] || max < 4) {
		specsync_buf_put(out, text, i);
		return;
	}
	/* back to max - 3 code points, then "..." */
	for (cols = 0, i = 0; text[i] && cols < max - 3; i++)
		cols += ((unsigned char)text[i] & 0xC0) != 0x80;
	while (text[i] && ((unsigned char)text[i] & 0xC0) == 0x80)
		i++;
	specsync_buf_put(out, text, i);
	specsync_buf_puts(out, "...");
}

void specsync_put_person(specsync_buf *out, const specsync_person *p)
{
	/* no printf: reports print every member of every role of every
	 * finding */
	if (p->name && *p->name && p->email && *p->email) {
		specsync_buf_puts(out, p->name);
		specsync_buf_put(out, " <", 2);
		specsync_buf_puts(out, p->email);
		specsync_buf_putc(out, '>');
	} else if (p->email && *p->email)
		specsync_buf_puts(out, p->email);
	else if (p->name)
		specsync_buf_puts(out, p->name);
}

long specsync_age_days(int64_t then, int64_t now)
{
	/* clamped: a hostile commit date must not overflow the subtraction */
	then = specsync_clamp_time(then);
	now = specsync_clamp_time(now);
	return now > then ? (long)((now - then) / 86400) : 0;
}

/* "a", "a and b", "a, b and c"; no printf: the JSON report describes
 * every finding of the history */
static void put_list(specsync_buf *out, const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			specsync_buf_puts(out, i + 1 == n ? " and " : ", ");
		specsync_buf_puts(out, items[i]);
	}
}

void specsync_describe_finding(specsync_buf *out, const specsync_finding *f)
{
	switch (f->kind) {
	case SPECSYNC_FINDING_UNSYNCED:
		specsync_buf_puts(out, f->requirement);
		specsync_buf_puts(out, " changed on the ");
		put_list(out, f->changed_sides, f->changed_side_count);
		specsync_buf_puts(out, f->changed_side_count > 1 ? " sides but not on the "
								: " side but not on the ");
		specsync_buf_puts(out, f->lagging_side);
		specsync_buf_puts(out, " side");
		if (f->escalated) {
			specsync_buf_puts(out, "; ");
			specsync_describe_escalation(out, f);
		}
		if (f->renamed_from || f->renamed_to) {
			specsync_buf_puts(out, " (");
			specsync_finding_describe_rename(out, f);
			specsync_buf_putc(out, ')');
		}
		break;
	case SPECSYNC_FINDING_OUT_OF_ROLE:
	case SPECSYNC_FINDING_INVALID_ACK:
		specsync_buf_puts(out, f->reason ? f->reason : "");
		break;
	}
}

void specsync_put_duration(specsync_buf *out, int64_t seconds)
{
	if (seconds % 86400 == 0)
		specsync_buf_printf(out, "%lldd", (long long)(seconds / 86400));
	else
		specsync_buf_printf(out, "%lldh", (long long)(seconds / 3600));
}

void specsync_describe_escalation(specsync_buf *out, const specsync_finding *f)
{
	const specsync_role_list *a = &f->roles[SPECSYNC_RACI_ACCOUNTABLE];

	specsync_buf_printf(out, "open for %ld days, past the escalation age (",
			    specsync_age_days(0, f->age));
	specsync_put_duration(out, f->escalate_after);
	specsync_buf_puts(out, "): ");
	if (a->count) {
		specsync_buf_puts(out, "the Accountable, ");
		specsync_put_roles(out, a);
		specsync_buf_puts(out, ", decides");
	} else {
		specsync_buf_puts(out, "no Accountable is named to decide");
	}
}

/* The first location of requirement `id` on side `side` (-1: any side). */
static bool requirement_location(specsync_location *out, const specsync_result *r,
				 const char *id, int side)
{
	const specsync_requirement *q = specsync_result_find(r, id);
	size_t sides = specsync_config_side_count(r->cfg);

	for (size_t s = 0; q && s < sides; s++) {
		if ((side >= 0 && (size_t)side != s) || !q->location_counts[s])
			continue;
		*out = q->locations[s][0];
		return true;
	}
	return false;
}

specsync_location specsync_anchor(const specsync_result *r, const specsync_finding *f)
{
	specsync_location loc = { ".specsync.yml", 1 };

	if (f->kind == SPECSYNC_FINDING_UNSYNCED) {
		if (f->changed_location_count)
			loc = f->changed_locations[0];
		else if (f->lagging_location_count)
			loc = f->lagging_locations[0];
	} else if (f->kind == SPECSYNC_FINDING_OUT_OF_ROLE &&
		   requirement_location(&loc, r, f->requirement,
					specsync_side_index(r->cfg, f->side))) {
		/* found on the edited side */
	} else {
		requirement_location(&loc, r, f->requirement, -1);
	}
	if (!loc.line)
		loc.line = 1;
	return loc;
}

void specsync_put_roles(specsync_buf *out, const specsync_role_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		const specsync_role_ref *role = &list->items[i];
		specsync_buf_printf(out, "%s%s: ", i ? "; " : "", role->name);
		for (size_t m = 0; m < role->member_count; m++) {
			if (m)
				specsync_buf_puts(out, ", ");
			specsync_put_person(out, &role->members[m]);
		}
		if (!role->member_count)
			specsync_buf_puts(out, "(no members)");
	}
	if (!list->count)
		specsync_buf_puts(out, "nobody");
}

static void put_locations(specsync_buf *out, const specsync_location *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		specsync_buf_printf(out, "%s%s:%u", i ? ", " : "", l[i].path, l[i].line);
}

static void responsible_accountable(specsync_buf *out, const specsync_finding *f,
				    const char *side, const char *sep)
{
	const specsync_role_list *roles = f->roles;

	if (!roles[SPECSYNC_RACI_RESPONSIBLE].count && !roles[SPECSYNC_RACI_ACCOUNTABLE].count) {
		specsync_buf_printf(out, "%sNo RACI entry names a Responsible or Accountable for "
					 "the %s side of %s.",
				    sep, side ? side : "", f->requirement);
		return;
	}
	specsync_buf_printf(out, "%sResponsible: ", sep);
	specsync_put_roles(out, &roles[SPECSYNC_RACI_RESPONSIBLE]);
	specsync_buf_puts(out, ". Accountable: ");
	specsync_put_roles(out, &roles[SPECSYNC_RACI_ACCOUNTABLE]);
	specsync_buf_putc(out, '.');
}

static void unsynced_action(specsync_buf *out, const specsync_result *r,
			    const specsync_finding *f, const char *sep)
{
	bool check = specsync_result_is_check(r);

	if (check && f->status == SPECSYNC_STATUS_OPEN)
		specsync_buf_printf(out, "%sOpen before this change (not its doing).", sep);
	else if (f->status == SPECSYNC_STATUS_RESOLVED && check)
		specsync_buf_printf(out, "%sSynchronised again by this change%s.", sep,
				    f->closed_as == SPECSYNC_STATUS_ACKNOWLEDGED ? " (acknowledged)"
										 : "");
	else if (!specsync_finding_counts(r, f))
		specsync_buf_printf(out, "%sClosed (%s).", sep, specsync_status_name(f->status));
	if (!specsync_finding_counts(r, f) && !(check && f->status == SPECSYNC_STATUS_OPEN))
		return;
	if (f->lagging_location_count) {
		specsync_buf_printf(out, "%sUpdate the %s side: ", sep, f->lagging_side);
		put_locations(out, f->lagging_locations, f->lagging_location_count);
		specsync_buf_putc(out, '.');
	} else if (f->lagging_hint_path) {
		specsync_buf_printf(out, "%sAdd it to the %s side (e.g. to %s).", sep,
				    f->lagging_side, f->lagging_hint_path);
	} else {
		specsync_buf_printf(out, "%sAdd it to the %s side.", sep, f->lagging_side);
	}
	responsible_accountable(out, f, f->lagging_side, sep);
	specsync_buf_printf(out, "%sIf the %s side needs no change, one of them acknowledges it "
				 "in a commit message: \"%s: %s <reason>\".",
			    sep, f->lagging_side, r->cfg->ack_trailer, f->requirement);
	if (f->reviewer_count) {
		specsync_buf_printf(out, "%sReviewers to request: ", sep);
		put_list(out, f->reviewers, f->reviewer_count);
		specsync_buf_putc(out, '.');
	}
}

void specsync_describe_action(specsync_buf *out, const specsync_result *r,
			      const specsync_finding *f, const char *sep)
{
	if (f->kind == SPECSYNC_FINDING_UNSYNCED)
		unsynced_action(out, r, f, sep);
	else if (f->kind == SPECSYNC_FINDING_OUT_OF_ROLE)
		responsible_accountable(out, f, f->side, sep);
	if (f->kind != SPECSYNC_FINDING_UNSYNCED && f->commit)
		specsync_buf_printf(out, "%sCommit %s: \"%s\".", sep, f->commit->short_id,
				    f->commit->summary ? f->commit->summary : "");
}

static void hash_field(specsync_buf *key, const char *s)
{
	specsync_buf_put(key, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* The definition is docs/ci.md's ("Fingerprints"); tests/unit pins values. */
void specsync_fingerprint(char out[33], const specsync_finding *f)
{
	specsync_buf key = SPECSYNC_BUF_INIT;
	bool unsynced = f->kind == SPECSYNC_FINDING_UNSYNCED;
	const specsync_commit_info *c = unsynced ? (f->commit_count ? &f->commits[0] : NULL)
						 : f->commit;

	hash_field(&key, specsync_finding_kind_name(f->kind));
	hash_field(&key, f->requirement);
	hash_field(&key, unsynced ? f->lagging_side : f->side);
	hash_field(&key, c ? c->id : NULL);
	specsync_hash_xxh3_hex(out, key.ptr ? key.ptr : "", key.size);
	specsync_buf_dispose(&key);
}

int specsync_fingerprint_unique(char out[33], specsync_strmap *seen, const specsync_finding *f)
{
	specsync_fingerprint(out, f);
	for (unsigned n = 1; specsync_strmap_get(seen, out); n++) {
		char key[48];
		size_t len = (size_t)snprintf(key, sizeof(key), "%.32s#%u", out, n);
		specsync_hash_xxh3_hex(out, key, len);
	}
	return specsync_strmap_put(seen, out, (void *)f, NULL);
}

/*
 * Text goes to terminals, and much of it comes from whoever wrote the
 * history: author names, commit summaries, file names, IDs and section
 * texts may hold escape sequences (clear the screen, rewrite the line, set
 * the window title) or carriage returns that overwrite a line. In the text
 * appended since `from`, every control character but LF, TAB and the CR
 * of a CRLF becomes '?', except, with colours on, the colour sequences (ESC [ digits ; m)
 * that the renderers write (an attacker's colour change is harmless).
 */
void specsync_render_neutralise(specsync_buf *out, size_t from, bool color)
{
	unsigned char *p = (unsigned char *)out->ptr;

	for (size_t i = from; p && i < out->size; i++) {
		size_t k = i + 1;

		if (p[i] >= 0x20 && p[i] != 0x7f)
			continue;
		/* CR only before LF: CSV ends its lines so (RFC 4180), and a CR
		 * there cannot overwrite anything */
		if (p[i] == '\n' || p[i] == '\t' || (p[i] == '\r' && k < out->size && p[k] == '\n'))
			continue;
		if (p[i] == 0x1b && color && k < out->size && p[k] == '[') {
			for (k++; k < out->size && ((p[k] >= '0' && p[k] <= '9') || p[k] == ';'); k++)
				;
			if (k < out->size && p[k] == 'm') {
				i = k;
				continue;
			}
		}
		p[i] = '?';
	}
}

static bool needs_quotes(const unsigned char *p)
{
	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
			return true;
	return false;
}

void specsync_render_put_path(specsync_buf *out, const char *path)
{
	static const char named[] = "\a\b\t\n\v\f\r";
	static const char letters[] = "abtnvfr";
	const unsigned char *p = (const unsigned char *)(path ? path : "");
	const char *k;

	if (!needs_quotes(p)) {
		specsync_buf_puts(out, (const char *)p);
		return;
	}
	specsync_buf_putc(out, '"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			specsync_buf_printf(out, "\\%c", *p);
		else if (*p && (k = strchr(named, *p)))
			specsync_buf_printf(out, "\\%c", letters[k - named]);
		else if (*p < 0x20 || *p == 0x7f)
			specsync_buf_printf(out, "\\%03o", *p);
		else
			specsync_buf_putc(out, (char)*p);
	}
	specsync_buf_putc(out, '"');
}

bool specsync_render_md_breaks_link(const char *s, size_t i)
{
	if (s[i] == ':')
		return s[i + 1] == '/' && s[i + 2] == '/';
	return s[i] == '.' && i >= 3 && (s[i - 3] | 0x20) == 'w' && (s[i - 2] | 0x20) == 'w' &&
	       (s[i - 1] | 0x20) == 'w';
}

void specsync_render_md_inline(specsync_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p);

	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n = specsync_utf8_len(p + i, len - i);
		if (c == '\n' || c == '\r' || c == '\t')
			specsync_buf_putc(out, ' ');
		else if (c < 0x20 || c == 0x7f || n == 0)
			specsync_buf_puts(out, "\xef\xbf\xbd");
		else if (c == '&')
			specsync_buf_puts(out, "&amp;");
		else if (c == '<')
			specsync_buf_puts(out, "&lt;");
		else if (c == '>')
			specsync_buf_puts(out, "&gt;");
		else if (c == '"')
			specsync_buf_puts(out, "&quot;");
		else if (c == '@')
			specsync_buf_puts(out, "&#64;");
		else if (strchr("\\`*_[](){}~!|$#", c) ||
		         specsync_render_md_breaks_link((const char *)p, i))
			specsync_buf_printf(out, "\\%c", c);
		else
			specsync_buf_put(out, (const char *)p + i, n);
		i += n ? n : 1;
	}
}
