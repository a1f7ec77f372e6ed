/*
 * A bump allocator for results: many small strings and arrays that live
 * and die together. Pointers stay valid until specsync_arena_dispose().
 */
#ifndef SPECSYNC_ARENA_H
#define SPECSYNC_ARENA_H

#include <stddef.h>

typedef struct specsync_arena_chunk specsync_arena_chunk;

typedef struct specsync_arena {
	specsync_arena_chunk *head;
	size_t used, cap;
	size_t grow; /* the next chunk's size (0: the first's) */
	int failed;
} specsync_arena;

#define SPECSYNC_ARENA_INIT { NULL, 0, 0, 0, 0 }

/* Zeroed memory, aligned for any type; NULL on failure (and `failed` set). */
void *specsync_arena_alloc(specsync_arena *a, size_t size);
void *specsync_arena_array(specsync_arena *a, size_t n, size_t size);
/* Copies; NULL in gives NULL out. */
char *specsync_arena_strdup(specsync_arena *a, const char *s);
/* The n bytes at s and a NUL, packed (strings are not aligned). */
char *specsync_arena_strndup(specsync_arena *a, const char *s, size_t n);
void *specsync_arena_memdup(specsync_arena *a, const void *p, size_t size);
/* Moves b's chunks (and failure) into a, which goes on filling its own
 * current chunk; b is left empty. For arenas filled on two threads. */
void specsync_arena_adopt(specsync_arena *a, specsync_arena *b);
void specsync_arena_dispose(specsync_arena *a);

#endif
