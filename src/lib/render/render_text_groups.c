/*
 * The text audit's edits outside one's role, grouped: thousands of them
 * (code tagged with requirement IDs, edited by everyone) read as one line
 * per person, side and commit.
 */
#include "common.h"
#include "json.h"
#include "render.h"

/* Commit summaries are clipped to this many characters. */
#define SUMMARY_COLUMNS 72
/* A commit's line stops listing IDs past this many bytes. */
#define LINE_COLUMNS 150

typedef struct group {
	size_t start, len;      /* in the sorted findings */
	size_t commits;         /* distinct commits */
	specsync_level level;   /* the highest of its findings */
	int64_t first;          /* time of its first commit */
} group;

static const char *who(const specsync_finding *f)
{
	return f->author.email ? f->author.email : f->author.name ? f->author.name : "";
}

/* By person, side, commit (author time, then id), then the result's
 * order: each commit's findings end up together even when a merge
 * interleaved them. */
static int by_person(const void *pa, const void *pb)
{
	const specsync_finding *a = *(const specsync_finding *const *)pa;
	const specsync_finding *b = *(const specsync_finding *const *)pb;
	int c = specsync_email_cmp(who(a), who(b));

	if (!c)
		c = strcmp(a->side ? a->side : "", b->side ? b->side : "");
	if (!c && a->commit->time != b->commit->time)
		c = a->commit->time < b->commit->time ? -1 : 1;
	if (!c)
		c = strcmp(a->commit->id, b->commit->id);
	return c ? c : (a > b) - (a < b);
}

/* Errors first, then the oldest, then by person. */
static int by_severity(const void *pa, const void *pb)
{
	const group *a = pa, *b = pb;

	if (a->level != b->level)
		return a->level > b->level ? -1 : 1;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return (a->start > b->start) - (a->start < b->start);
}

static bool same_group(const specsync_finding *a, const specsync_finding *b)
{
	return !specsync_email_cmp(who(a), who(b)) &&
	       !strcmp(a->side ? a->side : "", b->side ? b->side : "");
}

static int by_id(const void *pa, const void *pb)
{
	return specsync_id_cmp((*(const specsync_finding *const *)pa)->requirement,
			       (*(const specsync_finding *const *)pb)->requirement);
}

/* Sorts the IDs of each commit of a group in natural order. */
static void sort_ids(const specsync_finding **v, size_t n)
{
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && v[j]->commit == v[i]->commit && same_group(v[i], v[j]); j++)
			;
		if (j - i > 1)
			qsort(v + i, j - i, sizeof(*v), by_id);
	}
}

static size_t collect(const specsync_finding ***out, const specsync_result *r)
{
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < r->finding_count; i++)
		n += r->findings[i].kind == SPECSYNC_FINDING_OUT_OF_ROLE;
	if (!n || !(*out = specsync_calloc(n, sizeof(**out))))
		return 0;
	n = 0;
	for (size_t i = 0; i < r->finding_count; i++)
		if (r->findings[i].kind == SPECSYNC_FINDING_OUT_OF_ROLE)
			(*out)[n++] = &r->findings[i];
	qsort(*out, n, sizeof(**out), by_person);
	sort_ids(*out, n);
	return n;
}

/* Splits the sorted findings into groups; *out is malloc'ed. */
static size_t split(group **out, const specsync_finding **v, size_t n)
{
	group *g = specsync_calloc(n, sizeof(*g));
	size_t count = 0;

	*out = g;
	if (!g)
		return 0;
	for (size_t i = 0; i < n; i++) {
		group *cur = &g[count - (count && same_group(v[i - 1], v[i]) ? 1 : 0)];
		if (cur == &g[count]) {
			cur->start = i;
			cur->first = v[i]->commit->time;
			count++;
		}
		cur->len++;
		if (cur->len == 1 || v[i]->commit != v[i - 1]->commit)
			cur->commits++;
		if (v[i]->level > cur->level)
			cur->level = v[i]->level;
	}
	return count;
}

/* One commit of a group: the findings v[from..to) share it. */
static void commit_line(specsync_buf *out, const specsync_result *r,
			const specsync_finding *const *v, size_t from, size_t to, size_t few)
{
	const specsync_commit_info *c = v[from]->commit;
	size_t line = out->size, i;
	char date[16];
	long age = specsync_age_days(c->time, r->now);

	specsync_format_date(date, c->time, c->offset);
	specsync_buf_printf(out, "    %s \"", c->short_id);
	specsync_put_clipped(out, c->summary, SUMMARY_COLUMNS);
	specsync_buf_printf(out, "\", %s (%ld day%s ago)", date, age, age == 1 ? "" : "s");
	if (v[from]->merged_by)
		specsync_buf_printf(out, ", merged by %s", v[from]->merged_by->short_id);
	specsync_buf_puts(out, ": ");
	/* at most `few` IDs, fewer when they are long (one at least) */
	for (i = from; i < to && i < from + few; i++) {
		if (i > from && out->size - line + strlen(v[i]->requirement) > LINE_COLUMNS)
			break;
		specsync_buf_printf(out, "%s%s", i > from ? ", " : "", v[i]->requirement);
	}
	if (i < to)
		specsync_buf_printf(out, " and %zu more", to - i);
	specsync_buf_putc(out, '\n');
}

static void group_block(specsync_buf *out, const specsync_result *r,
			const specsync_finding *const *v, const group *g, bool color, size_t few)
{
	const specsync_finding *f = v[g->start];
	size_t end = g->start + g->len, k = 0;

	specsync_buf_printf(out, "  %s", color ? "\033[1m" : "");
	specsync_put_person(out, &f->author);
	specsync_buf_printf(out, "%s changed the %s side without being Responsible or Accountable: "
				 "%zu edit%s in %zu commit%s  %s[%s]%s\n",
			    color ? "\033[m" : "", f->side ? f->side : "?", g->len,
			    g->len == 1 ? "" : "s", g->commits, g->commits == 1 ? "" : "s",
			    color ? "\033[33m" : "", specsync_level_name(g->level),
			    color ? "\033[m" : "");
	for (size_t i = g->start; i < end; k++) {
		size_t j = i + 1;
		while (j < end && v[j]->commit == v[i]->commit)
			j++;
		/* first, how many more, last */
		if (g->commits <= few || k == 0 || j == end)
			commit_line(out, r, v, i, j, few);
		else if (k == 1)
			specsync_buf_printf(out, "    ... and %zu more commit%s\n", g->commits - 2,
					    g->commits == 3 ? "" : "s");
		i = j;
	}
}

void specsync_render_text_role_groups(specsync_buf *out, const specsync_result *r, bool color,
				      size_t max_groups, size_t few)
{
	const specsync_finding **v = NULL;
	group *g = NULL;
	size_t n = collect(&v, r), count = n ? split(&g, v, n) : 0, left = 0;

	if (!count)
		goto done;
	qsort(g, count, sizeof(*g), by_severity);
	specsync_buf_printf(out, "%sEdits outside one's role%s\n", color ? "\033[1m" : "",
			    color ? "\033[m" : "");
	for (size_t i = 0; i < count; i++) {
		if (i < max_groups)
			group_block(out, r, v, &g[i], color, few);
		else
			left += g[i].len;
	}
	if (count > max_groups)
		specsync_buf_printf(out, "  ... %zu more edits by %zu more people or sides: --all or "
					 "--format json\n",
				    left, count - max_groups);
	specsync_buf_putc(out, '\n');
done:
	free(v);
	free(g);
	if (n && !count)
		out->failed = true; /* out of memory */
}
