/*
 * The pack reader. See pack.h.
 *
 * An index (version 2): "\377tOc", version 2, 256 big-endian cumulative
 * counts by first id byte, the sorted ids (20 bytes each), their CRC32s,
 * their 4-byte offsets (high bit set: an index into the 8-byte offsets
 * that follow), then the pack's checksum and the index's.
 *
 * A pack: "PACK", version 2 or 3, object count, entries, a 20-byte
 * checksum. An entry: the type (bits 4-6 of the first byte) and inflated
 * size (its low 4 bits, then 7 bits per byte while the high bit is set),
 * for OFS_DELTA a backward distance to the base entry, for REF_DELTA the
 * base's id, then the zlib stream.
 */
#include "pack.h"

#include "pack_delta.h"
#include "pack_set.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

enum { OFS_DELTA = 6, REF_DELTA = 7 };

/* A delta chain longer than git ever writes (its --depth stops at 4095)
 * is taken for a loop of REF_DELTAs. */
#define MAX_CHAIN 5000

/* Delta-base cache, which also keeps the objects last read: direct-mapped
 * by (pack, offset), at most CACHE_BYTES in all, no object above
 * CACHE_ONE. libgit2 keeps 16 MiB per pack, git 96 MiB. Measured on the
 * dense 20k benchmark (one thread): 24 MiB 4.105 G instructions, 8 MiB
 * 4.118 G, 4 MiB 4.152 G; peak RSS with the worker thread (a reader each)
 * 123, 104, 98 MB. 16,384 slots took 12 % fewer instructions than 1,024
 * on a 2,000-commit audit (the walk's objects are small). 4 MiB chosen:
 * on git/git (cold audit, two readers) the peak RSS is 188 MB with it and
 * 205-208 MB with 8 MiB, for the same user time. */
#define CACHE_SLOTS 16384
#define CACHE_BYTES (4u << 20)
#define CACHE_ONE (2u << 20)

typedef struct {
	unsigned char *data; /* NULL: empty slot */
	size_t len;
	uint64_t off;
	uint32_t pack;
	int type;
} cached;

struct specsync_packs {
	specsync_pack_set *set; /* shared, or `own` */
	specsync_pack_set own;  /* packs added from memory */
	size_t last;            /* the pack of the last hit, asked first */
	struct libdeflate_decompressor *z;
	cached cache[CACHE_SLOTS];
	size_t cache_bytes;
	size_t evict_at;
	struct chain_link *chain; /* MAX_CHAIN links, allocated on first use */
};

/* An entry's header, read from its pack. */
typedef struct {
	int type;
	uint64_t size;
	size_t data;                  /* offset of the zlib stream */
	uint64_t base;                /* OFS_DELTA: the base entry's offset */
	const unsigned char *base_id; /* REF_DELTA */
} entry;

/* One link of a delta chain being resolved. */
typedef struct chain_link {
	uint32_t pack;
	uint64_t off;
	entry e;
} chain_link;

specsync_packs *specsync_packs_new(void)
{
	specsync_packs *p = calloc(1, sizeof(*p));

	if (p && !(p->z = libdeflate_alloc_decompressor())) {
		free(p);
		return NULL;
	}
	if (p)
		p->set = &p->own;
	return p;
}

int specsync_packs_open(specsync_packs **out, const char *objects_dir)
{
	specsync_packs *p = specsync_packs_new();

	*out = NULL;
	if (!p || specsync_pack_set_acquire(&p->set, objects_dir) < 0) {
		specsync_packs_free(p);
		return SPECSYNC_PACK_NOMEM;
	}
	*out = p;
	return 0;
}

int specsync_packs_add_memory(specsync_packs *p, const unsigned char *idx, size_t idx_len,
			      const unsigned char *pack, size_t pack_len)
{
	specsync_pack pk;

	if (specsync_pack_wrap(&pk, idx, idx_len, pack, pack_len) < 0)
		return -1;
	return specsync_pack_set_add(p->set, &pk);
}

void specsync_packs_free(specsync_packs *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		free(p->cache[i].data);
	if (p->z)
		libdeflate_free_decompressor(p->z);
	free(p->chain);
	if (p->set == &p->own)
		specsync_pack_set_dispose(&p->own);
	else
		specsync_pack_set_release(p->set);
	free(p);
}

size_t specsync_packs_count(const specsync_packs *p)
{
	return p->set->count;
}

