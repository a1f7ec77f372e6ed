/*
 * The hook wrappers of the source tree's hooks/ directory, embedded by
 * cmake/EmbedHooks.cmake into a generated hook_scripts.c: the installed
 * scripts and the files in hooks/ cannot drift apart.
 */
#ifndef SPECSYNC_HOOK_SCRIPTS_H
#define SPECSYNC_HOOK_SCRIPTS_H

#include <stddef.h>

typedef struct specsync_embedded_hook {
	const char *name; /* file name in hooks/ */
	const char *text; /* its bytes, NUL-terminated */
	size_t len;
} specsync_embedded_hook;

extern const specsync_embedded_hook specsync_embedded_hooks[];
extern const size_t specsync_embedded_hook_count;

#endif
