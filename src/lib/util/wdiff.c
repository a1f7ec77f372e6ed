/*
 * Word diff for `explain` (specsync_word_diff in specsync.h).
 *
 * A word is a run of bytes other than space, tab, CR, LF, FF and VT. The
 * edit script is a shortest one (fewest words removed plus added), found
 * with Myers' O(ND) algorithm in its linear-space form (forward and reverse
 * searches meeting at a middle snake, then recursion on both halves).
 *
 * Cost bound: the common leading and trailing words are set aside first;
 * when what remains of either text still has more than MAX_WORDS words, the
 * whole of that middle part of the old text is reported removed and the
 * whole middle part of the new one added, instead of being diffed.
 *
 * Rendering: words are separated by single spaces (white space in the
 * inputs is not preserved), unchanged words as they are; between two
 * unchanged words, the removed words come first as one run "[-a b-]", then
 * the added ones as "{+c d+}"; with colour, runs are "\033[31m...\033[m"
 * (removed) and "\033[32m...\033[m" (added) without the brackets. Equal
 * inputs give the same output on every platform.
 */
#include "common.h"
#include "hash.h"

#include <stdio.h>

#define MAX_WORDS 20000

typedef struct word {
	const char *ptr;
	size_t len;
	size_t id;    /* equal words have equal ids */
	bool changed; /* removed (old text) or added (new text) */
} word;

typedef struct wordlist {
	word *items;
	size_t count;
	size_t alloc;
} wordlist;

/* Half-open word ranges [a0, a1) of the old text and [b0, b1) of the new. */
typedef struct range {
	size_t a0, a1, b0, b1;
} range;

/* A diagonal run of equal words from (x, y) to (u, v), in word indices. */
typedef struct snake {
	size_t x, y, u, v;
} snake;

typedef struct differ {
	word *a;
	word *b;
	long *vf; /* furthest x per diagonal: forward search */
	long *vr; /* and reverse search */
} differ;

/* One direction of the search over the range r (n old, m new words). */
typedef struct search {
	const differ *df;
	range r;
	long n, m;
	long *v; /* indexed by diagonal k = x - y in [-m - 1, n + 1]; -1: unreached */
	bool reverse;
} search;

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int split_words(wordlist *out, const char *text)
{
	const char *p = text, *start;

	while (*p) {
		while (*p && is_space(*p))
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && !is_space(*p))
			p++;
		if (SPECSYNC_ARRAY_RESERVE(out->items, out->alloc, out->count + 1) < 0)
			return SPECSYNC_ENOMEM;
		out->items[out->count++] = (word){start, (size_t)(p - start), 0, false};
	}
	return 0;
}

static bool same_text(const word *x, const word *y)
{
	return x->len == y->len && memcmp(x->ptr, y->ptr, x->len) == 0;
}

static void intern_list(word **slots, size_t mask, wordlist *list, size_t *next_id)
{
	for (size_t i = 0; i < list->count; i++) {
		word *w = &list->items[i];
		size_t h = (size_t)specsync_hash_str(w->ptr, w->len) & mask;

		while (slots[h] && !same_text(slots[h], w))
			h = (h + 1) & mask;
		if (!slots[h]) {
			slots[h] = w;
			w->id = (*next_id)++;
		} else {
			w->id = slots[h]->id;
		}
	}
}

/* Gives equal words equal ids, so that the diff compares integers. */
static int intern(wordlist *a, wordlist *b)
{
	size_t total = a->count + b->count, n = 16, next_id = 0;
	word **slots;

	while (n < total * 2) {
		if (n > SIZE_MAX / 4 / sizeof(*slots))
			return SPECSYNC_ENOMEM;
		n *= 2;
	}
	if (!(slots = specsync_calloc(n, sizeof(*slots))))
		return SPECSYNC_ENOMEM;
	intern_list(slots, n - 1, a, &next_id);
	intern_list(slots, n - 1, b, &next_id);
	free(slots);
	return 0;
}

