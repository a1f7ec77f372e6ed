#include "common.h"
#include "hash.h"
#include "map.h"

static size_t find(const specsync_strmap *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	while (m->slots[i].key &&
	       (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & mask;
	return i;
}

void *specsync_strmap_get(const specsync_strmap *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = find(m, key, specsync_hash_str(key, strlen(key)));
	return m->slots[i].key ? m->slots[i].value : NULL;
}

static int grow(specsync_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	specsync_strmap_slot *old = m->slots;
	size_t oldcap = m->cap;

	if (!(m->slots = specsync_calloc(cap, sizeof(*m->slots)))) {
		m->slots = old;
		return SPECSYNC_ENOMEM;
	}
	m->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			m->slots[find(m, old[i].key, old[i].hash)] = old[i];
	free(old);
	return 0;
}

int specsync_strmap_put(specsync_strmap *m, const char *key, void *value, void **old)
{
	uint64_t h = specsync_hash_str(key, strlen(key));
	size_t i;

	if (old)
		*old = NULL;
	if ((m->count + 1) * 4 > m->cap * 3 && grow(m) < 0)
		return SPECSYNC_ENOMEM;
	i = find(m, key, h);
	if (m->slots[i].key) {
		if (old)
			*old = m->slots[i].value;
		m->slots[i].value = value;
		return 0;
	}
	if (!(m->slots[i].key = specsync_strdup(key)))
		return SPECSYNC_ENOMEM;
	m->slots[i].hash = h;
	m->slots[i].value = value;
	m->count++;
	return 0;
}

void *specsync_strmap_remove(specsync_strmap *m, const char *key)
{
	size_t i, j, mask;
	void *value;

	if (!m->cap)
		return NULL;
	i = find(m, key, specsync_hash_str(key, strlen(key)));
	if (!m->slots[i].key)
		return NULL;
	value = m->slots[i].value;
	free(m->slots[i].key);
	m->slots[i].key = NULL;
	m->count--;
	/* Re-seat the rest of the probe run so lookups still find it. */
	mask = m->cap - 1;
	for (j = (i + 1) & mask; m->slots[j].key; j = (j + 1) & mask) {
		specsync_strmap_slot s = m->slots[j];
		m->slots[j].key = NULL;
		m->slots[find(m, s.key, s.hash)] = s;
	}
	return value;
}

void specsync_strmap_dispose(specsync_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

/* ---- object id sets ------------------------------------------------------- */

static const unsigned char zero_id[20];

/* Object ids are uniformly distributed: their first bytes are the hash. */
static size_t oid_slot(const specsync_oidset *s, const unsigned char id[20])
{
	uint64_t h;
	size_t mask = s->cap - 1, i;

	memcpy(&h, id, sizeof(h));
	for (i = (size_t)h & mask; memcmp(s->ids[i], zero_id, 20) != 0; i = (i + 1) & mask)
		if (memcmp(s->ids[i], id, 20) == 0)
			break;
	return i;
}

static int oidset_grow(specsync_oidset *s)
{
	specsync_oidset bigger = { NULL, s->cap ? s->cap * 2 : 1024, s->count };

	if (!(bigger.ids = specsync_calloc(bigger.cap, sizeof(*bigger.ids))))
		return SPECSYNC_ENOMEM;
	for (size_t i = 0; i < s->cap; i++)
		if (memcmp(s->ids[i], zero_id, 20) != 0)
			memcpy(bigger.ids[oid_slot(&bigger, s->ids[i])], s->ids[i], 20);
	free(s->ids);
	*s = bigger;
	return 0;
}

int specsync_oidset_add(specsync_oidset *s, const unsigned char id[20])
{
	size_t i;

	if ((s->count + 1) * 2 > s->cap && oidset_grow(s) < 0)
		return SPECSYNC_ENOMEM;
	i = oid_slot(s, id);
	if (memcmp(s->ids[i], zero_id, 20) != 0)
		return 0;
	memcpy(s->ids[i], id, 20);
	s->count++;
	return 1;
}

bool specsync_oidset_has(const specsync_oidset *s, const unsigned char id[20])
{
	return s->count && memcmp(s->ids[oid_slot(s, id)], zero_id, 20) != 0;
}

void specsync_oidset_dispose(specsync_oidset *s)
{
	free(s->ids);
	s->ids = NULL;
	s->cap = s->count = 0;
}