/* The pack holding `id` and the entry's offset there: 1, or 0. */
static int locate(uint32_t *pack, uint64_t *off, specsync_packs *p, const unsigned char *id)
{
	size_t n = p->set->count;

	for (size_t k = 0; k < n; k++) {
		size_t i = k == 0 ? p->last : (k <= p->last ? k - 1 : k);

		if (specsync_pack_find(off, &p->set->packs[i], id)) {
			p->last = i;
			*pack = (uint32_t)i;
			return 1;
		}
	}
	return 0;
}

bool specsync_packs_has(specsync_packs *p, const unsigned char *id)
{
	uint32_t pack;
	uint64_t off;

	return locate(&pack, &off, p, id) == 1;
}

/* ---- entries ------------------------------------------------------------- */

/* The header of the entry at `off`: 0, or -1 when it leaves the pack or
 * makes no sense. */
static int entry_at(entry *e, const specsync_pack *pk, uint64_t off)
{
	const unsigned char *p, *end = pk->data + pk->body_end;
	unsigned shift = 4;
	unsigned char c;

	if (off < 12 || off >= pk->body_end)
		return -1;
	p = pk->data + off;
	c = *p++;
	e->type = (c >> 4) & 7;
	e->size = c & 15;
	while (c & 0x80) {
		if (p >= end || shift > 57)
			return -1;
		c = *p++;
		e->size |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	}
	if (e->type == OFS_DELTA) {
		uint64_t back;

		if (p >= end)
			return -1;
		c = *p++;
		back = c & 0x7f;
		while (c & 0x80) {
			if (p >= end || back > (UINT64_MAX >> 8))
				return -1;
			c = *p++;
			back = ((back + 1) << 7) | (c & 0x7f);
		}
		if (back == 0 || back > off)
			return -1;
		e->base = off - back;
	} else if (e->type == REF_DELTA) {
		if (end - p < 20)
			return -1;
		e->base_id = p;
		p += 20;
	} else if (e->type < SPECSYNC_PACK_COMMIT || e->type > SPECSYNC_PACK_TAG) {
		return -1;
	}
	e->data = (size_t)(p - pk->data);
	return 0;
}

/*
 * Inflates entry `e` of `pk` into out[0 .. e->size) (out holds e->size + 1
 * bytes; a NUL is put after). The stream must give exactly e->size bytes.
 * 0 or -1.
 */
static int inflate_entry(unsigned char *out, specsync_packs *p, const specsync_pack *pk,
			 const entry *e)
{
	size_t avail = pk->body_end - e->data, used = 0;

	if (libdeflate_zlib_decompress_ex(p->z, pk->data + e->data, avail, out, (size_t)e->size,
					  &used, NULL) != LIBDEFLATE_SUCCESS)
		return -1;
	specsync_pack_note_read(pk, used + 4096); /* a read touches at least a page */
	out[e->size] = 0;
	return 0;
}

/* An entry's announced size, checked against what its stream could hold
 * (deflate expands at most 1032 times): refuses absurd allocations that a
 * corrupt header would ask for. */
static bool size_plausible(const specsync_pack *pk, const entry *e)
{
	uint64_t avail = pk->body_end - e->data;

	return e->size < SIZE_MAX - 1 && e->size <= avail * 1032 + 64;
}

/* ---- the delta-base cache ------------------------------------------------- */

static size_t slot_of(uint32_t pack, uint64_t off)
{
	uint64_t h = (off ^ ((uint64_t)pack << 40)) * 0x9E3779B97F4A7C15ull;

	return (size_t)(h >> 40) & (CACHE_SLOTS - 1);
}

static const cached *cache_get(const specsync_packs *p, uint32_t pack, uint64_t off)
{
	const cached *c = &p->cache[slot_of(pack, off)];

	return c->data && c->pack == pack && c->off == off ? c : NULL;
}

static void cache_drop(specsync_packs *p, cached *c)
{
	if (!c->data)
		return;
	p->cache_bytes -= c->len;
	free(c->data);
	c->data = NULL;
}

/* Keeps `data` (malloc'd; the cache owns it from now on, or frees it). */
static void cache_put(specsync_packs *p, uint32_t pack, uint64_t off, int type, unsigned char *data,
		      size_t len)
{
	cached *c = &p->cache[slot_of(pack, off)];

	if (len > CACHE_ONE) {
		free(data);
		return;
	}
	cache_drop(p, c);
	while (p->cache_bytes + len > CACHE_BYTES) {
		cache_drop(p, &p->cache[p->evict_at]);
		p->evict_at = (p->evict_at + 1) % CACHE_SLOTS;
	}
	*c = (cached){.data = data, .len = len, .off = off, .pack = pack, .type = type};
	p->cache_bytes += len;
}