static void mark(word *w, size_t from, size_t to)
{
	for (; from < to; from++)
		w[from].changed = true;
}

static void mark_range(const differ *df, const range *r)
{
	mark(df->a, r->a0, r->a1);
	mark(df->b, r->b0, r->b1);
}

static void trim_common(const differ *df, range *r)
{
	while (r->a0 < r->a1 && r->b0 < r->b1 && df->a[r->a0].id == df->b[r->b0].id) {
		r->a0++;
		r->b0++;
	}
	while (r->a0 < r->a1 && r->b0 < r->b1 && df->a[r->a1 - 1].id == df->b[r->b1 - 1].id) {
		r->a1--;
		r->b1--;
	}
}

static bool equal_at(const search *s, long x, long y)
{
	if (s->reverse)
		return s->df->a[s->r.a1 - 1 - (size_t)x].id == s->df->b[s->r.b1 - 1 - (size_t)y].id;
	return s->df->a[s->r.a0 + (size_t)x].id == s->df->b[s->r.b0 + (size_t)y].id;
}

/*
 * Furthest x on diagonal k with d edits, from the values of step d - 1
 * (-1 when no move stays inside the grid); *start is where its final snake
 * begins. A move that would leave the grid is never taken. This can leave a
 * diagonal short of its true furthest point, but only where the furthest
 * point of a neighbour lies on the grid's edge, and then following that edge
 * to the end is cheaper than any path through the missed point: shortest
 * scripts are still found.
 */
static long extend(const search *s, const long *v, long k, long d, long *start)
{
	long x = 0, down, right;

	if (d > 0) {
		down = v[k + 1] >= 0 && v[k + 1] - k <= s->m ? v[k + 1] : -1;
		right = v[k - 1] >= 0 && v[k - 1] < s->n ? v[k - 1] + 1 : -1;
		x = down >= right ? down : right;
		if (x < 0)
			return -1;
	}
	*start = x;
	while (x < s->n && x - k < s->m && equal_at(s, x, x - k))
		x++;
	return x;
}

static void set_snake(const search *s, long k, long start, long end, snake *out)
{
	if (s->reverse) {
		out->x = s->r.a0 + (size_t)(s->n - end);
		out->y = s->r.b0 + (size_t)(s->m - (end - k));
		out->u = s->r.a0 + (size_t)(s->n - start);
		out->v = s->r.b0 + (size_t)(s->m - (start - k));
	} else {
		out->x = s->r.a0 + (size_t)start;
		out->y = s->r.b0 + (size_t)(start - k);
		out->u = s->r.a0 + (size_t)end;
		out->v = s->r.b0 + (size_t)(end - k);
	}
}

/*
 * Step d of search s. With `check`, looks for a diagonal where s and the
 * other search overlap; on one, sets *out to s's snake there and returns
 * true.
 */
static bool step(const search *s, const search *other, long d, bool check, snake *out)
{
	long *v = s->v + s->m + 1;
	const long *ov = other->v + other->m + 1;
	long lo = -d, hi = d, k, x, start = 0;

	if (lo < -s->m)
		lo = (d - s->m) % 2 != 0 ? -s->m + 1 : -s->m;
	if (hi > s->n)
		hi = (d - s->n) % 2 != 0 ? s->n - 1 : s->n;
	for (k = lo; k <= hi; k += 2) {
		x = extend(s, v, k, d, &start);
		v[k] = x;
		if (!check || x < 0)
			continue;
		/* The same diagonal, in the other search's coordinates. */
		if (ov[s->n - s->m - k] >= 0 && x + ov[s->n - s->m - k] >= s->n) {
			set_snake(s, k, start, x, out);
			return true;
		}
	}
	return false;
}

/*
 * Finds the middle snake of a shortest edit script of r, whose sides are
 * both non-empty. Both searches advance one edit at a time; the first
 * overlap splits the script into two halves of about equal cost.
 */
