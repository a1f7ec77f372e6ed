/*
 * Pack files found and mapped. See pack_set.h.
 */
/* realpath (XSI); madvise (MADV_DONTNEED: posix_madvise's is a no-op in glibc) */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE

#include "pack_set.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* git and libgit2 follow alternates this deep */
#define MAX_ALTERNATE_DEPTH 5

#define IDX_HEADER (8 + 256 * 4)

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Maps a whole file: its bytes, or NULL (too small, unreadable). */
static const unsigned char *map_file(size_t *len, const char *path, size_t min)
{
	struct stat st;
	void *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size < 0 || (uintmax_t)st.st_size < min ||
	    (uintmax_t)st.st_size > SIZE_MAX) {
		close(fd);
		return NULL;
	}
	*len = (size_t)st.st_size;
	m = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	return m == MAP_FAILED ? NULL : m;
}

void specsync_pack_note_read(const specsync_pack *pk, size_t n)
{
	/* the packs live in the set's array, which is not const: only the
	 * counter is written, atomically */
	size_t *read = &((specsync_pack *)pk)->read;

	if (!pk->mapped ||
	    __atomic_add_fetch(read, n, __ATOMIC_RELAXED) < SPECSYNC_PACK_RESIDENT_STEP)
		return;
	if (__atomic_exchange_n(read, 0, __ATOMIC_RELAXED) >= SPECSYNC_PACK_RESIDENT_STEP)
		madvise((void *)pk->data, pk->data_len, MADV_DONTNEED);
}

/* An index of version 2 whose counts are consistent and fit its size. */
static int read_idx(specsync_pack *pk)
{
	const unsigned char *fan = pk->idx + 8;
	uint32_t prev = 0;
	size_t fixed;

	if (memcmp(pk->idx, "\377tOc", 4) != 0 || be32(pk->idx + 4) != 2)
		return -1;
	for (int i = 0; i < 256; i++) {
		uint32_t n = be32(fan + 4 * i);

		if (n < prev)
			return -1;
		prev = n;
	}
	pk->count = prev;
	fixed = IDX_HEADER + (size_t)pk->count * 28 + 40;
	if (pk->idx_len < fixed || (pk->idx_len - fixed) % 8 != 0)
		return -1;
	pk->ids = pk->idx + IDX_HEADER;
	pk->off32 = pk->ids + (size_t)pk->count * 24; /* after the ids and CRCs */
	pk->off64 = pk->off32 + (size_t)pk->count * 4;
	pk->n64 = (pk->idx_len - fixed) / 8;
	return 0;
}

/* The index and the pack in *pk fit together (see specsync_pack_map). */
static int check_pair(specsync_pack *pk)
{
	if (pk->idx_len < IDX_HEADER + 40 || read_idx(pk) < 0 || pk->data_len < 12 + 20)
		return -1;
	pk->body_end = pk->data_len - 20;
	if (memcmp(pk->data, "PACK", 4) != 0 ||
	    (be32(pk->data + 4) != 2 && be32(pk->data + 4) != 3) ||
	    be32(pk->data + 8) != pk->count ||
	    memcmp(pk->data + pk->body_end, pk->idx + pk->idx_len - 40, 20) != 0)
		return -1;
	return 0;
}

int specsync_pack_map(specsync_pack *pk, const char *idx_path, const char *pack_path)
{
	memset(pk, 0, sizeof(*pk));
	pk->mapped = true;
	if (!(pk->idx = map_file(&pk->idx_len, idx_path, IDX_HEADER + 40)) ||
	    !(pk->data = map_file(&pk->data_len, pack_path, 12 + 20)) || check_pair(pk) < 0) {
		specsync_pack_unmap(pk);
		return -1;
	}
	return 0;
}

int specsync_pack_wrap(specsync_pack *pk, const unsigned char *idx, size_t idx_len,
		       const unsigned char *data, size_t data_len)
{
	memset(pk, 0, sizeof(*pk));
	pk->idx = idx;
	pk->idx_len = idx_len;
	pk->data = data;
	pk->data_len = data_len;
	if (check_pair(pk) < 0) {
		memset(pk, 0, sizeof(*pk));
		return -1;
	}
	return 0;
}

