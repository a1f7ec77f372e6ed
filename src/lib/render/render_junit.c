/*
 * JUnit XML (as GitLab and most CI servers read it): one test case per
 * requirement, classname the requirement ID and name the configured sides
 * ("functional/technical"), so that a test case keeps its identity from
 * one pipeline to the next whatever side changed.
 *
 * Which requirements: for a check, those the change modified and those
 * with a finding; for an audit, every requirement. A test case fails when
 * one of its findings counts at policy `error` (the findings that make the
 * exit status 1); one <failure> carries all of them with the roles to ask.
 * Findings at `warning`, a check's open and resolved ones go to
 * <system-out>: the test case passes, as the check does.
 *
 * Valid against the Jenkins xUnit plugin's strict junit-10.xsd (no
 * `skipped` on <testsuites>, no `file` on <testcase>), which GitLab also
 * reads.
 */
#include "common.h"
#include "json.h"
#include "render.h"
#include "renderers.h"

/* Appends `s` escaped for XML 1.0 character data or (attr) an attribute
 * value: characters XML cannot hold (most C0 controls, U+FFFE, U+FFFF,
 * invalid UTF-8) become U+FFFD, so the document is always well-formed. */
static void xml(specsync_buf *out, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p);

	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n = specsync_utf8_len(p + i, len - i);
		if (c == '&')
			specsync_buf_puts(out, "&amp;");
		else if (c == '<')
			specsync_buf_puts(out, "&lt;");
		else if (c == '>')
			specsync_buf_puts(out, "&gt;");
		else if (c == '"' && attr)
			specsync_buf_puts(out, "&quot;");
		else if (c == '\r' || (attr && (c == '\n' || c == '\t')))
			specsync_buf_printf(out, "&#%d;", c);
		else if ((c < 0x20 && c != '\n' && c != '\t') || n == 0 ||
			 (n == 3 && c == 0xef && p[i + 1] == 0xbf && p[i + 2] >= 0xbe))
			specsync_buf_puts(out, "\xef\xbf\xbd");
		else
			specsync_buf_put(out, (const char *)p + i, n);
		i += n ? n : 1;
	}
}

typedef struct testcase {
	const char *id;
	const specsync_finding **findings; /* into `all` */
	size_t count;
} testcase;

typedef struct suite {
	testcase *cases;
	size_t count;
	const specsync_finding **all; /* findings by requirement */
	size_t failures;
} suite;

static int finding_ptr_cmp(const void *pa, const void *pb)
{
	const specsync_finding *a = *(const specsync_finding *const *)pa;
	const specsync_finding *b = *(const specsync_finding *const *)pb;
	int c = specsync_id_cmp(a->requirement, b->requirement);

	/* equal IDs keep the result's order (ties broken by address) */
	return c ? c : (a > b) - (a < b);
}

static int id_ptr_cmp(const void *a, const void *b)
{
	return specsync_id_cmp(*(const char *const *)a, *(const char *const *)b);
}

static bool reported(const specsync_result *r, const specsync_finding *f)
{
	/* an audit's closed episodes are history, not test results */
	return specsync_result_is_check(r) || specsync_finding_counts(r, f);
}

/* The requirement IDs of the suite, sorted and unique, into `ids`. */
static size_t collect_ids(const char **ids, const specsync_result *r)
{
	size_t n = 0, u = 0;

	if (specsync_result_is_check(r))
		for (size_t i = 0; i < r->changed_count; i++)
			ids[n++] = r->changed[i];
	else
		for (size_t i = 0; i < r->requirement_count; i++)
			ids[n++] = r->requirements[i].id;
	for (size_t i = 0; i < r->finding_count; i++)
		if (reported(r, &r->findings[i]))
			ids[n++] = r->findings[i].requirement;
	qsort(ids, n, sizeof(*ids), id_ptr_cmp);
	for (size_t i = 0; i < n; i++)
		if (!u || specsync_id_cmp(ids[u - 1], ids[i]))
			ids[u++] = ids[i];
	return u;
}

static int build(suite *st, const specsync_result *r)
{
	size_t nf = 0, max = r->finding_count + r->changed_count + r->requirement_count;
	const char **ids = specsync_calloc(max + 1, sizeof(*ids));
	size_t nid, j = 0;

	st->all = specsync_calloc(r->finding_count + 1, sizeof(*st->all));
	if (!ids || !st->all) {
		free(ids);
		return SPECSYNC_ENOMEM;
	}
	for (size_t i = 0; i < r->finding_count; i++)
		if (reported(r, &r->findings[i]))
			st->all[nf++] = &r->findings[i];
	qsort(st->all, nf, sizeof(*st->all), finding_ptr_cmp);
	nid = collect_ids(ids, r);
	if (!(st->cases = specsync_calloc(nid + 1, sizeof(*st->cases)))) {
		free(ids);
		return SPECSYNC_ENOMEM;
	}
	for (size_t i = 0; i < nid; i++) {
		testcase *tc = &st->cases[i];
		tc->id = ids[i];
		tc->findings = st->all + j;
		while (j < nf && !specsync_id_cmp(st->all[j]->requirement, ids[i]))
			j++;
		tc->count = (size_t)(st->all + j - tc->findings);
		for (size_t k = 0; k < tc->count; k++)
			if (specsync_ci_level_of(r, tc->findings[k]) == SPECSYNC_CI_ERROR) {
				st->failures++;
				break;
			}
	}
	st->count = nid;
	free(ids);
	return 0;
}

