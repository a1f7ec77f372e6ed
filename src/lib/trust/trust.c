/*
 * A push or a pull request may not change who is who. See trust.h.
 */
#include "common.h"
#include "trust.h"
#include "message.h"
#include "signature.h"
#include "walk.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_EMAILS 16

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		++*s;
		--*len;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		--*len;
}

static size_t put_email(char out[][256], size_t n, size_t max, const char *s, size_t len)
{
	trim(&s, &len);
	if (n == max || !len || len >= 256)
		return n;
	for (size_t i = 0; i < len; i++)
		out[n][i] = (char)tolower((unsigned char)s[i]);
	out[n][len] = '\0';
	return n + 1;
}

size_t specsync_trust_line_emails(char out[][256], size_t max, const char *line, size_t len,
				  bool mailmap)
{
	const char *end, *p;
	size_t n = 0;

	trim(&line, &len);
	if (!len || *line == '#')
		return 0;
	end = line + len;
	if (mailmap) {
		for (p = line; p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL;) {
			const char *close = memchr(p, '>', (size_t)(end - p));
			if (!close)
				break;
			n = put_email(out, n, max, p + 1, (size_t)(close - p - 1));
			p = close + 1;
		}
		return n;
	}
	/* principals, up to the first blank: "a@x.org,b@x.org ssh-ed25519 ..." */
	for (p = line; p < end && !isspace((unsigned char)*p);) {
		size_t k = 0;
		while (p + k < end && p[k] != ',' && !isspace((unsigned char)p[k]))
			k++;
		n = put_email(out, n, max, p, k);
		p += k;
		if (p < end && *p == ',')
			p++;
	}
	return n;
}

/* `path` at commit `id` (NULL: before the first commit); *data NULL when
 * absent there (or not a regular file). */
static int read_at(char **data, size_t *len, specsync_engine *eng, const specsync_oid *id,
		   const char *path)
{
	specsync_repo *repo = specsync_engine_repo(eng);
	specsync_error *err = specsync_engine_error(eng);
	char hex[41];
	int error;

	*data = NULL;
	*len = 0;
	if (!id)
		return 0;
	specsync_oid_fmt(hex, id);
	error = specsync_repo_read_file(data, len, repo, hex, path, NULL);
	if (error == SPECSYNC_ENOTFOUND || error == SPECSYNC_EINPUT)
		return 0;
	return error < 0 ? specsync_fail(err, error, "reading %s in %.12s", path, hex) : 0;
}

static bool same(const char *a, size_t la, const char *b, size_t lb)
{
	return (!a && !b) || (a && b && la == lb && !memcmp(a, b, la));
}

