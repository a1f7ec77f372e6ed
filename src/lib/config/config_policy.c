/*
 * `.specsync.yml` policy (levels per finding, escalation after a
 * duration), ack_trailer and max_file_size; read by config.c's loader
 * with the primitives of config_read.c.
 */
#include "config_internal.h"
#include "common.h"
#include "message.h"
#include "yaml_tree.h"

#include <errno.h>

static const char *const policy_keys[] = { "unsynced", "out_of_role", "invalid_ack",
					   "escalate" };
static const char *const escalate_keys[] = { "after", "level" };

/* ---- policy, ack_trailer ---------------------------------------------------- */

static int read_unsynced(loader *l, const ynode *n)
{
	specsync_config *cfg = l->cfg;
	specsync_level level;
	char place[WHERE_SIZE];
	int error;

	if (n->kind == SPECSYNC_YAML_SCALAR && !n->is_null) {
		if ((error = specsync_cfg_get_level(&level, l, n, "policy.unsynced")) < 0)
			return error;
		for (size_t i = 0; i < cfg->side_count; i++)
			cfg->sides[i].unsynced = level;
		return 0;
	}
	error = specsync_cfg_expect_kind(
		l, n, SPECSYNC_YAML_MAPPING, "policy.unsynced",
		"a level (error, warning, off) or a mapping of sides to levels");
	if (error < 0)
		return error;
	for (size_t i = 0; i < n->count; i++) {
		const specsync_yaml_pair *p = &n->pairs[i];
		int side = specsync_cfg_find_name(p->key->value, l->side_names, cfg->side_count);

		if (side < 0)
			return specsync_cfg_unknown(l, p->key, "policy.unsynced", "side",
						    p->key->value, l->side_names, cfg->side_count);
		specsync_cfg_place_key(place, "policy.unsynced", p->key->value);
		if ((error = specsync_cfg_get_level(&cfg->sides[side].unsynced, l, p->value,
						    place)) < 0)
			return error;
	}
	return 0;
}

/*
 * A duration: a whole number followed by h (hours), d (days) or w (weeks),
 * from 1h to 3650d. 0 when `s` is not one.
 */
static int64_t parse_duration(const char *s)
{
	int64_t v = 0, unit;

	if (*s < '0' || *s > '9')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > 100000)
			return 0;
	unit = *s == 'h' ? 3600 : *s == 'd' ? 86400 : *s == 'w' ? 7 * 86400 : 0;
	if (!unit || s[1] || v * unit > 3650 * 86400)
		return 0;
	return v * unit;
}

/* One `{ after: DURATION, level: LEVEL }` for the sides in `mask`. */
static int read_escalation(loader *l, const ynode *n, const char *where, uint64_t mask)
{
	const ynode *after = NULL, *level;
	specsync_level lv = SPECSYNC_LEVEL_ERROR;
	int64_t secs;
	char place[WHERE_SIZE];
	int error;

	if ((error = specsync_cfg_expect_kind(l, n, SPECSYNC_YAML_MAPPING, where,
					      "a mapping with after (e.g. 14d) and level")) < 0 ||
	    (error = specsync_cfg_check_keys(l, n, where, escalate_keys, COUNT(escalate_keys))) <
		    0 ||
	    (error = specsync_cfg_required(&after, l, n, where, "after",
					   "a duration such as 14d")) < 0)
		return error;
	specsync_cfg_place_key(place, where, "after");
	if ((error = specsync_cfg_expect_kind(l, after, SPECSYNC_YAML_SCALAR, place,
					      "a duration such as 14d")) < 0)
		return error;
	if (strlen(after->value) != after->length || (secs = parse_duration(after->value)) == 0)
		return specsync_cfg_fail(
			l, after,
			"%s: invalid duration \"%.40s\" (expected a whole number followed by "
			"h, d or w, from 1h to 3650d, e.g. 14d)",
			place, after->value);
	specsync_cfg_place_key(place, where, "level");
	if ((level = specsync_yaml_get(n, "level")) &&
	    (error = specsync_cfg_get_level(&lv, l, level, place)) < 0)
		return error;
	for (size_t i = 0; i < l->cfg->side_count; i++) {
		if (!(mask & (1ull << i)))
			continue;
		l->cfg->sides[i].escalate_after = secs;
		l->cfg->sides[i].escalate_level = lv;
		l->cfg->sides[i].escalate_line = after->line;
		l->cfg->sides[i].escalate_column = after->column;
	}
	return 0;
}

/* policy.escalate: one escalation for every side, or a mapping of sides to
 * escalations. */