/* ---- resolution ---------------------------------------------------------- */

/*
 * Follows the delta chain from (pack, off) down to an entry that is not a
 * delta or is cached: chain[0] the object asked, chain[*depth - 1] the
 * bottom. Returns 0, or -1 (corrupt, a loop, a REF_DELTA base in no pack).
 */
static int follow(chain_link *chain, size_t *depth, specsync_packs *p, uint32_t pack, uint64_t off)
{
	size_t n = 0;

	for (;;) {
		chain_link *l = &chain[n++];
		const specsync_pack *pk = &p->set->packs[pack];

		l->pack = pack;
		l->off = off;
		if (cache_get(p, pack, off)) {
			l->e.type = 0; /* from the cache */
			break;
		}
		if (entry_at(&l->e, pk, off) < 0 || !size_plausible(pk, &l->e))
			return -1;
		if (l->e.type != OFS_DELTA && l->e.type != REF_DELTA)
			break;
		if (n == MAX_CHAIN)
			return -1;
		if (l->e.type == OFS_DELTA)
			off = l->e.base;
		else if (!specsync_pack_find(&off, pk, l->e.base_id) &&
			 !locate(&pack, &off, p, l->e.base_id))
			return -1;
	}
	*depth = n;
	return 0;
}

/* The bottom of a chain: its bytes (malloc'd, or borrowed from the cache
 * when *borrowed), its length and type. */
static int bottom(unsigned char **out, size_t *len, int *type, bool *borrowed, specsync_packs *p,
		  const chain_link *l)
{
	const cached *c = l->e.type == 0 ? cache_get(p, l->pack, l->off) : NULL;

	if (c) {
		*out = c->data;
		*len = c->len;
		*type = c->type;
		*borrowed = true;
		return 0;
	}
	*borrowed = false;
	*len = (size_t)l->e.size;
	*type = l->e.type;
	if (!(*out = malloc(*len + 1)))
		return SPECSYNC_PACK_NOMEM;
	if (inflate_entry(*out, p, &p->set->packs[l->pack], &l->e) < 0) {
		free(*out);
		return SPECSYNC_PACK_UNREAD;
	}
	return 0;
}

static unsigned char *take(size_t len, const specsync_pack_alloc *a)
{
	return a ? a->alloc(len + 1, a->payload) : malloc(len + 1);
}

static void give_back(unsigned char *data, const specsync_pack_alloc *a)
{
	if (a)
		a->release(data, a->payload);
	else
		free(data);
}

/*
 * Inflates the delta of link `l` and applies it to `base` into a buffer
 * from `a` (malloc when NULL). 0, _UNREAD or _NOMEM.
 */
static int apply_link(unsigned char **out, size_t *out_len, specsync_packs *p, const chain_link *l,
		      const unsigned char *base, size_t base_len, const specsync_pack_alloc *a)
{
	unsigned char *delta = malloc((size_t)l->e.size + 1), *res = NULL;
	uint64_t bsize, rsize;
	size_t used;
	int error = SPECSYNC_PACK_UNREAD;

	if (!delta)
		return SPECSYNC_PACK_NOMEM;
	/* a copy instruction gives at most 64 KiB for its 1-8 bytes */
	if (inflate_entry(delta, p, &p->set->packs[l->pack], &l->e) < 0 ||
	    specsync_delta_sizes(&bsize, &rsize, &used, delta, (size_t)l->e.size) < 0 ||
	    bsize != base_len || rsize / 0x10000 > l->e.size)
		goto done;
	if (!(res = take((size_t)rsize, a))) {
		error = SPECSYNC_PACK_NOMEM;
		goto done;
	}
	if (specsync_delta_apply(res, (size_t)rsize, base, base_len, delta, (size_t)l->e.size) <
	    0) {
		give_back(res, a);
		goto done;
	}
	res[rsize] = 0;
	*out = res;
	*out_len = (size_t)rsize;
	error = 0;
done:
	free(delta);
	return error;
}

/* Object (pack, off) when it is no delta, or cached: into a buffer from
 * `a` (malloc when NULL). */