static void finding_text(specsync_buf *out, const specsync_result *r, const specsync_finding *f)
{
	specsync_buf text = SPECSYNC_BUF_INIT;

	specsync_describe_finding(&text, f);
	specsync_buf_putc(&text, '.');
	specsync_describe_action(&text, r, f, "\n");
	specsync_buf_putc(&text, '\n');
	xml(out, text.ptr, false);
	specsync_buf_dispose(&text);
}

static const char *label(const specsync_result *r, const specsync_finding *f)
{
	switch (specsync_ci_level_of(r, f)) {
	case SPECSYNC_CI_ERROR:
		return "error";
	case SPECSYNC_CI_WARNING:
		return "warning";
	default:
		return specsync_status_name(f->status);
	}
}

static void failure(specsync_buf *out, const specsync_result *r, const testcase *tc)
{
	const specsync_finding *first = NULL;
	specsync_buf msg = SPECSYNC_BUF_INIT;
	size_t n = 0;

	for (size_t k = 0; k < tc->count; k++)
		if (specsync_ci_level_of(r, tc->findings[k]) == SPECSYNC_CI_ERROR && !n++)
			first = tc->findings[k];
	if (!first)
		return;
	specsync_describe_finding(&msg, first);
	if (n > 1)
		specsync_buf_printf(&msg, " (and %zu more)", n - 1);
	specsync_buf_puts(out, "      <failure type=\"");
	xml(out, specsync_finding_kind_name(first->kind), true);
	specsync_buf_puts(out, "\" message=\"");
	xml(out, msg.ptr, true);
	specsync_buf_puts(out, "\">");
	for (size_t k = 0, i = 0; k < tc->count; k++)
		if (specsync_ci_level_of(r, tc->findings[k]) == SPECSYNC_CI_ERROR) {
			if (i++)
				specsync_buf_putc(out, '\n');
			finding_text(out, r, tc->findings[k]);
		}
	specsync_buf_puts(out, "</failure>\n");
	specsync_buf_dispose(&msg);
}

static void system_out(specsync_buf *out, const specsync_result *r, const testcase *tc)
{
	bool any = false;

	for (size_t k = 0; k < tc->count; k++) {
		const specsync_finding *f = tc->findings[k];
		if (specsync_ci_level_of(r, f) == SPECSYNC_CI_ERROR)
			continue;
		specsync_buf_puts(out, any ? "\n[" : "      <system-out>[");
		any = true;
		specsync_buf_puts(out, label(r, f));
		specsync_buf_puts(out, "] ");
		finding_text(out, r, f);
	}
	if (any)
		specsync_buf_puts(out, "</system-out>\n");
}

/* No `file` attribute: GitLab would show it, but the strict schema that
 * Jenkins' xUnit plugin validates against rejects it; the failure text
 * names the places to update. */
static void testcase_xml(specsync_buf *out, const specsync_result *r, const testcase *tc,
			 const char *sides)
{
	specsync_buf_puts(out, "    <testcase classname=\"");
	xml(out, tc->id, true);
	specsync_buf_puts(out, "\" name=\"");
	xml(out, sides, true);
	specsync_buf_puts(out, "\" time=\"0\">\n");
	failure(out, r, tc);
	system_out(out, r, tc);
	specsync_buf_puts(out, "    </testcase>\n");
}

static void property(specsync_buf *out, const char *name, const char *value)
{
	specsync_buf_printf(out, "      <property name=\"%s\" value=\"", name);
	xml(out, value, true);
	specsync_buf_puts(out, "\"/>\n");
}

static void suite_name(specsync_buf *out, const specsync_result *r)
{
	specsync_buf name = SPECSYNC_BUF_INIT;

	if (r->base[0])
		specsync_buf_printf(&name, "specsync %s %.12s..%.12s", r->mode, r->base, r->head);
	else
		specsync_buf_printf(&name, "specsync %s %.12s", r->mode, r->head);
	xml(out, name.ptr, true);
	specsync_buf_dispose(&name);
}

int specsync_render_junit(specsync_buf *out, const specsync_result *r,
			  const specsync_render_options *opts)
{
	suite st;
	specsync_buf sides = SPECSYNC_BUF_INIT;
	int error;

	memset(&st, 0, sizeof(st));
	if ((error = build(&st, r)) < 0)
		goto done;
	for (size_t s = 0; s < specsync_config_side_count(r->cfg); s++)
		specsync_buf_printf(&sides, "%s%s", s ? "/" : "",
				    specsync_config_side_name(r->cfg, s));
	specsync_buf_printf(out,
			    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			    "<testsuites name=\"specsync\" tests=\"%zu\" failures=\"%zu\" "
			    "errors=\"0\" time=\"0\">\n",
			    st.count, st.failures);
	specsync_buf_puts(out, "  <testsuite name=\"");
	suite_name(out, r);
	specsync_buf_printf(out,
			    "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\" "
			    "time=\"0\">\n    <properties>\n",
			    st.count, st.failures);
	property(out, "mode", r->mode);
	property(out, "head", r->head);
	if (r->base[0])
		property(out, "base", r->base);
	if (r->rules_from[0])
		property(out, "rules_from", r->rules_from);
	specsync_buf_puts(out, "    </properties>\n");
	for (size_t i = 0; i < st.count; i++)
		testcase_xml(out, r, &st.cases[i], sides.ptr ? sides.ptr : "");
	if (opts->notice) {
		specsync_buf_puts(out, "    <system-out>");
		xml(out, opts->notice, false);
		specsync_buf_puts(out, "</system-out>\n");
	}
	specsync_buf_puts(out, "  </testsuite>\n</testsuites>\n");
	error = out->failed || sides.failed ? SPECSYNC_ENOMEM : 0;
done:
	specsync_buf_dispose(&sides);
	free(st.cases);
	free(st.all);
	return error;
}