static int read_escalate(loader *l, const ynode *n)
{
	specsync_config *cfg = l->cfg;
	char place[WHERE_SIZE];
	int error, side;

	if (n->kind == SPECSYNC_YAML_MAPPING && n->count &&
	    specsync_cfg_find_name(n->pairs[0].key->value, escalate_keys, COUNT(escalate_keys)) >=
		    0)
		return read_escalation(l, n, "policy.escalate", ~0ull);
	if ((error = specsync_cfg_expect_kind(
		     l, n, SPECSYNC_YAML_MAPPING, "policy.escalate",
		     "{ after: 14d, level: error }, or a mapping of sides to those")) < 0)
		return error;
	for (size_t i = 0; i < n->count; i++) {
		const specsync_yaml_pair *p = &n->pairs[i];

		if ((side = specsync_cfg_find_name(p->key->value, l->side_names, cfg->side_count)) <
		    0)
			return specsync_cfg_unknown(l, p->key, "policy.escalate", "side or key",
						    p->key->value, l->side_names, cfg->side_count);
		specsync_cfg_place_key(place, "policy.escalate", p->key->value);
		if ((error = read_escalation(l, p->value, place, 1ull << side)) < 0)
			return error;
	}
	return 0;
}

int specsync_cfg_read_policy(loader *l, const ynode *root)
{
	const ynode *policy = specsync_yaml_get(root, "policy"), *n;
	int error;

	if (!policy)
		return 0;
	if ((error = specsync_cfg_expect_kind(
		     l, policy, SPECSYNC_YAML_MAPPING, "policy",
		     "a mapping with unsynced, out_of_role and invalid_ack")) < 0 ||
	    (error = specsync_cfg_check_keys(l, policy, "policy", policy_keys,
					     COUNT(policy_keys))) < 0)
		return error;
	if ((n = specsync_yaml_get(policy, "unsynced")) && (error = read_unsynced(l, n)) < 0)
		return error;
	if ((n = specsync_yaml_get(policy, "out_of_role")) &&
	    (error = specsync_cfg_get_level(&l->cfg->out_of_role, l, n, "policy.out_of_role")) < 0)
		return error;
	if ((n = specsync_yaml_get(policy, "invalid_ack")) &&
	    (error = specsync_cfg_get_level(&l->cfg->invalid_ack, l, n, "policy.invalid_ack")) < 0)
		return error;
	if ((n = specsync_yaml_get(policy, "escalate")) && (error = read_escalate(l, n)) < 0)
		return error;
	return 0;
}

static bool valid_trailer_key(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

int specsync_cfg_read_ack_trailer(loader *l, const ynode *root)
{
	const ynode *n = specsync_yaml_get(root, "ack_trailer");
	char *key = NULL;
	int error;

	if (!n)
		return 0;
	if ((error = specsync_cfg_get_string(&key, l, n, "ack_trailer",
					     "a trailer key such as Sync-Ack")) < 0)
		return error;
	if (!valid_trailer_key(key)) {
		error = specsync_cfg_fail(
			l, n,
			"ack_trailer: invalid trailer key \"%.80s\" (expected letters, digits "
			"and '-', e.g. Sync-Ack)",
			key);
		free(key);
		return error;
	}
	free(l->cfg->ack_trailer);
	l->cfg->ack_trailer = key;
	return 0;
}

/* A size: digits, then optionally K, M or G (powers of 1024, "KiB", "MB"
 * and the like also read so); 0 when malformed. */
static uint64_t parse_size(const char *s)
{
	uint64_t v = 0, unit = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > SPECSYNC_MAX_MAX_FILE_SIZE)
			return 0;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	while (*p == ' ')
		p++;
	if (*p && strchr("KkMmGg", *p)) {
		unit = (*p == 'K' || *p == 'k') ? 1024u : (*p == 'M' || *p == 'm') ? 1024u * 1024u
											: 1024u * 1024u * 1024u;
		p++;
	}
	if (unit > 1 && *p == 'i')
		p++;
	if (*p == 'B')
		p++;
	if (*p || v > SPECSYNC_MAX_MAX_FILE_SIZE / unit)
		return 0;
	return v * unit;
}

int specsync_cfg_read_max_file_size(loader *l, const ynode *root)
{
	const ynode *n = specsync_yaml_get(root, "max_file_size");
	uint64_t v;
	int error;

	if (!n)
		return 0;
	if ((error = specsync_cfg_expect_kind(l, n, SPECSYNC_YAML_SCALAR, "max_file_size",
					      "a size such as 50M")) < 0)
		return error;
	if (strlen(n->value) != n->length || (v = parse_size(n->value)) == 0)
		return specsync_cfg_fail(
			l, n,
			"max_file_size: invalid size \"%.40s\" (expected bytes, or a number "
			"followed by K, M or G, from 1 to 1G)",
			n->value);
	l->cfg->max_file_size = v;
	return 0;
}
