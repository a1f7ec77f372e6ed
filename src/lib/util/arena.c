#include "common.h"
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>

struct specsync_arena_chunk {
	specsync_arena_chunk *next;
	alignas(max_align_t) unsigned char data[];
};

#define CHUNK 65536

void *specsync_arena_alloc(specsync_arena *a, size_t size)
{
	size_t align = alignof(max_align_t);
	size_t need = (size + align - 1) & ~(align - 1);
	void *p;

	if (size > SIZE_MAX - align)
		goto fail;
	a->used = (a->used + align - 1) & ~(align - 1); /* after a string */
	if (!a->head || a->used + need > a->cap) {
		size_t cap = need > CHUNK ? need : CHUNK;
		specsync_arena_chunk *c = malloc(sizeof(*c) + cap);
		if (!c)
			goto fail;
		c->next = a->head;
		a->head = c;
		a->used = 0;
		a->cap = cap;
	}
	p = a->head->data + a->used;
	a->used += need;
	memset(p, 0, need);
	return p;
fail:
	a->failed = 1;
	return NULL;
}

void *specsync_arena_array(specsync_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		a->failed = 1;
		return NULL;
	}
	return specsync_arena_alloc(a, n * size);
}

void *specsync_arena_memdup(specsync_arena *a, const void *src, size_t size)
{
	void *p = specsync_arena_alloc(a, size);

	if (p && size)
		memcpy(p, src, size);
	return p;
}

char *specsync_arena_strndup(specsync_arena *a, const char *s, size_t n)
{
	char *p;

	if (n > SIZE_MAX / 2) {
		a->failed = 1;
		return NULL;
	}
	if (!a->head || a->used + n + 1 > a->cap) {
		/* a new chunk: specsync_arena_alloc makes it (aligned, zeroed:
		 * a byte more than the string, which then fills it) */
		if (!(p = specsync_arena_alloc(a, n + 1)))
			return NULL;
	} else {
		p = (char *)a->head->data + a->used;
		a->used += n + 1;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *specsync_arena_strdup(specsync_arena *a, const char *s)
{
	return s ? specsync_arena_strndup(a, s, strlen(s)) : NULL;
}

void specsync_arena_dispose(specsync_arena *a)
{
	while (a->head) {
		specsync_arena_chunk *n = a->head->next;
		free(a->head);
		a->head = n;
	}
	a->used = a->cap = 0;
}
