/*
 * A string-keyed hash map (open addressing, linear probing). Keys are
 * copied into the map; values are opaque pointers owned by the caller.
 */
#ifndef SPECSYNC_MAP_H
#define SPECSYNC_MAP_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct specsync_strmap_slot {
	char *key;      /* NULL: empty */
	uint64_t hash;
	void *value;
} specsync_strmap_slot;

typedef struct specsync_strmap {
	specsync_strmap_slot *slots;
	size_t cap;     /* power of two, or 0 */
	size_t count;
} specsync_strmap;

#define SPECSYNC_STRMAP_INIT { NULL, 0, 0 }

/* The value stored for `key`, or NULL. */
void *specsync_strmap_get(const specsync_strmap *m, const char *key);
/* Inserts or replaces; the previous value (or NULL) goes to *old when not
 * NULL. Returns 0 or SPECSYNC_ENOMEM. */
int specsync_strmap_put(specsync_strmap *m, const char *key, void *value, void **old);
/* Removes `key`; returns its value or NULL. */
void *specsync_strmap_remove(specsync_strmap *m, const char *key);
/* Frees the keys and slots (not the values). */
void specsync_strmap_dispose(specsync_strmap *m);

/* Iteration: for (size_t i = 0; i < m->cap; i++) if (m->slots[i].key) ... */

/*
 * A set of 20-byte object ids (open addressing). The all-zero id cannot be
 * stored: it marks empty slots.
 */
typedef struct specsync_oidset {
	unsigned char (*ids)[20];
	size_t cap;     /* power of two, or 0 */
	size_t count;
} specsync_oidset;

#define SPECSYNC_OIDSET_INIT { NULL, 0, 0 }

/* 1 when added, 0 when already present, SPECSYNC_ENOMEM. */
int specsync_oidset_add(specsync_oidset *s, const unsigned char id[20]);
/* Whether `id` is in the set. */
bool specsync_oidset_has(const specsync_oidset *s, const unsigned char id[20]);
void specsync_oidset_dispose(specsync_oidset *s);

#endif
