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

static int finding_rank(const specsync_finding *f)
{
	if (f->kind == SPECSYNC_FINDING_UNSYNCED)
		return specsync_finding_is_live(f) ? 0 : 1;
	return f->kind == SPECSYNC_FINDING_OUT_OF_ROLE ? 2 : 3;
}

/*
 * The findings' order: by finding_rank, then unsynced ones by requirement
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

/* Moves items[order[i]] to items[i] for every i, in place (one cycle of
 * the permutation at a time); `order` is used up. */
static void permute(specsync_finding *items, uint32_t *order, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		specsync_finding hold;
		size_t j = i;
		if (order[i] == i)
			continue;
		hold = items[i];
		while (order[j] != i) {
			size_t k = order[j];
			items[j] = items[k];
			order[j] = (uint32_t)j;
			j = k;
		}
		items[j] = hold;
		order[j] = (uint32_t)j;
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

int specsync_result_sort_findings(specsync_finding *items, size_t n, const uint32_t *reqs,
			 const uint32_t *sides, const eng_view *eng)
{
	uint32_t *req_rank = NULL, *order = NULL, side_rank[SPECSYNC_MAX_SIDES + 1] = { 0 };
	uint64_t *key = NULL;
	int error = SPECSYNC_ENOMEM;

	if (n < 2)
		return 0;
	if (n > UINT32_MAX || requirement_ranks(&req_rank, eng) < 0 ||
	    !(key = specsync_calloc(n, sizeof(*key))) ||
	    !(order = specsync_calloc(2 * n, sizeof(*order))))
		goto done;
	for (size_t s = 0; s < eng->cfg->side_count && s < SPECSYNC_MAX_SIDES; s++)
		for (size_t t = 0; t < eng->cfg->side_count; t++)
			side_rank[s] += strcmp(eng->cfg->sides[t].name, eng->cfg->sides[s].name) < 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t rank = (uint64_t)finding_rank(&items[i]);
		key[i] = rank << 40;
		if (rank < 2)
			key[i] |= (uint64_t)req_rank[reqs[i]] << 8 | side_rank[sides[i]];
		order[i] = (uint32_t)i;
	}
	radix_sort(order, order + n, key, n);
	permute(items, order, n);
	error = 0;
done:
	free(req_rank);
	free(key);
	free(order);
	return error;
}
