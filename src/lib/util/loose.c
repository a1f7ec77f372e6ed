/*
 * Loose-object listing. See loose.h.
 */
#include "common.h"
#include "loose.h"

#include <dirent.h>
#include <stdio.h>

#define NAME_LEN 38 /* an id's hex digits after its directory's two */

struct loose_dir {
	bool listed;
	size_t n;
	char (*names)[NAME_LEN]; /* sorted, not NUL-terminated */
};

struct specsync_loose {
	char *objects;
	struct loose_dir dirs[256];
};

specsync_loose *specsync_loose_new(const char *objects)
{
	specsync_loose *l = specsync_calloc(1, sizeof(*l));

	if (l && !(l->objects = specsync_strdup(objects))) {
		free(l);
		return NULL;
	}
	return l;
}

static int by_name(const void *a, const void *b)
{
	return memcmp(a, b, NAME_LEN);
}

static bool is_object_name(const char *s)
{
	size_t i;

	for (i = 0; i < NAME_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[NAME_LEN] == '\0';
}

/* Appends one name; false when out of memory. */
static bool add_name(struct loose_dir *d, size_t *cap, const char *name)
{
	if (d->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void *p = realloc(d->names, ncap * NAME_LEN);

		if (!p)
			return false;
		d->names = p;
		*cap = ncap;
	}
	memcpy(d->names[d->n++], name, NAME_LEN);
	return true;
}

/* Lists one two-digit directory. When memory runs out the listing keeps
 * what it has: a missed name only skips a check. */
static void list_dir(specsync_loose *l, struct loose_dir *d, const char *hex)
{
	char path[4096];
	struct dirent *e;
	size_t cap = 0;
	DIR *dir;

	d->listed = true;
	if (snprintf(path, sizeof(path), "%s%.2s", l->objects, hex) >= (int)sizeof(path) ||
	    !(dir = opendir(path)))
		return;
	while ((e = readdir(dir)) != NULL)
		if (is_object_name(e->d_name) && !add_name(d, &cap, e->d_name))
			break;
	closedir(dir);
	if (d->n > 1)
		qsort(d->names, d->n, NAME_LEN, by_name);
}

static int hex_digit(char c)
{
	return c >= 'a' ? c - 'a' + 10 : c - '0';
}

bool specsync_loose_has(specsync_loose *loose, const char *hex)
{
	struct loose_dir *d = &loose->dirs[hex_digit(hex[0]) * 16 + hex_digit(hex[1])];

	if (!d->listed)
		list_dir(loose, d, hex);
	return d->n && bsearch(hex + 2, d->names, d->n, NAME_LEN, by_name) != NULL;
}

void specsync_loose_free(specsync_loose *loose)
{
	if (!loose)
		return;
	for (size_t i = 0; i < 256; i++)
		free(loose->dirs[i].names);
	free(loose->objects);
	free(loose);
}