/* Whether `text` has a line equal to `line` (both trimmed). */
static bool has_line(const char *text, const char *line, size_t len)
{
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		const char *s = p;
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		trim(&s, &n);
		if (n == len && !memcmp(s, line, len))
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

static bool is_member(const specsync_config *cfg, const char *email)
{
	for (size_t r = 0; r < cfg->role_count; r++)
		if (specsync_config_role_has(cfg, r, email))
			return true;
	return false;
}

static bool is_accountable(const specsync_config *cfg, const char *email)
{
	for (size_t e = 0; e < cfg->raci_count; e++)
		for (size_t s = 0; s < cfg->side_count; s++) {
			const specsync_raci_cell *c = &cfg->raci[e].cells[s];
			for (size_t k = 0; k < c->counts[SPECSYNC_RACI_ACCOUNTABLE]; k++)
				if (specsync_config_role_has(
					    cfg, c->letters[SPECSYNC_RACI_ACCOUNTABLE][k], email))
					return true;
		}
	return false;
}

typedef struct change {
	const char *path;
	bool mailmap;
	const char *old_text; /* NULL: absent */
	const char *new_text;
} change;

/* The first line `ch` adds that names a role member whom `who` may not
 * speak for: *member and the line (trimmed) in `line`; false when none. */
static bool offending_line(char member[256], char line[128], const specsync_config *cfg,
			   const change *ch, const char *who)
{
	char emails[MAX_EMAILS][256];

	for (const char *p = ch->new_text; p && *p;) {
		const char *nl = strchr(p, '\n'), *s = p;
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t k;
		trim(&s, &n);
		p = nl ? nl + 1 : NULL;
		if (!n || (ch->old_text && has_line(ch->old_text, s, n)))
			continue;
		k = specsync_trust_line_emails(emails, MAX_EMAILS, s, n, ch->mailmap);
		for (size_t i = 0; i < k; i++) {
			if (!is_member(cfg, emails[i]) ||
			    (who && (!specsync_email_cmp(who, emails[i]) || is_accountable(cfg, who))))
				continue;
			snprintf(member, 256, "%s", emails[i]);
			snprintf(line, 128, "%.*s", (int)(n < 120 ? n : 120), s);
			return true;
		}
	}
	return false;
}

/* Commit `meta` against its first parent, for one identity file. */
static int check_commit(specsync_engine *eng, const specsync_commit_meta *meta, change *ch)
{
	const specsync_config *cfg = specsync_engine_config(eng);
	specsync_message_info none;
	char *before = NULL, *after = NULL, member[256], line[128], reason[2048], refusal[256];
	const char *who = NULL;
	size_t lb, la;
	bool owned = false;
	int error;

	memset(&none, 0, sizeof(none));
	if ((error = read_at(&before, &lb, eng, meta->parent_count ? &meta->parents[0] : NULL,
			     ch->path)) < 0 ||
	    (error = read_at(&after, &la, eng, &meta->id, ch->path)) < 0 || same(before, lb, after, la))
		goto done;
	ch->old_text = before;
	ch->new_text = after;
	if ((error = specsync_signature_acker(&who, &owned, refusal, sizeof(refusal), eng, meta,
					      &none)) < 0 ||
	    !offending_line(member, line, cfg, ch, who))
		goto done;
	snprintf(reason, sizeof(reason),
		 "%.200s <%.200s> changes who is who: %.200s gains \"%s\", which names %s, a role "
		 "member; in "
		 "a push or a pull request only that person or an Accountable may (%s)",
		 meta->author_name, meta->author_email, ch->path, line, member,
		 who ? "refused whatever the policy" : refusal);
	error = specsync_engine_add_refusal(eng, meta, ch->path, reason);
done:
	if (owned)
		free((char *)who);
	free(before);
	free(after);
	return error;
}

/* A commit of the checked range, oldest first: its meta when the check
 * read it already (else read here, only if it touches an identity file). */
typedef struct candidate {
	specsync_oid id;
	specsync_oid parent;
	bool has_parent;
	const specsync_commit_meta *meta;
} candidate;

typedef struct candidates {
	candidate *items;
	size_t count;
} candidates;

/* The entry of `path` at commit `id` (a regular file), or false. */
static bool entry_at(specsync_oid *out, specsync_engine *eng, const specsync_oid *id,
		     const char *path)
{
	char hex[41];

	specsync_oid_fmt(hex, id);
	return specsync_git_entry_at(out, specsync_engine_repo(eng), hex, path, NULL) == 0;
}

/* The last entry looked up: a commit's entry is its child's parent entry
 * (the range's commits come oldest first). */
typedef struct last_entry {
	specsync_oid commit, entry;
	bool valid, present;
} last_entry;

static bool entry_of(specsync_oid *out, last_entry *last, specsync_engine *eng,
		     const specsync_oid *id, const char *path)
{
	if (last->valid && specsync_oid_equal(&last->commit, id)) {
		*out = last->entry;
		return last->present;
	}
	last->present = entry_at(&last->entry, eng, id, path);
	last->commit = *id;
	last->valid = true;
	*out = last->entry;
	return last->present;
}

/* Does commit `c` change `path` against its first parent? */
static bool touches(specsync_engine *eng, const candidate *c, const char *path,
		    last_entry *last)
{
	specsync_oid a, b;
	bool had = c->has_parent && entry_of(&a, last, eng, &c->parent, path);
	bool has = entry_of(&b, last, eng, &c->id, path);

	return had != has || (had && !specsync_oid_equal(&a, &b));
}

static int check_candidate(specsync_engine *eng, const candidate *c, change *ch,
			   last_entry *last)
{
	specsync_commit_meta meta;
	int error;

	if (!touches(eng, c, ch->path, last))
		return 0;
	if (c->meta)
		return check_commit(eng, c->meta, ch);
	if ((error = specsync_git_commit(&meta, specsync_engine_repo(eng), &c->id,
					 specsync_engine_error(eng))) < 0)
		return error;
	error = check_commit(eng, &meta, ch);
	specsync_commit_meta_dispose(&meta);
	return error;
}

/* Whether `path` differs between `from` and `to`; < 0 on errors. */
static int differs(specsync_engine *eng, const specsync_oid *from, const specsync_oid *to,
		   const char *path)
{
	char *a = NULL, *b = NULL;
	size_t la, lb;
	int error;

	if ((error = read_at(&a, &la, eng, from, path)) == 0 &&
	    (error = read_at(&b, &lb, eng, to, path)) == 0)
		error = !same(a, la, b, lb);
	free(a);
	free(b);
	return error;
}

static candidate from_ids(const specsync_oid *id, const specsync_oid *parents, size_t count,
			  const specsync_commit_meta *meta)
{
	candidate c = {*id, parents[0], count > 0, meta};

	return c;
}

/* The range's commits, oldest first, in the order a revision walk of
 * from..to (by time) gives them, reversed: the check's own commits when it
 * has them all (metas; or first-parent units without a merge: the walk of
 * a linear chain is the chain), else each commit's head. */
static int collect(candidates *out, specsync_engine *eng, const specsync_oid *from,
		   const specsync_oid *to, const specsync_trust_range *range)
{
	specsync_commit_head *heads = NULL;
	size_t n;
	bool merges = false;
	int error = 0;

	for (size_t i = 0; i < range->unit_count; i++)
		merges |= range->units[i].parent_count > 1;
	n = range->metas ? range->meta_count : range->unit_count;
	if (!range->metas && merges &&
	    (error = specsync_walk_commit_heads(eng, to, from, &heads, &n)) < 0) {
		free(heads);
		return error;
	}
	if (!(out->items = specsync_calloc(n + 1, sizeof(*out->items)))) {
		free(heads);
		return specsync_fail(specsync_engine_error(eng), SPECSYNC_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		const specsync_commit_meta *m = range->metas ? &range->metas[n - 1 - i] : NULL;
		const specsync_commit_head *h = m ? NULL : heads ? &heads[n - 1 - i] : &range->units[i];
		out->items[i] = m ? from_ids(&m->id, m->parents, m->parent_count, m)
				  : from_ids(&h->id, h->parents, h->parent_count, NULL);
	}
	out->count = n;
	free(heads);
	return 0;
}

int specsync_trust_guard(specsync_engine *eng, const specsync_oid *from, const specsync_oid *to,
			 const specsync_trust_range *range)
{
	const specsync_config *cfg = specsync_engine_config(eng);
	change files[2] = { { ".mailmap", true, NULL, NULL },
			    { cfg->ack_allowed_signers, false, NULL, NULL } };
	bool changed[2] = { false, false };
	candidates list = { NULL, 0 };
	int error = 0;

	/* a range from the first commit (a first push) has nothing trusted
	 * before it: its own commits gave the rules too */
	if (!from)
		return 0;
	for (size_t f = 0; f < 2 && files[f].path && error >= 0; f++)
		changed[f] = (error = differs(eng, from, to, files[f].path)) > 0;
	if (error < 0 || (!changed[0] && !changed[1]))
		return error < 0 ? error : 0;
	if ((error = collect(&list, eng, from, to, range)) == 0)
		for (size_t f = 0; f < 2 && !error; f++) {
			last_entry last = { .valid = false };
			for (size_t i = 0; changed[f] && i < list.count && !error; i++)
				error = check_candidate(eng, &list.items[i], &files[f], &last);
		}
	free(list.items);
	return error;
}
