/*
 * Applying the rules (rules.c decides) to the engine's state: the pending
 * sets, the episodes and the events (findings other than unsynchronised
 * ones), acknowledgements and out-of-role edits, merges included.
 */
#include "common.h"
#include "engine_impl.h"

#include <stdio.h>
#include "glob.h"
#include "message.h"
#include "rules.h"
#include "signature.h"

/* Could a spec file be under directory `dir`? */
bool specsync_engine_descend(const char *dir, void *payload)
{
	const specsync_config *cfg = ((const specsync_engine *)payload)->cfg;

	for (size_t s = 0; s < cfg->side_count; s++)
		for (size_t p = 0; p < cfg->sides[s].path_count; p++)
			if (specsync_glob_could_match_under(cfg->sides[s].paths[p], dir))
				return true;
	return false;
}

/* ---- episodes and events ----------------------------------------------- */

static int episode_add_commit(specsync_engine *eng, eng_episode *ep, uint32_t commit)
{
	if (ep->commit_count && ep->commits[ep->commit_count - 1] == commit)
		return 0;
	if (!ep->commit_alloc && ep->commit_count) {
		/* a loaded list, in the engine's arena: grown as a copy */
		uint32_t *own = specsync_calloc(ep->commit_count + 1, sizeof(*own));
		if (!own)
			return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
		memcpy(own, ep->commits, ep->commit_count * sizeof(*own));
		ep->commits = own;
		ep->commit_alloc = ep->commit_count + 1;
	} else if (!ep->commit_alloc) {
		ep->commits = NULL; /* empty, maybe the arena's: none yet */
	}
	if (SPECSYNC_ARRAY_RESERVE(ep->commits, ep->commit_alloc, ep->commit_count + 1) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	ep->commits[ep->commit_count++] = commit;
	return 0;
}

static int episode_open(specsync_engine *eng, uint32_t req, int side, uint64_t changed,
			uint32_t commit)
{
	eng_episode *ep;

	if (SPECSYNC_ARRAY_RESERVE(eng->episodes, eng->episode_alloc, eng->episode_count + 1) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	ep = &eng->episodes[eng->episode_count];
	memset(ep, 0, sizeof(*ep));
	ep->req = req;
	ep->side = (uint32_t)side;
	ep->changed_mask = changed;
	ep->status = SPECSYNC_STATUS_OPEN;
	ep->closed_by = -1;
	ep->before_check = !eng->checking;
	eng->reqs[req].episode[side] = (int32_t)eng->episode_count++;
	return episode_add_commit(eng, ep, commit);
}

static void episode_close(specsync_engine *eng, uint32_t req, int side, specsync_status status,
			  uint32_t commit)
{
	int32_t e = eng->reqs[req].episode[side];

	if (e < 0)
		return;
	eng->episodes[e].status = status;
	eng->episodes[e].closed_by = (int32_t)commit;
	eng->reqs[req].episode[side] = -1;
}

static int add_event(specsync_engine *eng, specsync_finding_kind kind, uint32_t req, const char *id,
		     int side, eng_actor *actor, const char *name, const char *email,
		     const char *reason)
{
	eng_event *ev;
	uint32_t commit;
	int error;

	if (!eng->recording)
		return 0;
	if ((error = specsync_engine_actor_commit(eng, actor, &commit)) < 0)
		return error;
	if (SPECSYNC_ARRAY_RESERVE(eng->events, eng->event_alloc, eng->event_count + 1) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	ev = &eng->events[eng->event_count];
	ev->kind = kind;
	ev->req = req;
	ev->id = specsync_engine_shared_str(eng, id);
	ev->side = side;
	ev->commit = commit;
	ev->merge = -1;
	ev->author_name = specsync_engine_shared_str(eng, name);
	ev->author_email = specsync_engine_shared_str(eng, email);
	ev->reason = specsync_arena_strdup(&eng->arena, reason);
	ev->forced_error = false;
	if (eng->arena.failed)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	eng->event_count++;
	return 0;
}

/* The events from index `from` on came from a commit that `merge` brought
 * onto the first-parent line: they name it. */
static int mark_merged(specsync_engine *eng, size_t from, eng_actor *merge)
{
	uint32_t commit;
	int error;

	if (from == eng->event_count)
		return 0;
	if ((error = specsync_engine_actor_commit(eng, merge, &commit)) < 0)
		return error;
	for (size_t i = from; i < eng->event_count; i++)
		eng->events[i].merge = (int32_t)commit;
	return 0;
}

int specsync_engine_add_refusal(specsync_engine *eng, const specsync_commit_meta *meta,
				const char *what, const char *reason)
{
	eng_actor actor;
	int error;

	memset(&actor, 0, sizeof(actor));
	actor.meta = meta;
	actor.commit = ENG_NO_COMMIT;
	if ((error = add_event(eng, SPECSYNC_FINDING_INVALID_ACK, UINT32_MAX, what, -1, &actor,
			       meta->author_name, meta->author_email, reason)) < 0 ||
	    !eng->recording)
		return error;
	eng->events[eng->event_count - 1].forced_error = true;
	return 0;
}

/* Moves requirement `r` from `before` to `after` pending sets. */
static int transition(specsync_engine *eng, uint32_t r, uint64_t before, uint64_t after,
		      uint64_t changed, bool initiated, specsync_status close_as, eng_actor *actor)
{
	uint32_t commit = 0;
	int error;

	if ((before != after || (initiated && after)) &&
	    (error = specsync_engine_actor_commit(eng, actor, &commit)) < 0)
		return error;
	for (size_t s = 0; s < eng->cfg->side_count; s++) {
		specsync_episode_move mv = specsync_rules_episode(before, after, initiated, (int)s);
		eng_episode *ep;
		if (mv == SPECSYNC_EPISODE_CLOSE) {
			episode_close(eng, r, (int)s, close_as, commit);
		} else if (mv == SPECSYNC_EPISODE_OPEN) {
			if ((error = episode_open(eng, r, (int)s, changed, commit)) < 0)
				return error;
		} else if (mv == SPECSYNC_EPISODE_EXTEND) {
			ep = &eng->episodes[eng->reqs[r].episode[s]];
			ep->changed_mask |= changed;
			if ((error = episode_add_commit(eng, ep, commit)) < 0)
				return error;
		}
	}
	eng->reqs[r].pending = after;
	return 0;
}

void specsync_engine_baseline(specsync_engine *eng, uint32_t commit)
{
	eng->baseline_commit = (int32_t)commit;
	for (size_t r = 0; r < eng->req_count; r++) {
		for (size_t s = 0; s < eng->cfg->side_count; s++)
			episode_close(eng, (uint32_t)r, (int)s, SPECSYNC_STATUS_BASELINED, commit);
		eng->reqs[r].pending = 0;
	}
}

static uint64_t present_mask(const specsync_engine *eng, uint32_t r)
{
	uint64_t m = 0;

	for (size_t s = 0; s < eng->cfg->side_count; s++)
		if (eng->reqs[r].acc[s].n)
			m |= 1ull << s;
	return m;
}

static bool accum_differs(const eng_accum *a, const eng_accum *b)
{
	return a->s1 != b->s1 || a->s2 != b->s2 || a->n != b->n;
}

/* Applies the pending rules to every requirement the unit touched. */
int specsync_engine_apply_rules(specsync_engine *eng, eng_actor *actor, size_t *nchanged)
{
	size_t sides = eng->cfg->side_count;
	int error;

	*nchanged = 0;
	if (SPECSYNC_ARRAY_RESERVE(eng->req_changes, eng->req_change_alloc,
				   eng->touched_count + 1) < 0)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	for (size_t t = 0; t < eng->touched_count; t++) {
		uint32_t r = eng->touched[t];
		uint64_t changed = 0, before = eng->reqs[r].pending, after;
		const eng_accum *snap = &eng->snapshot[t * sides];
		specsync_rules_step st;

		for (size_t s = 0; s < sides; s++)
			if (accum_differs(&snap[s], &eng->reqs[r].acc[s]))
				changed |= 1ull << s;
		if (!changed)
			continue;
		st = specsync_rules_next(before, changed, present_mask(eng, r), eng->all_sides);
		after = st.after;
		if ((error = transition(eng, r, before, after, changed, st.initiated,
					SPECSYNC_STATUS_RESOLVED, actor)) < 0)
			return error;
		eng->req_changes[*nchanged].req = r;
		eng->req_changes[*nchanged].changed = changed;
		eng->req_changes[*nchanged].pending_before = before;
		eng->req_changes[*nchanged].pending_after = after;
		eng->req_changes[*nchanged].event = st.event;
		(*nchanged)++;
	}
	return 0;
}

/* ---- acknowledgements and roles ---------------------------------------- */

/* Why `m`'s acknowledgement of `id` does not count: nobody acknowledges
 * (`refusal` says why), or the signer or author is not in a role that may. */
static void refused_ack(char *reason, size_t size, const specsync_commit_meta *m,
			const char *id, const char *acker, const char *refusal)
{
	const char *signer = acker && acker != m->author_email ? acker : NULL;

	specsync_rules_refused_ack(reason, size, m->author_name, m->author_email, id, signer,
				   acker ? NULL : refusal);
}

/* `acker`: who acknowledges (signature.h); NULL: nobody, `refusal` says
 * why. */
static int apply_ack(specsync_engine *eng, eng_actor *actor, const char *id,
		     const specsync_message_info *mi, const char *acker, const char *refusal)
{
	int64_t r = specsync_engine_find(eng, id);
	const specsync_commit_meta *m = actor->meta;
	char reason[512];
	uint32_t commit;
	int error;

	if (r < 0) {
		specsync_rules_unknown_ack(reason, sizeof(reason), m->author_name, m->author_email,
					   id);
		return add_event(eng, SPECSYNC_FINDING_INVALID_ACK, UINT32_MAX, id, -1, actor,
				 m->author_name, m->author_email, reason);
	}
	if (!eng->reqs[r].pending)
		return 0; /* nothing owed: a harmless no-op */
	if (!acker || !specsync_rules_ack_allowed(eng->cfg, id, eng->reqs[r].pending, acker,
						  mi->coauthor_emails, mi->coauthor_count)) {
		refused_ack(reason, sizeof(reason), m, id, acker, refusal);
		return add_event(eng, SPECSYNC_FINDING_INVALID_ACK, (uint32_t)r, id, -1, actor,
				 m->author_name, m->author_email, reason);
	}
	if ((error = specsync_engine_actor_commit(eng, actor, &commit)) < 0)
		return error;
	for (size_t s = 0; s < eng->cfg->side_count; s++)
		if (eng->reqs[r].pending & (1ull << s))
			episode_close(eng, (uint32_t)r, (int)s, SPECSYNC_STATUS_ACKNOWLEDGED,
				      commit);
	eng->reqs[r].pending = 0;
	return 0;
}

static bool mentions_key(const char *msg, const char *key)
{
	return specsync_mentions_key(msg, strlen(msg), key);
}

/* A match limit hit in a commit message: say which message. */
static void message_error(specsync_engine *eng, const specsync_commit_meta *meta, int code)
{
	char hex[41], message[sizeof(eng->err->message)];

	if (!eng->err || code != SPECSYNC_EINPUT)
		return;
	memcpy(message, eng->err->message, sizeof(message));
	if (specsync_oid_is_zero(&meta->id)) {
		specsync_fail(eng->err, code, "the commit message: %s", message);
		return;
	}
	specsync_oid_fmt(hex, &meta->id);
	specsync_fail(eng->err, code, "the message of commit %.12s: %s", hex, message);
}

/* Co-authors are people too: .mailmap applies to them as to authors. */
static int mailmap_coauthors(specsync_engine *eng, specsync_message_info *mi)
{
	for (size_t c = 0; c < mi->coauthor_count; c++) {
		char *name = NULL, *email = NULL;
		if (specsync_git_mailmap(&name, &email, eng->repo,
					 mi->coauthor_names[c] ? mi->coauthor_names[c] : "",
					 mi->coauthor_emails[c]) < 0)
			return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
		free(name);
		free(mi->coauthor_emails[c]);
		mi->coauthor_emails[c] = email;
	}
	return 0;
}

int specsync_engine_apply_acks(specsync_engine *eng, eng_actor *actors, size_t count)
{
	int error = 0;

	for (size_t a = 0; a < count && !error; a++) {
		specsync_message_info mi;
		const char *msg = actors[a].meta->message;
		if (!mentions_key(msg, eng->cfg->ack_trailer))
			continue;
		memset(&mi, 0, sizeof(mi));
		if ((error = specsync_message_parse(&mi, msg, eng->cfg->ack_trailer, eng->cfg->id,
						    eng->err)) < 0) {
			message_error(eng, actors[a].meta, error);
			break;
		}
		size_t from = eng->event_count;
		const char *acker = NULL;
		char refusal[256];
		bool owned = false;
		if (!(error = mailmap_coauthors(eng, &mi)))
			error = specsync_signature_acker(&acker, &owned, refusal, sizeof(refusal),
							 eng, actors[a].meta, &mi);
		for (size_t i = 0; i < mi.ack_count && !error; i++)
			error = apply_ack(eng, &actors[a], mi.ack_ids[i], &mi, acker, refusal);
		if (!error && a > 0)
			error = mark_merged(eng, from, &actors[0]);
		if (owned)
			free((char *)acker);
		specsync_message_info_dispose(&mi);
	}
	return error;
}

static int out_of_role_one(specsync_engine *eng, uint32_t r, int side, eng_actor *actor)
{
	const char *id = eng->reqs[r].id;
	const specsync_commit_meta *m = actor->meta;
	char reason[512];

	if (!specsync_rules_out_of_role(eng->cfg, id, side, m->author_email))
		return 0;
	specsync_rules_out_of_role_text(reason, sizeof(reason), m->author_name, m->author_email,
					eng->cfg->sides[side].name, id);
	return add_event(eng, SPECSYNC_FINDING_OUT_OF_ROLE, r, id, side, actor, m->author_name,
			 m->author_email, reason);
}

/* Paths (of side `side`) changed in this unit that carry requirement r. */
static bool change_carries(const eng_file_change *fc, uint32_t r)
{
	const eng_parse *ps[2] = {fc->old_parse, fc->new_parse};

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; ps[k] && i < ps[k]->count; i++)
			if (ps[k]->entries[i].req == r)
				return true;
	return false;
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct path_collector {
	specsync_engine *eng;
	eng_actor *actor;
} path_collector;

static bool collector_descend(const char *dir, void *payload)
{
	return specsync_engine_descend(dir, ((path_collector *)payload)->eng);
}

static int collect_path(const specsync_tree_change *ch, void *payload)
{
	eng_actor *a = ((path_collector *)payload)->actor;
	char *p;

	if (SPECSYNC_ARRAY_RESERVE(a->paths, a->path_alloc, a->path_count + 1) < 0 ||
	    !(p = specsync_strdup(ch->path)))
		return SPECSYNC_ENOMEM;
	a->paths[a->path_count++] = p;
	return 0;
}

/*
 * The paths the merged commit of `a` changed relative to its first parent,
 * under the directories the sides could use (every changed spec file of
 * the merge unit is under one), computed once per commit.
 */
static int actor_paths(specsync_engine *eng, eng_actor *a)
{
	const specsync_commit_meta *m = a->meta;
	specsync_commit_head parent;
	path_collector pc = {eng, a};
	int error = 0;

	if (a->paths_known)
		return 0;
	a->paths_known = true;
	if (m->parent_count > 0 &&
	    (error = specsync_git_commit_head(&parent, eng->repo, &m->parents[0], NULL, eng->err)) <
		    0)
		return error;
	error = specsync_git_diff_trees(eng->repo, m->parent_count ? &parent.tree : NULL, &m->tree,
					collector_descend, collect_path, &pc, eng->err);
	if (error == SPECSYNC_ENOMEM)
		return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
	if (error < 0)
		return error;
	if (a->path_count > 1)
		qsort(a->paths, a->path_count, sizeof(*a->paths), path_cmp);
	return 0;
}

/* Did the merged commit of `a` change `path` relative to its first parent? */
static int merged_commit_touches(specsync_engine *eng, eng_actor *a, const char *path, bool *hit)
{
	int error;

	*hit = false;
	if ((error = actor_paths(eng, a)) < 0)
		return error;
	*hit = a->path_count &&
	       bsearch(&path, a->paths, a->path_count, sizeof(*a->paths), path_cmp) != NULL;
	return 0;
}

void specsync_engine_actors_dispose(eng_actor *actors, size_t count)
{
	for (size_t a = 0; a < count; a++) {
		for (size_t i = 0; i < actors[a].path_count; i++)
			free(actors[a].paths[i]);
		free(actors[a].paths);
		actors[a].paths = NULL;
		actors[a].path_count = actors[a].path_alloc = 0;
		actors[a].paths_known = false;
	}
}

/* The indexes of the file changes of `side` that carry requirement `r`.
 * *out is malloc'ed (free()), NULL when none. */
static int carrying_changes(size_t **out, size_t *n, specsync_engine *eng, uint32_t r, int side)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < eng->changes.count; i++) {
		const eng_file_change *fc = &eng->changes.items[i];
		if (fc->side != side || !change_carries(fc, r))
			continue;
		if (!*out && !(*out = specsync_calloc(eng->changes.count, sizeof(**out))))
			return specsync_fail(eng->err, SPECSYNC_ENOMEM, "out of memory");
		(*out)[(*n)++] = i;
	}
	return 0;
}

/*
 * Merge units: the authors checked are those of the merged commits that
 * changed a file of that side carrying the requirement; when none did (the
 * change came from resolving the merge), the merge's own author. The files
 * carrying the requirement are found once, not once per merged commit: a
 * pull request of n commits changing n requirements in n files was cubic.
 */
static int out_of_role_merge(specsync_engine *eng, uint32_t r, int side, eng_actor *actors,
			     size_t count)
{
	size_t *carrying, n;
	bool any = false;
	int error;

	if ((error = carrying_changes(&carrying, &n, eng, r, side)) < 0)
		return error;
	for (size_t a = 1; a < count; a++) {
		size_t from = eng->event_count;
		bool hit = false;
		for (size_t i = 0; i < n && !hit; i++)
			if ((error = merged_commit_touches(
				     eng, &actors[a], eng->changes.items[carrying[i]].path, &hit)) < 0)
				goto done;
		if (!hit)
			continue;
		any = true;
		if ((error = out_of_role_one(eng, r, side, &actors[a])) < 0 ||
		    (error = mark_merged(eng, from, &actors[0])) < 0)
			goto done;
	}
	error = any ? 0 : out_of_role_one(eng, r, side, &actors[0]);
done:
	free(carrying);
	return error;
}

int specsync_engine_check_roles(specsync_engine *eng, size_t nchanged, eng_actor *actors,
				size_t count, bool is_merge)
{
	int error = 0;

	if (!eng->recording)
		return 0;
	for (size_t i = 0; i < nchanged && !error; i++) {
		const eng_req_change *rc = &eng->req_changes[i];
		for (size_t s = 0; s < eng->cfg->side_count && !error; s++) {
			if (!(rc->changed & (1ull << s)))
				continue;
			error = is_merge ? out_of_role_merge(eng, rc->req, (int)s, actors, count)
					 : out_of_role_one(eng, rc->req, (int)s, &actors[0]);
		}
	}
	return error;
}
