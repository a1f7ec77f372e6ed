/*
 * Which loose objects exist, listed once per directory.
 *
 * Most objects of a large repository are packed: asking the file system for
 * each object's loose file (one failed open per read) cost a large share of
 * a long walk's kernel time. A listing answers from memory after one
 * readdir per two-digit directory, read the first time an id in it is asked
 * about. Objects written after that listing are not seen: the listing only
 * serves checks that may be skipped (git.c's check of loose files before
 * libgit2 inflates them), never to decide whether an object exists.
 */
#ifndef SPECSYNC_LOOSE_H
#define SPECSYNC_LOOSE_H

#include <stdbool.h>

typedef struct specsync_loose specsync_loose;

/* An empty listing of the loose objects under `objects` (a directory name
 * ending in '/', copied). NULL when out of memory. Free with
 * specsync_loose_free. */
specsync_loose *specsync_loose_new(const char *objects);

/* Whether `hex` (40 lower-case hex digits) was a loose file when its
 * directory was listed. An unreadable directory lists nothing. */
bool specsync_loose_has(specsync_loose *loose, const char *hex);

/* Frees the listing; accepts NULL. */
void specsync_loose_free(specsync_loose *loose);

#endif
