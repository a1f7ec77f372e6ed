/*
 * specsync init: who writes each side.
 *
 * Every commit reachable from the revision (merges aside: their branches'
 * commits are walked themselves), newest first up to max_commits, is
 * compared with its first parent, looking only into directories a side's
 * glob can reach; a commit that changed a file of a side counts once for
 * its author on that side. Authors are taken after .mailmap; bots
 * ("[bot]" in the name or e-mail) and authors without a usable e-mail are
 * left out.
 */
#include "init.h"

#include "common.h"
#include "glob.h"
#include "walk.h"

#include <ctype.h>
#include <strings.h>

typedef struct walk {
	init_scan *s;
	unsigned touched; /* bit per side */
} walk;

static bool descend(const char *dir, void *payload)
{
	const walk *w = payload;

	for (int side = 0; side < INIT_SIDES; side++)
		for (size_t i = 0; i < w->s->sides[side].glob_count; i++)
			if (specsync_glob_could_match_under(w->s->sides[side].globs[i], dir))
				return true;
	return false;
}

static int changed(const specsync_tree_change *c, void *payload)
{
	walk *w = payload;
	int side = specsync_init_sides_for_path(w->s, c->path);

	if (side >= 0)
		w->touched |= 1u << side;
	return 0;
}

static bool usable(const char *name, const char *email)
{
	const char *at = email ? strchr(email, '@') : NULL;

	if (!at || at == email || !at[1] || strstr(email, "[bot]") ||
	    (name && strstr(name, "[bot]")))
		return false;
	for (const char *p = email; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>,;\"'", *p))
			return false;
	return true;
}

static bool same_email(const init_person *p, const char *email)
{
	if (strcmp(p->email, email) == 0)
		return true;
	for (size_t i = 0; i < p->alias_count; i++)
		if (strcmp(p->aliases[i], email) == 0)
			return true;
	return false;
}

/* Without a .mailmap entry, one name with several e-mails is one person. */
static int add_alias(init_person *p, const char *email)
{
	char **grown = specsync_reallocarray(p->aliases, p->alias_count + 1, sizeof(*grown));

	if (!grown)
		return SPECSYNC_ENOMEM;
	p->aliases = grown;
	if (!(p->aliases[p->alias_count] = specsync_strdup(email)))
		return SPECSYNC_ENOMEM;
	p->alias_count++;
	return 0;
}

static init_person *find_person(init_side_info *si, const specsync_commit_meta *m, bool *by_name)
{
	*by_name = false;
	for (size_t i = 0; i < si->person_count; i++)
		if (same_email(&si->people[i], m->author_email))
			return &si->people[i];
	for (size_t i = 0; m->author_name && *m->author_name && i < si->person_count; i++)
		if (strcasecmp(si->people[i].name, m->author_name) == 0) {
			*by_name = true;
			return &si->people[i];
		}
	return NULL;
}

static int credit(init_side_info *si, const specsync_commit_meta *m)
{
	bool by_name;
	init_person *p = find_person(si, m, &by_name);

	if (by_name && add_alias(p, m->author_email) < 0)
		return SPECSYNC_ENOMEM;
	if (!p) {
		if (SPECSYNC_ARRAY_RESERVE(si->people, si->person_alloc, si->person_count + 1) < 0)
			return SPECSYNC_ENOMEM;
		p = &si->people[si->person_count];
		memset(p, 0, sizeof(*p));
		if (!(p->email = specsync_strdup(m->author_email)) ||
		    !(p->name = specsync_strdup(m->author_name ? m->author_name : "")))
			return SPECSYNC_ENOMEM;
		si->person_count++;
		p->first = p->last = m->time;
	}
	p->commits++;
	if (m->time < p->first)
		p->first = m->time;
	if (m->time > p->last)
		p->last = m->time;
	si->commits++;
	return 0;
}

/* Newest first: author times, then ids for a stable order. */
static int by_time_desc(const void *a, const void *b)
{
	const specsync_commit_head *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? 1 : -1;
	return memcmp(x->id.id, y->id.id, sizeof(x->id.id));
}

static int by_commits(const void *a, const void *b)
{
	const init_person *x = a, *y = b;

	if (x->commits != y->commits)
		return x->commits < y->commits ? 1 : -1;
	return strcmp(x->email, y->email);
}

static int tree_of_parent(specsync_oid *out, init_scan *s, const specsync_commit_head *h)
{
	return specsync_git_commit_tree(out, s->repo, &h->parents[0], s->err);
}

static int visit(init_scan *s, const specsync_commit_head *h)
{
	walk w = {s, 0};
	specsync_oid parent_tree;
	specsync_commit_meta m;
	int error;

	if (h->parent_count > 1)
		return 0;
	if (h->parent_count && (error = tree_of_parent(&parent_tree, s, h)) < 0)
		return error;
	if ((error = specsync_git_diff_trees(s->repo, h->parent_count ? &parent_tree : NULL,
					     &h->tree, descend, changed, &w, s->err)) < 0)
		return error;
	if (!w.touched)
		return 0;
	memset(&m, 0, sizeof(m));
	if ((error = specsync_git_commit(&m, s->repo, &h->id, s->err)) < 0)
		return error;
	/* the proposal lists members lower-case, one person per address */
	for (char *c = m.author_email; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (int side = 0; side < INIT_SIDES && !error; side++)
		if ((w.touched >> side) & 1u && usable(m.author_name, m.author_email))
			error = credit(&s->sides[side], &m);
	specsync_commit_meta_dispose(&m);
	return error < 0 ? specsync_fail(s->err, SPECSYNC_ENOMEM, "out of memory") : 0;
}

/* The technical owner: its most active author who is not the functional
 * owner when there is one (one person Accountable on both sides is what
 * lint's same-accountable warns about). */
static void choose_owners(init_scan *s)
{
	const init_side_info *f = &s->sides[0];
	init_side_info *t = &s->sides[1];

	s->sides[0].owner = t->owner = 0;
	if (!f->person_count)
		return;
	for (size_t i = 0; i < t->person_count; i++)
		if (strcmp(t->people[i].name, f->people[0].name) &&
		    strcmp(t->people[i].email, f->people[0].email)) {
			t->owner = i;
			return;
		}
}

int specsync_init_roles_collect(init_scan *s)
{
	specsync_commit_head *heads = NULL;
	size_t count = 0, n;
	int error;

	if ((error = specsync_walk_reachable(&heads, &count, s->repo, &s->head, s->err)) < 0)
		goto done;
	qsort(heads, count, sizeof(*heads), by_time_desc);
	n = s->max_commits && count > s->max_commits ? s->max_commits : count;
	s->commits_capped = n < count;
	for (size_t i = 0; i < n; i++)
		if ((error = visit(s, &heads[i])) < 0)
			goto done;
	s->commits_walked = n;
	for (int side = 0; side < INIT_SIDES; side++)
		qsort(s->sides[side].people, s->sides[side].person_count,
		      sizeof(*s->sides[side].people), by_commits);
	choose_owners(s);
done:
	free(heads);
	return error;
}