static bool middle_snake(const differ *df, const range *r, snake *out)
{
	long n = (long)(r->a1 - r->a0), m = (long)(r->b1 - r->b0);
	search fwd = {df, *r, n, m, df->vf, false};
	search rev = {df, *r, n, m, df->vr, true};
	bool odd = (n - m) % 2 != 0;

	for (long i = 0; i < n + m + 3; i++)
		fwd.v[i] = rev.v[i] = -1;
	for (long d = 0; d <= (n + m + 1) / 2; d++) {
		if (step(&fwd, &rev, d, odd, out) || step(&rev, &fwd, d, !odd, out))
			return true;
	}
	return false;
}

static bool same_range(const range *x, const range *y)
{
	return x->a0 == y->a0 && x->a1 == y->a1 && x->b0 == y->b0 && x->b1 == y->b1;
}

/* Marks the changed words of r. Recursion depth is about log2 of the cost. */
static void diff_range(const differ *df, range r)
{
	range left, right;
	snake s;

	trim_common(df, &r);
	if (r.a0 == r.a1 || r.b0 == r.b1 || !middle_snake(df, &r, &s)) {
		mark_range(df, &r);
		return;
	}
	left = (range){r.a0, s.x, r.b0, s.y};
	right = (range){s.u, r.a1, s.v, r.b1};
	/* Both halves cost at least one edit when r is trimmed; guard anyway
	 * against recursing on the same range. */
	if (same_range(&left, &r) || same_range(&right, &r)) {
		mark_range(df, &r);
		return;
	}
	diff_range(df, left);
	diff_range(df, right);
}

static int diff_words(wordlist *a, wordlist *b)
{
	differ df = {a->items, b->items, NULL, NULL};
	range r = {0, a->count, 0, b->count};
	size_t size;
	int error = 0;

	trim_common(&df, &r);
	if (r.a1 - r.a0 > MAX_WORDS || r.b1 - r.b0 > MAX_WORDS) {
		mark_range(&df, &r);
		goto done;
	}
	size = (r.a1 - r.a0) + (r.b1 - r.b0) + 3;
	df.vf = specsync_reallocarray(NULL, size, sizeof(long));
	df.vr = specsync_reallocarray(NULL, size, sizeof(long));
	if (!df.vf || !df.vr) {
		error = SPECSYNC_ENOMEM;
		goto done;
	}
	diff_range(&df, r);
done:
	free(df.vf);
	free(df.vr);
	return error;
}

typedef struct style {
	const char *open;
	const char *close;
} style;

static void put_sep(specsync_buf *out, bool *first)
{
	if (!*first)
		specsync_buf_putc(out, ' ');
	*first = false;
}

static void put_run(specsync_buf *out, const word *w, size_t from, size_t to, const style *st,
		    bool *first)
{
	if (from == to)
		return;
	put_sep(out, first);
	specsync_buf_puts(out, st->open);
	for (size_t i = from; i < to; i++) {
		if (i > from)
			specsync_buf_putc(out, ' ');
		specsync_buf_put(out, w[i].ptr, w[i].len);
	}
	specsync_buf_puts(out, st->close);
}