static int whole(unsigned char **out, size_t *len, int *type, specsync_packs *p,
		 const chain_link *l, const specsync_pack_alloc *a)
{
	const cached *c = l->e.type == 0 ? cache_get(p, l->pack, l->off) : NULL;
	size_t n = c ? c->len : (size_t)l->e.size;
	unsigned char *buf = take(n, a);

	if (!buf)
		return SPECSYNC_PACK_NOMEM;
	if (c) {
		memcpy(buf, c->data, n);
		buf[n] = 0;
	} else if (inflate_entry(buf, p, &p->set->packs[l->pack], &l->e) < 0) {
		give_back(buf, a);
		return SPECSYNC_PACK_UNREAD;
	}
	*out = buf;
	*len = n;
	*type = c ? c->type : l->e.type;
	return 0;
}

/*
 * Object (pack, off), into a buffer from `a` (malloc when NULL). Each base
 * met on the way is kept in the delta-base cache. 0, _UNREAD or _NOMEM.
 */
static int resolve(unsigned char **out, size_t *len, int *type, specsync_packs *p, uint32_t pack,
		   uint64_t off, const specsync_pack_alloc *a)
{
	unsigned char *cur = NULL, *next;
	size_t depth, cur_len;
	bool borrowed;
	int error;

	if (!p->chain && !(p->chain = malloc(MAX_CHAIN * sizeof(*p->chain))))
		return SPECSYNC_PACK_NOMEM;
	if (follow(p->chain, &depth, p, pack, off) < 0)
		return SPECSYNC_PACK_UNREAD;
	if (depth == 1)
		return whole(out, len, type, p, &p->chain[0], a);
	if ((error = bottom(&cur, &cur_len, type, &borrowed, p, &p->chain[depth - 1])) != 0)
		return error;
	for (size_t i = depth - 1; i-- > 0;) {
		size_t next_len;

		error = apply_link(&next, &next_len, p, &p->chain[i], cur, cur_len,
				   i == 0 ? a : NULL);
		if (!borrowed)
			cache_put(p, p->chain[i + 1].pack, p->chain[i + 1].off, *type, cur,
				  cur_len);
		if (error)
			return error;
		cur = next;
		cur_len = next_len;
		borrowed = false;
	}
	*out = cur;
	*len = cur_len;
	return 0;
}

/*
 * Keeps a copy of an object just read: walking history from the newest
 * commit, the next object asked is often a delta against this one (git
 * stores older versions as deltas of newer ones), which then costs one
 * inflated delta instead of the whole chain again.
 */
static void keep(specsync_packs *p, uint32_t pack, uint64_t off, int type,
		 const unsigned char *data, size_t len)
{
	unsigned char *copy;

	if (len > CACHE_ONE || cache_get(p, pack, off) || !(copy = malloc(len)))
		return;
	memcpy(copy, data, len);
	cache_put(p, pack, off, type, copy, len);
}

int specsync_packs_read(void **data, size_t *len, int *type, specsync_packs *p,
			const unsigned char *id, const specsync_pack_alloc *a)
{
	unsigned char *out;
	uint32_t pack;
	uint64_t off;
	int error;

	if (!locate(&pack, &off, p, id))
		return SPECSYNC_PACK_ABSENT;
	if ((error = resolve(&out, len, type, p, pack, off, a)) != 0)
		return error;
	keep(p, pack, off, *type, out, *len);
	*data = out;
	return SPECSYNC_PACK_OK;
}

/* The header of a delta's object: resolved in full (no size is known
 * before), and kept in the cache for the read that follows. */
int specsync_packs_header(size_t *len, int *type, specsync_packs *p, const unsigned char *id)
{
	const cached *c;
	unsigned char *out;
	uint32_t pack;
	uint64_t off;
	entry e;
	int error;

	if (!locate(&pack, &off, p, id))
		return SPECSYNC_PACK_ABSENT;
	if ((c = cache_get(p, pack, off)) != NULL) {
		*len = c->len;
		*type = c->type;
		return SPECSYNC_PACK_OK;
	}
	if (entry_at(&e, &p->set->packs[pack], off) < 0)
		return SPECSYNC_PACK_UNREAD;
	if (e.type != OFS_DELTA && e.type != REF_DELTA) {
		*len = (size_t)e.size;
		*type = e.type;
		return e.size < SIZE_MAX ? SPECSYNC_PACK_OK : SPECSYNC_PACK_UNREAD;
	}
	if ((error = resolve(&out, len, type, p, pack, off, NULL)) != 0)
		return error;
	cache_put(p, pack, off, *type, out, *len);
	return SPECSYNC_PACK_OK;
}