void specsync_pack_unmap(specsync_pack *pk)
{
	if (pk->mapped && pk->idx)
		munmap((void *)pk->idx, pk->idx_len);
	if (pk->mapped && pk->data)
		munmap((void *)pk->data, pk->data_len);
	memset(pk, 0, sizeof(*pk));
}

bool specsync_pack_find(uint64_t *off, const specsync_pack *pk, const unsigned char *id)
{
	const unsigned char *fan = pk->idx + 8;
	size_t lo = id[0] ? be32(fan + 4 * (id[0] - 1)) : 0, hi = be32(fan + 4 * id[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(pk->ids + mid * 20, id, 20);

		if (c == 0) {
			uint32_t o = be32(pk->off32 + mid * 4);

			if (!(o & 0x80000000u)) {
				*off = o;
				return true;
			}
			o &= 0x7fffffffu;
			if (o >= pk->n64)
				return false;
			*off = (uint64_t)be32(pk->off64 + (size_t)o * 8) << 32 |
			       be32(pk->off64 + (size_t)o * 8 + 4);
			return true;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* ---- finding the packs --------------------------------------------------- */

static char *join(const char *dir, const char *a, const char *b)
{
	size_t n = strlen(dir) + strlen(a) + strlen(b) + 2;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", a,
			 b);
	return s;
}

int specsync_pack_set_add(specsync_pack_set *set, const specsync_pack *pk)
{
	if (set->count == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 8;
		specsync_pack *n = realloc(set->packs, cap * sizeof(*n));

		if (!n)
			return -1;
		set->packs = n;
		set->cap = cap;
	}
	set->packs[set->count++] = *pk;
	return 0;
}

/*
 * The pack whose index is `<packdir>/<name>` (a .idx), unless unusable.
 * A pack marked .promisor (fetched into a partial clone) is read like any
 * other: the mark says that objects it refers to may be missing, and a
 * missing object is not in any index, so libgit2 is asked for it.
 */
static int try_pack(specsync_pack_set *set, const char *packdir, const char *name)
{
	size_t stem = strlen(name) - 4;
	char *base = malloc(stem + 1), *idx = NULL, *pack = NULL;
	specsync_pack pk;
	int error = -1;

	if (!base)
		return -1;
	memcpy(base, name, stem);
	base[stem] = 0;
	if (!(idx = join(packdir, base, ".idx")) || !(pack = join(packdir, base, ".pack")))
		goto done;
	error = 0;
	if (specsync_pack_map(&pk, idx, pack) == 0 && (error = specsync_pack_set_add(set, &pk)) < 0)
		specsync_pack_unmap(&pk);
done:
	free(base);
	free(idx);
	free(pack);
	return error;
}

static int load_packs(specsync_pack_set *set, const char *objects)
{
	char *packdir = join(objects, "pack", "");
	struct dirent *d;
	DIR *dir;
	int error = 0;

	if (!packdir)
		return -1;
	if ((dir = opendir(packdir)) != NULL) {
		while (error == 0 && (d = readdir(dir)) != NULL) {
			size_t n = strlen(d->d_name);

			if (n > 4 && strcmp(d->d_name + n - 4, ".idx") == 0)
				error = try_pack(set, packdir, d->d_name);
		}
		closedir(dir);
	}
	free(packdir);
	return error;
}

static int load_dir(specsync_pack_set *set, const char *objects, int depth);

/* One line of an alternates file, relative to `objects` unless absolute.
 * Quoted paths (git's C-style quoting) are left to libgit2. */
static int load_alternate(specsync_pack_set *set, const char *objects, char *line, int depth)
{
	size_t n = strlen(line);
	char *path;
	int error;

	while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
		line[--n] = 0;
	if (!n || line[0] == '#' || line[0] == '"')
		return 0;
	if (line[0] == '/')
		return load_dir(set, line, depth);
	if (!(path = join(objects, line, "")))
		return -1;
	error = load_dir(set, path, depth);
	free(path);
	return error;
}

static int load_alternates(specsync_pack_set *set, const char *objects, int depth)
{
	char *path = join(objects, "info/alternates", ""), line[PATH_MAX + 2];
	FILE *f;
	int error = 0;

	if (!path)
		return -1;
	f = fopen(path, "r");
	free(path);
	if (!f)
		return 0;
	while (error == 0 && fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		if (n && line[n - 1] == '\n')
			line[--n] = 0;
		else if (!feof(f))
			break; /* a line longer than any path: ignored with the rest */
		error = load_alternate(set, objects, line, depth + 1);
	}
	fclose(f);
	return error;
}

/* Whether `real` was read already; if not, it is recorded (takes it). */
static int seen(specsync_pack_set *set, char *real)
{
	char **n;

	for (size_t i = 0; i < set->ndirs; i++)
		if (strcmp(set->dirs[i], real) == 0) {
			free(real);
			return 1;
		}
	if (!(n = realloc(set->dirs, (set->ndirs + 1) * sizeof(*n)))) {
		free(real);
		return -1;
	}
	set->dirs = n;
	set->dirs[set->ndirs++] = real;
	return 0;
}

static int load_dir(specsync_pack_set *set, const char *objects, int depth)
{
	char *real;
	int error;

	if (depth > MAX_ALTERNATE_DEPTH || !(real = realpath(objects, NULL)))
		return 0; /* libgit2 reads what is left, or says what is wrong */
	if ((error = seen(set, real)) != 0)
		return error < 0 ? -1 : 0;
	if ((error = load_packs(set, objects)) < 0)
		return error;
	return load_alternates(set, objects, depth);
}

int specsync_pack_set_load(specsync_pack_set *set, const char *objects_dir)
{
	return load_dir(set, objects_dir, 0);
}

void specsync_pack_set_dispose(specsync_pack_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		specsync_pack_unmap(&set->packs[i]);
	for (size_t i = 0; i < set->ndirs; i++)
		free(set->dirs[i]);
	free(set->packs);
	free(set->dirs);
	memset(set, 0, sizeof(*set));
}

/* ---- sharing ------------------------------------------------------------- */

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static specsync_pack_set *registry;

static specsync_pack_set *registered(const char *key)
{
	for (specsync_pack_set *s = registry; s; s = s->next)
		if (strcmp(s->key, key) == 0)
			return s;
	return NULL;
}

int specsync_pack_set_acquire(specsync_pack_set **out, const char *objects_dir)
{
	char *key = realpath(objects_dir, NULL);
	specsync_pack_set *s;
	int error = 0;

	*out = NULL;
	if (!key) { /* no such directory: an empty set, not shared */
		if (!(*out = calloc(1, sizeof(**out))))
			return -1;
		(*out)->refs = 1;
		return 0;
	}
	pthread_mutex_lock(&registry_lock);
	if ((s = registered(key)) != NULL) {
		s->refs++;
		free(key);
	} else if ((s = calloc(1, sizeof(*s))) == NULL ||
		   (error = specsync_pack_set_load(s, objects_dir)) < 0) {
		if (s)
			specsync_pack_set_dispose(s);
		free(s);
		free(key);
		s = NULL;
		error = -1;
	} else {
		s->key = key;
		s->refs = 1;
		s->next = registry;
		registry = s;
	}
	pthread_mutex_unlock(&registry_lock);
	*out = s;
	return error;
}

void specsync_pack_set_release(specsync_pack_set *set)
{
	specsync_pack_set **at;

	if (!set)
		return;
	pthread_mutex_lock(&registry_lock);
	if (--set->refs == 0) {
		for (at = &registry; *at && *at != set; at = &(*at)->next)
			;
		if (*at)
			*at = set->next;
		free(set->key);
		specsync_pack_set_dispose(set);
		free(set);
	}
	pthread_mutex_unlock(&registry_lock);
}
