#include "common.h"
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>

struct specsync_arena_chunk {
	specsync_arena_chunk *next;
	size_t mapped; /* a mapping of its own (specsync_mem_huge_alloc), or 0 */
	alignas(max_align_t) unsigned char data[];
};

/*
 * Chunks grow from 64 KiB to 8 MiB, doubling: a small result stays small,
 * and a large one takes few chunks. From 4 MiB a chunk is a mapping of its
 * own, on huge pages (the findings of a big history fill tens of MiB: 4 KiB
 * pages cost a fault each). A fresh mapping is zero, and a bump allocator
 * never hands out a byte twice: only what comes from malloc is cleared, as
 * it is handed out (clearing a whole chunk would bring in pages never used).
 */
#define CHUNK_MIN ((size_t)64 << 10)
#define CHUNK_MAX ((size_t)8 << 20)
#define CHUNK_HUGE ((size_t)4 << 20)

static specsync_arena_chunk *chunk_new(size_t cap)
{
	specsync_arena_chunk *c;
	size_t mapped;

	if (cap >= CHUNK_HUGE) {
		if ((c = specsync_mem_huge_alloc(sizeof(*c) + cap, &mapped)) != NULL)
			c->mapped = mapped;
	} else if ((c = malloc(sizeof(*c) + cap)) != NULL) {
		c->mapped = 0;
	}
	return c;
}

static void chunk_free(specsync_arena_chunk *c)
{
	if (c->mapped)
		specsync_mem_map_free(c, c->mapped);
	else
		free(c);
}

static void *zeroed(const specsync_arena_chunk *c, unsigned char *p, size_t size)
{
	return c->mapped ? p : memset(p, 0, size);
}

void *specsync_arena_alloc(specsync_arena *a, size_t size)
{
	size_t align = alignof(max_align_t);
	size_t need = (size + align - 1) & ~(align - 1);
	specsync_arena_chunk *c;

	if (size > SIZE_MAX - align - sizeof(*c))
		goto fail;
	a->used = (a->used + align - 1) & ~(align - 1); /* after a string */
	if (a->head && a->used + need <= a->cap) {
		unsigned char *p = a->head->data + a->used;

		a->used += need;
		return zeroed(a->head, p, need);
	}
	if (!a->grow)
		a->grow = CHUNK_MIN;
	if (a->head && need > a->grow / 2) {
		/* a block of its own, behind the chunk being filled */
		if (!(c = chunk_new(need)))
			goto fail;
		c->next = a->head->next;
		a->head->next = c;
		return zeroed(c, c->data, need);
	}
	if (!(c = chunk_new(need > a->grow ? need : a->grow)))
		goto fail;
	c->next = a->head;
	a->head = c;
	a->cap = need > a->grow ? need : a->grow;
	a->used = need;
	if (a->grow < CHUNK_MAX)
		a->grow *= 2;
	return zeroed(c, c->data, need);
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
		/* a new chunk (or a block of its own): specsync_arena_alloc
		 * makes it, a byte more than the string, which then fills it */
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

void specsync_arena_adopt(specsync_arena *a, specsync_arena *b)
{
	specsync_arena_chunk *tail;

	a->failed |= b->failed;
	if (!b->head)
		return;
	if (!a->head) {
		int failed = a->failed;
		*a = *b;
		a->failed = failed;
	} else {
		for (tail = b->head; tail->next; tail = tail->next)
			;
		tail->next = a->head->next;
		a->head->next = b->head;
	}
	memset(b, 0, sizeof(*b));
}

void specsync_arena_dispose(specsync_arena *a)
{
	while (a->head) {
		specsync_arena_chunk *n = a->head->next;
		chunk_free(a->head);
		a->head = n;
	}
	a->used = a->cap = a->grow = 0;
}
