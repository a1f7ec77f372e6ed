/*
 * Orders: the natural order of requirement IDs (specsync_id_cmp), and
 * that of an audit's findings (result.c builds them, this file puts them
 * in order): see result.h.
 */
#include "common.h"
#include "result.h"

#include <ctype.h>

int specsync_id_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *sa = a, *sb = b;
			size_t la, lb;
			while (*sa == '0' && isdigit((unsigned char)sa[1]))
				sa++;
			while (*sb == '0' && isdigit((unsigned char)sb[1]))
				sb++;
			for (a = sa; isdigit((unsigned char)*a); a++)
				;
			for (b = sb; isdigit((unsigned char)*b); b++)
				;
			la = (size_t)(a - sa);
			lb = (size_t)(b - sb);
			if (la != lb)
				return la < lb ? -1 : 1;
			if (memcmp(sa, sb, la))
				return memcmp(sa, sb, la);
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

/* (here, as the order puts the live findings first) */
bool specsync_finding_is_live(const specsync_finding *f)
{
	return f->status == SPECSYNC_STATUS_OPEN || f->status == SPECSYNC_STATUS_NEW;
}

/*
 * The findings' order: by rank (result.h), then unsynced ones by requirement
 * (natural ID order, specsync_id_cmp) and lagging side name, events in
 * history order; findings that compare equal keep their history order.
 * Sorted as integer keys (the natural comparison runs once per
 * requirement, not once per pair of findings): rank, requirement rank and
 * side rank in one 64-bit key per finding, the findings' indices put in
 * key order by a stable radix sort.
 */
typedef struct id_ref {
	const char *id;
	uint32_t req;
} id_ref;

static int id_ref_cmp(const void *pa, const void *pb)
{
	const id_ref *a = pa, *b = pb;

	return specsync_id_cmp(a->id, b->id);
}

/* Sorts the indices `idx` (n of them) by key[idx], stably: one pass per
 * byte of the keys that differs between them, through `tmp` (n indices). */
static void radix_sort(uint32_t *idx, uint32_t *tmp, const uint64_t *key, size_t n)
{
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t count[256] = { 0 }, at = 0;
		for (size_t i = 0; i < n; i++)
			count[(key[i] >> shift) & 0xff]++;
		if (count[(key[0] >> shift) & 0xff] == n)
			continue; /* one value: the pass would change nothing */
		for (size_t d = 0; d < 256; d++) {
			size_t c = count[d];
			count[d] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[(key[idx[i]] >> shift) & 0xff]++] = idx[i];
		memcpy(idx, tmp, n * sizeof(*idx));
	}
}

/* Position of each requirement in natural ID order (equal IDs, equal
 * positions); *out malloc'ed. */
static int requirement_ranks(uint32_t **out, const eng_view *eng)
{
	id_ref *refs = specsync_calloc(eng->req_count + 1, sizeof(*refs));
	uint32_t *rank = specsync_calloc(eng->req_count + 1, sizeof(*rank)), r = 0;

	*out = NULL;
	if (!refs || !rank) {
		free(refs);
		free(rank);
		return SPECSYNC_ENOMEM;
	}
	for (size_t i = 0; i < eng->req_count; i++) {
		refs[i].id = eng->reqs[i].id;
		refs[i].req = (uint32_t)i;
	}
	qsort(refs, eng->req_count, sizeof(*refs), id_ref_cmp);
	for (size_t i = 0; i < eng->req_count; i++) {
		if (i && specsync_id_cmp(refs[i - 1].id, refs[i].id) != 0)
			r++;
		rank[refs[i].req] = r;
	}
	free(refs);
	*out = rank;
	return 0;
}

int specsync_result_order(uint32_t *order, const uint8_t *rank, const uint32_t *reqs,
			  const uint32_t *sides, size_t n, const eng_view *eng)
{
	uint32_t *req_rank = NULL, *tmp = NULL, side_rank[SPECSYNC_MAX_SIDES + 1] = { 0 };
	uint64_t *key = NULL;
	int error = SPECSYNC_ENOMEM;

	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	if (n < 2)
		return 0;
	if (n > UINT32_MAX || requirement_ranks(&req_rank, eng) < 0 ||
	    !(key = specsync_calloc(n, sizeof(*key))) || !(tmp = specsync_calloc(n, sizeof(*tmp))))
		goto done;
	for (size_t s = 0; s < eng->cfg->side_count && s < SPECSYNC_MAX_SIDES; s++)
		for (size_t t = 0; t < eng->cfg->side_count; t++)
			side_rank[s] += strcmp(eng->cfg->sides[t].name, eng->cfg->sides[s].name) < 0;
	for (size_t i = 0; i < n; i++) {
		key[i] = (uint64_t)rank[i] << 40;
		if (rank[i] < 2)
			key[i] |= (uint64_t)req_rank[reqs[i]] << 8 | side_rank[sides[i]];
	}
	radix_sort(order, tmp, key, n);
	error = 0;
done:
	free(req_rank);
	free(key);
	free(tmp);
	return error;
}