static int render(specsync_buf *out, const wordlist *a, const wordlist *b, bool color)
{
	static const style removed[2] = {{"[-", "-]"}, {"\033[31m", "\033[m"}};
	static const style added[2] = {{"{+", "+}"}, {"\033[32m", "\033[m"}};
	size_t i = 0, j = 0, i0, j0;
	bool first = true;

	while (i < a->count || j < b->count) {
		if (i < a->count && j < b->count && !a->items[i].changed && !b->items[j].changed) {
			put_sep(out, &first);
			specsync_buf_put(out, a->items[i].ptr, a->items[i].len);
			i++;
			j++;
			continue;
		}
		for (i0 = i; i < a->count && a->items[i].changed; i++)
			;
		for (j0 = j; j < b->count && b->items[j].changed; j++)
			;
		if (i == i0 && j == j0)
			return SPECSYNC_EGENERIC; /* unpaired unchanged word: a bug */
		put_run(out, a->items, i0, i, &removed[color], &first);
		put_run(out, b->items, j0, j, &added[color], &first);
	}
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

/* ---- windowed and wrapped rendering ------------------------------------ */

enum { EQUAL = 0, REMOVED = 1, ADDED = 2 };

typedef struct item {
	const word *w;
	int kind;
} item;

/* The words in output order: at each change, the removed run, then the
 * added one. *out is malloc'ed. */
static int merge(item **out, size_t *count, const wordlist *a, const wordlist *b)
{
	item *v = specsync_calloc(a->count + b->count + 1, sizeof(*v));
	size_t i = 0, j = 0, n = 0;

	*out = v;
	if (!v)
		return SPECSYNC_ENOMEM;
	while (i < a->count || j < b->count) {
		if (i < a->count && j < b->count && !a->items[i].changed && !b->items[j].changed) {
			v[n++] = (item){&a->items[i++], EQUAL};
			j++;
			continue;
		}
		if ((i >= a->count || !a->items[i].changed) && (j >= b->count || !b->items[j].changed))
			return SPECSYNC_EGENERIC; /* unpaired unchanged word: a bug */
		while (i < a->count && a->items[i].changed)
			v[n++] = (item){&a->items[i++], REMOVED};
		while (j < b->count && b->items[j].changed)
			v[n++] = (item){&b->items[j++], ADDED};
	}
	*count = n;
	return 0;
}

/* Columns a UTF-8 string takes: its code points. */
static size_t columns(const char *p, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)p[i] & 0xC0) != 0x80;
	return n;
}

/* Greedy line filling. */
typedef struct wrapper {
	specsync_buf *out;
	const specsync_word_diff_options *o;
	size_t col;    /* columns used on the current line */
	bool started;  /* a token is on the current line */
} wrapper;

static void put_token(wrapper *wr, const char *pre, const char *text, size_t len,
		      const char *post, const char *color_on)
{
	const specsync_word_diff_options *o = wr->o;
	size_t cut = len, w;
	bool ellipsis = false;

	if (o->max_word && columns(text, len) > o->max_word) {
		for (cut = 0, w = 0; cut < len && w < o->max_word - 3; cut++)
			w += ((unsigned char)text[cut] & 0xC0) != 0x80;
		while (cut < len && ((unsigned char)text[cut] & 0xC0) == 0x80)
			cut++;
		ellipsis = true;
	}
	/* with colours the brackets are not printed */
	w = columns(text, cut) + (ellipsis ? 3 : 0) + (color_on ? 0 : strlen(pre) + strlen(post));
	if (wr->started && o->width && wr->col + 1 + w > o->width) {
		specsync_buf_putc(wr->out, '\n');
		for (size_t i = 0; i < o->indent; i++)
			specsync_buf_putc(wr->out, ' ');
		wr->col = o->indent;
		wr->started = false;
	}
	if (wr->started) {
		specsync_buf_putc(wr->out, ' ');
		wr->col++;
	}
	specsync_buf_puts(wr->out, color_on ? color_on : pre);
	specsync_buf_put(wr->out, text, cut);
	if (ellipsis)
		specsync_buf_puts(wr->out, "...");
	specsync_buf_puts(wr->out, color_on ? "\033[m" : post);
	wr->col += w;
	wr->started = true;
}

/* One removed or added run v[from..to): its first and last words around
 * a count of those left out when it is longer than max_run. */
static void put_run_wrapped(wrapper *wr, const item *v, size_t from, size_t to)
{
	static const char *const open[3] = {"", "[-", "{+"}, *const close[3] = {"", "-]", "+}"};
	static const char *const colors[3] = {NULL, "\033[31m", "\033[32m"};
	const specsync_word_diff_options *o = wr->o;
	int kind = v[from].kind;
	size_t n = to - from, head = n, tail = 0;
	const char *on = o->color ? colors[kind] : NULL;
	char gap[48];

	if (o->max_run && n > o->max_run + o->max_run / 4) {
		head = (o->max_run + 1) / 2 + o->max_run / 4;
		tail = o->max_run - head;
	}
	for (size_t i = 0; i < n; i++) {
		if (i == head && i < n - tail) {
			snprintf(gap, sizeof(gap), "...(%zu more)...", n - head - tail);
			put_token(wr, "", gap, strlen(gap), "", on);
			i = n - tail - 1;
			continue;
		}
		put_token(wr, i == 0 ? open[kind] : "", v[from + i].w->ptr, v[from + i].w->len,
			  i == n - 1 ? close[kind] : "", on);
	}
}

