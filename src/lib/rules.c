/*
 * The pending-side model. See rules.h.
 */
#include "common.h"
#include "rules.h"

#include <stdio.h>

specsync_rules_step specsync_rules_next(uint64_t before, uint64_t changed, uint64_t present,
					uint64_t all)
{
	specsync_rules_step st = {0, false, NULL};

	if (!present) {
		st.event = "retired";
	} else if ((changed & ~before) == 0) {
		st.after = before & ~changed;
		st.event = "responded";
	} else {
		st.after = all & ~changed;
		st.initiated = true;
		st.event = st.after ? "initiated" : "synchronised";
	}
	return st;
}

specsync_episode_move specsync_rules_episode(uint64_t before, uint64_t after, bool initiated,
					     int side)
{
	uint64_t bit = 1ull << side;

	if ((before & bit) && !(after & bit))
		return SPECSYNC_EPISODE_CLOSE;
	if (!(before & bit) && (after & bit))
		return SPECSYNC_EPISODE_OPEN;
	if ((after & bit) && initiated)
		return SPECSYNC_EPISODE_EXTEND;
	return SPECSYNC_EPISODE_KEEP;
}

const specsync_raci_cell *specsync_rules_cell(const specsync_config *cfg, const char *id, int side)
{
	const specsync_raci_entry *e = specsync_config_raci_for(cfg, id);

	if (!e || !e->cells[side].present)
		return NULL;
	return &e->cells[side];
}

bool specsync_rules_is_ra(const specsync_config *cfg, const char *id, int side, const char *email,
			  bool *has_roles)
{
	const specsync_raci_cell *c = specsync_rules_cell(cfg, id, side);

	*has_roles = false;
	if (!c)
		return false;
	for (int l = SPECSYNC_RACI_RESPONSIBLE; l <= SPECSYNC_RACI_ACCOUNTABLE; l++)
		for (size_t i = 0; i < c->counts[l]; i++) {
			*has_roles = true;
			if (email && specsync_config_role_has(cfg, c->letters[l][i], email))
				return true;
		}
	return false;
}

bool specsync_rules_ack_allowed(const specsync_config *cfg, const char *id, uint64_t pending,
				const char *email, char *const *coauthors, size_t coauthor_count)
{
	bool has;

	for (size_t s = 0; s < cfg->side_count; s++) {
		if (!(pending & (1ull << s)))
			continue;
		if (specsync_rules_is_ra(cfg, id, (int)s, email, &has))
			return true;
		for (size_t c = 0; c < coauthor_count; c++)
			if (specsync_rules_is_ra(cfg, id, (int)s, coauthors[c], &has))
				return true;
	}
	return false;
}

bool specsync_rules_out_of_role(const specsync_config *cfg, const char *id, int side,
				const char *email)
{
	bool has;

	return !specsync_rules_is_ra(cfg, id, side, email, &has) && has;
}

void specsync_rules_unknown_ack(char *out, size_t size, const char *name, const char *email,
				const char *id)
{
	snprintf(out, size, "%s <%s> acknowledges %s, which no specification document defines",
		 name, email, id);
}

void specsync_rules_refused_ack(char *out, size_t size, const char *name, const char *email,
				const char *id, const char *signer, const char *refusal)
{
	static const char ra[] = "Responsible or Accountable of a lagging side";
	int n = signer ? snprintf(out, size, "%s", name)
		       : snprintf(out, size, "%s <%s>", name, email);
	size_t at = n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;

	if (signer)
		snprintf(out + at, size - at,
			 " may not acknowledge %s: commit signed by %s, who is not a %s", id, signer,
			 ra);
	else if (refusal)
		snprintf(out + at, size - at, " may not acknowledge %s: %s", id, refusal);
	else
		snprintf(out + at, size - at, " may not acknowledge %s: only the %s may", id, ra);
}

void specsync_rules_out_of_role_text(char *out, size_t size, const char *name, const char *email,
				     const char *side, const char *id)
{
	snprintf(out, size,
		 "%s <%s> changed the %s side of %s without being its Responsible or "
		 "Accountable",
		 name, email, side, id);
}