/* keep[i]: equal item i is within `context` equal words of a change. */
static void window(bool *keep, const item *v, size_t n, size_t context)
{
	size_t dist = SIZE_MAX;

	for (size_t i = 0; i < n; i++) {
		dist = v[i].kind != EQUAL ? 0 : dist == SIZE_MAX ? dist : dist + 1;
		keep[i] = v[i].kind != EQUAL || (dist != SIZE_MAX && dist <= context);
	}
	dist = SIZE_MAX;
	for (size_t i = n; i-- > 0;) {
		dist = v[i].kind != EQUAL ? 0 : dist == SIZE_MAX ? dist : dist + 1;
		keep[i] = keep[i] || (dist != SIZE_MAX && dist <= context);
	}
}

static int render_window(specsync_buf *out, const item *v, size_t n,
			 const specsync_word_diff_options *o)
{
	wrapper wr = {out, o, o->indent, false};
	bool all = o->context == SIZE_MAX, any = false;
	bool *keep;

	for (size_t i = 0; i < n && !any; i++)
		any = v[i].kind != EQUAL;
	if (!any && (!all || !n)) {
		specsync_buf_puts(out, n ? "(no word changed)" : "(no text)");
		return out->failed ? SPECSYNC_ENOMEM : 0;
	}
	if (!(keep = specsync_calloc(n + 1, sizeof(*keep))))
		return SPECSYNC_ENOMEM;
	if (!all)
		window(keep, v, n, o->context);
	for (size_t i = 0, j; i < n; i = j) {
		j = i + 1;
		if (v[i].kind != EQUAL) {
			while (j < n && v[j].kind == v[i].kind)
				j++;
			put_run_wrapped(&wr, v, i, j);
		} else if (all || keep[i]) {
			put_token(&wr, "", v[i].w->ptr, v[i].w->len, "", NULL);
		} else {
			while (j < n && v[j].kind == EQUAL && !keep[j])
				j++;
			put_token(&wr, "", "...", 3, "", NULL);
		}
	}
	free(keep);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

int specsync_word_diff_ex(specsync_buf *out, const char *old_text, const char *new_text,
			  const specsync_word_diff_options *opts)
{
	wordlist a = {NULL, 0, 0}, b = {NULL, 0, 0};
	item *v = NULL;
	size_t n = 0;
	int error;

	if (!out || !opts)
		return SPECSYNC_EUSAGE;
	if ((error = split_words(&a, old_text ? old_text : "")) < 0 ||
	    (error = split_words(&b, new_text ? new_text : "")) < 0 ||
	    (error = intern(&a, &b)) < 0 || (error = diff_words(&a, &b)) < 0 ||
	    (error = merge(&v, &n, &a, &b)) < 0)
		goto done;
	error = render_window(out, v, n, opts);
done:
	free(v);
	free(a.items);
	free(b.items);
	return error;
}

int specsync_word_diff(specsync_buf *out, const char *old_text, const char *new_text, bool color)
{
	wordlist a = {NULL, 0, 0}, b = {NULL, 0, 0};
	int error;

	if (!out)
		return SPECSYNC_EUSAGE;
	if ((error = split_words(&a, old_text ? old_text : "")) < 0 ||
	    (error = split_words(&b, new_text ? new_text : "")) < 0 ||
	    (error = intern(&a, &b)) < 0 || (error = diff_words(&a, &b)) < 0)
		goto done;
	error = render(out, &a, &b, color);
done:
	free(a.items);
	free(b.items);
	return error;
}
