/*
 * The reports for people: figures, HTML escaping and size bounds on
 * synthetic results, e-mail encoding. Results are built directly (no
 * repository) so that their shape and size are exactly what each test
 * needs.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "charts.h"
#include "html.h"
#include "common.h"
#include "mail.h"
#include "render.h"
#include "report.h"
#include "result.h"

static const char config_text[] =
	"version: 1\n"
	"requirements:\n"
	"  id: '\\bREQ-[0-9]+\\b'\n"
	"sides:\n"
	"  functional: { paths: [\"f/*.md\"] }\n"
	"  technical: { paths: [\"t/*.md\"] }\n"
	"roles:\n"
	"  amoa: { name: \"AMOA <b>\", members: [\"Al Martin <al@example.org>\"] }\n"
	"  amoe: { members: [\"Chlo\xc3\xa9 Durand <chloe@example.org>\"] }\n"
	"raci:\n"
	"  - scope: \"*\"\n"
	"    functional: { R: amoa, A: amoa, C: [amoe] }\n"
	"    technical: { R: amoe, A: amoe, I: [amoa] }\n";

#define DAY 86400
#define T0 1700000000

typedef struct synth {
	specsync_config *cfg;
	specsync_result *res;
	size_t cap;
} synth;

static void synth_init(synth *s, size_t cap)
{
	specsync_error err;

	memset(s, 0, sizeof(*s));
	if (specsync_config_parse(&s->cfg, config_text, strlen(config_text), "t.yml", &err) < 0)
		fail_msg("config: %s", err.message);
	s->res = calloc(1, sizeof(*s->res));
	s->res->cfg = s->cfg;
	s->res->mode = "audit";
	s->res->now = T0 + 400 * DAY;
	s->res->first_time = T0;
	s->res->last_time = T0 + 365 * DAY;
	strcpy(s->res->head, "0123456789abcdef0123456789abcdef01234567");
	s->res->findings = specsync_arena_array(&s->res->arena, cap, sizeof(specsync_finding));
	s->cap = cap;
}

static void synth_free(synth *s)
{
	specsync_result_free(s->res);
	specsync_config_free(s->cfg);
}

static specsync_commit_info *commit(synth *s, int64_t t, const char *summary)
{
	specsync_commit_info *c = specsync_arena_alloc(&s->res->arena, sizeof(*c));

	snprintf(c->id, sizeof(c->id), "%040lld", (long long)t);
	memcpy(c->short_id, c->id + 33, 7);
	c->author_name = "Al <script>x</script>";
	c->author_email = "al@example.org";
	c->time = t;
	c->summary = summary;
	return c;
}

static void roles_for(synth *s, specsync_finding *f, int side)
{
	static specsync_role_ref refs[2];

	for (int i = 0; i < 2; i++) {
		const specsync_config_role *r = &s->cfg->roles[i];
		refs[i] = (specsync_role_ref){r->key, r->name, r->members, r->member_count};
	}
	/* functional lags: amoa is R and A, amoe C; technical: the other way */
	f->roles[SPECSYNC_RACI_RESPONSIBLE] = (specsync_role_list){&refs[side], 1};
	f->roles[SPECSYNC_RACI_ACCOUNTABLE] = (specsync_role_list){&refs[side], 1};
	f->roles[side ? SPECSYNC_RACI_INFORMED : SPECSYNC_RACI_CONSULTED] =
		(specsync_role_list){&refs[!side], 1};
}

/* An unsynchronised episode of `id` lagging on `side`, from `open` to
 * `close` (0: still open). */
static specsync_finding *episode(synth *s, const char *id, int side, int64_t open, int64_t close)
{
	specsync_finding *f = &s->res->findings[s->res->finding_count++];
	static const char *names[2] = {"functional", "technical"};

	assert_true(s->res->finding_count <= s->cap);
	f->kind = SPECSYNC_FINDING_UNSYNCED;
	f->requirement = specsync_arena_strdup(&s->res->arena, id);
	f->lagging_side = names[side];
	f->changed_sides = &names[!side];
	f->changed_side_count = 1;
	f->commits = commit(s, open, "change <img src=x onerror=alert(1)>");
	f->commit_count = 1;
	f->closed_by = close ? commit(s, close, "catch up") : NULL;
	f->status = close ? SPECSYNC_STATUS_RESOLVED : SPECSYNC_STATUS_OPEN;
	f->level = side ? SPECSYNC_LEVEL_ERROR : SPECSYNC_LEVEL_WARNING;
	roles_for(s, f, side);
	return f;
}

/* ---- figures ------------------------------------------------------------ */

static void test_report_figures(void **state)
{
	synth s;
	specsync_report rep;
	(void)state;

	synth_init(&s, 16);
	/* durations 1, 2, 3, 10 days (technical) and 5 days (functional, baselined:
	 * not counted) */
	episode(&s, "REQ-2", 1, T0 + 10 * DAY, T0 + 11 * DAY);
	episode(&s, "REQ-2", 1, T0 + 20 * DAY, T0 + 22 * DAY);
	episode(&s, "REQ-10", 1, T0 + 30 * DAY, T0 + 33 * DAY);
	episode(&s, "REQ-1", 1, T0 + 40 * DAY, T0 + 50 * DAY);
	episode(&s, "REQ-1", 0, T0 + 60 * DAY, T0 + 65 * DAY)->status = SPECSYNC_STATUS_BASELINED;
	episode(&s, "REQ-3", 0, T0 + 300 * DAY, 0);
	assert_int_equal(specsync_report_build(&rep, s.res), 0);
	assert_int_equal(rep.duration_count, 4);
	assert_int_equal(specsync_report_median(&rep), (2 * DAY + 3 * DAY) / 2);
	assert_int_equal(specsync_report_p90(&rep), 10 * DAY);
	assert_int_equal(rep.open_total, 1);
	assert_int_equal(rep.open_by_side[0], 1);
	assert_int_equal(rep.open_by_side[1], 0);
	assert_int_equal(rep.t0, T0);
	assert_int_equal(rep.t1, T0 + 365 * DAY);
	/* drift: REQ-3 65 days open (to the head), REQ-1 10 + 5, REQ-2 3, REQ-10 3 */
	assert_int_equal(rep.req_count, 4);
	assert_string_equal(rep.reqs[0].id, "REQ-3");
	assert_int_equal(rep.reqs[0].drift, 65 * DAY);
	assert_string_equal(rep.reqs[1].id, "REQ-1");
	assert_int_equal(rep.reqs[1].drift, 15 * DAY);
	assert_int_equal(rep.reqs[1].count, 2);
	assert_string_equal(rep.reqs[2].id, "REQ-2");
	assert_string_equal(rep.reqs[3].id, "REQ-10");
	/* REQ-1's episodes by open time: technical first */
	assert_int_equal(rep.eps[rep.reqs[1].first].side, 1);
	specsync_report_dispose(&rep);
	synth_free(&s);
}

static void test_report_empty(void **state)
{
	synth s;
	specsync_report rep;
	specsync_buf out = SPECSYNC_BUF_INIT;
	(void)state;

	synth_init(&s, 1);
	s.res->first_time = s.res->last_time = 0;
	assert_int_equal(specsync_report_build(&rep, s.res), 0);
	assert_int_equal(specsync_report_median(&rep), 0);
	assert_true(rep.t1 > rep.t0);
	specsync_report_dispose(&rep);
	assert_int_equal(specsync_render(&out, s.res, SPECSYNC_FORMAT_HTML, NULL), 0);
	assert_non_null(strstr(out.ptr, "Every requirement is synchronised."));
	assert_non_null(strstr(out.ptr, "No episode has closed yet."));
	specsync_buf_dispose(&out);
	synth_free(&s);
}

/* ---- HTML ------------------------------------------------------------------ */

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void test_html_escapes_everything(void **state)
{
	synth s;
	specsync_buf out = SPECSYNC_BUF_INIT;
	specsync_finding *f;
	static const specsync_location loc = {"f/<script>.md", 3};
	(void)state;

	synth_init(&s, 4);
	f = episode(&s, "REQ-<script>alert(1)</script>", 0, T0 + DAY, 0);
	f->lagging_locations = &loc;
	f->lagging_location_count = 1;
	f = &s.res->findings[s.res->finding_count++];
	f->kind = SPECSYNC_FINDING_OUT_OF_ROLE;
	f->requirement = "REQ-\"'&";
	f->side = "technical";
	f->commit = commit(&s, T0 + 2 * DAY, "</td><script>x()</script>");
	f->author = (specsync_person){"Eve <img src=x onerror=y>", "eve@example.org"};
	f->reason = "<b>bold</b>";
	f->level = SPECSYNC_LEVEL_WARNING;
	assert_int_equal(specsync_render(&out, s.res, SPECSYNC_FORMAT_HTML, NULL), 0);
	assert_null(strstr(out.ptr, "<script"));
	assert_null(strstr(out.ptr, "<img"));
	assert_null(strstr(out.ptr, "<b>bold"));
	assert_null(strstr(out.ptr, "AMOA <b>"));
	assert_non_null(strstr(out.ptr, "REQ-&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(out.ptr, "REQ-&quot;&#39;&amp;"));
	assert_non_null(strstr(out.ptr, "Eve &lt;img src=x onerror=y&gt;"));
	assert_non_null(strstr(out.ptr, "f/&lt;script&gt;.md:3"));
	assert_non_null(strstr(out.ptr, "AMOA &lt;b&gt;"));
	assert_non_null(strstr(out.ptr, "Content-Security-Policy"));
	specsync_buf_dispose(&out);
	synth_free(&s);
}

static void test_html_escape_function(void **state)
{
	specsync_buf out = SPECSYNC_BUF_INIT;
	(void)state;

	specsync_html_esc(&out, "a<b>&\"'\x01\xff\xc3\xa9\n");
	assert_string_equal(out.ptr,
			    "a&lt;b&gt;&amp;&quot;&#39;\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9\n");
	specsync_buf_clear(&out);
	specsync_html_esc_cut(&out, "\xc3\xa9\xc3\xa9\xc3\xa9", 2);
	assert_string_equal(out.ptr, "\xc3\xa9\xc3\xa9...");
	specsync_buf_dispose(&out);
}

/* 5,000 requirements, 20 episodes each, 2,000 out-of-role edits: the page
 * stays within a few megabytes and says what it leaves out. */
static void test_html_large_project_is_bounded(void **state)
{
	synth s;
	specsync_buf out = SPECSYNC_BUF_INIT;
	char id[32];
	(void)state;

	synth_init(&s, 5000 * 20 + 2000);
	for (int r = 0; r < 5000; r++) {
		snprintf(id, sizeof(id), "REQ-%d", r);
		for (int e = 0; e < 20; e++) {
			int64_t open = T0 + (int64_t)(e * 18 + r % 7) * DAY + r * 60;
			bool last = e == 19 && r % 3 == 0;
			episode(&s, id, (r + e) % 2, open, last ? 0 : open + (1 + r % 40) * 3600);
		}
	}
	for (int i = 0; i < 2000; i++) {
		specsync_finding *f = &s.res->findings[s.res->finding_count++];
		f->kind = SPECSYNC_FINDING_OUT_OF_ROLE;
		f->requirement = "REQ-1";
		f->side = "technical";
		f->commit = commit(&s, T0 + i * 3600, "edit");
		f->author = (specsync_person){"Mallory", "m@example.org"};
		f->reason = "out of role";
		f->level = SPECSYNC_LEVEL_WARNING;
	}
	assert_int_equal(specsync_render(&out, s.res, SPECSYNC_FORMAT_HTML, NULL), 0);
	print_message("html report of 5,000 requirements: %zu bytes\n", out.size);
	if (getenv("SPECSYNC_DUMP")) {
		FILE *fp = fopen(getenv("SPECSYNC_DUMP"), "w");
		fwrite(out.ptr, 1, out.size, fp);
		fclose(fp);
	}
	assert_true(out.size < 4 * 1024 * 1024);
	assert_non_null(strstr(out.ptr, "200 of 5000 requirements ever unsynchronised"));
	assert_non_null(strstr(out.ptr, "4800 requirements ever unsynchronised, left out"));
	assert_non_null(strstr(out.ptr, "&hellip; and 3800 more"));
	assert_non_null(strstr(out.ptr, "&hellip; and 1700 older ones"));
	/* at most 200 rows per group: 834 open findings lag on the technical
	 * side, 833 on the functional side (each role is R and A: one row) */
	assert_non_null(strstr(out.ptr, "&hellip; and 634 more"));
	assert_non_null(strstr(out.ptr, "&hellip; and 633 more"));
	assert_int_equal(count_of(out.ptr, "</html>"), 1);
	specsync_buf_dispose(&out);
	synth_free(&s);
}

static void test_timeline_budget(void **state)
{
	synth s;
	specsync_report rep;
	specsync_buf out = SPECSYNC_BUF_INIT;
	char id[32];
	(void)state;

	synth_init(&s, 300);
	for (int r = 0; r < 300; r++) {
		snprintf(id, sizeof(id), "REQ-%d", r);
		episode(&s, id, r % 2, T0 + r * DAY, T0 + (r + 1) * DAY);
	}
	assert_int_equal(specsync_report_build(&rep, s.res), 0);
	assert_int_equal(specsync_chart_timeline(&out, &rep, 200, 1 << 20), 200);
	specsync_buf_clear(&out);
	assert_true(specsync_chart_timeline(&out, &rep, 200, 4000) < 20);
	specsync_report_dispose(&rep);
	specsync_buf_dispose(&out);
	synth_free(&s);
}

/* ---- digests and mail --------------------------------------------------------- */

static void test_digest_groups_by_person(void **state)
{
	synth s;
	specsync_buf out = SPECSYNC_BUF_INIT;
	const char *al, *chloe;
	(void)state;

	synth_init(&s, 4);
	episode(&s, "REQ-7", 1, T0 + DAY, 0); /* technical lags: Chloé must act, Al informed */
	assert_int_equal(specsync_render(&out, s.res, SPECSYNC_FORMAT_DIGEST, NULL), 0);
	al = strstr(out.ptr, "\nAl Martin <al@example.org>\n");
	chloe = strstr(out.ptr, "\nChlo\xc3\xa9 Durand <chloe@example.org>\n");
	assert_non_null(al);
	assert_non_null(chloe);
	assert_true(al < chloe);
	assert_non_null(strstr(al,
			       "To know, as Consulted or Informed (1):\n  - REQ-7: the technical "
			       "side must catch up\n"));
	assert_non_null(strstr(chloe, "To do, as Responsible or Accountable of the side that lags "
				      "(1):\n  - REQ-7: add it to the technical side  [error]\n"));
	assert_non_null(strstr(chloe, "you are Responsible (amoe), Accountable (amoe)\n"));
	specsync_buf_dispose(&out);
	synth_free(&s);
}

static void test_mail_encoding(void **state)
{
	specsync_buf out = SPECSYNC_BUF_INIT;
	char *name, *addr, date[40];
	(void)state;

	specsync_mail_mailbox(&out, "Chlo\xc3\xa9 Durand", "chloe@example.org");
	assert_string_equal(out.ptr, "=?UTF-8?B?Q2hsb8OpIER1cmFuZA==?= <chloe@example.org>");
	specsync_buf_clear(&out);
	specsync_mail_mailbox(&out, "Durand, Chloe", "c@x.org");
	assert_string_equal(out.ptr, "\"Durand, Chloe\" <c@x.org>");
	specsync_buf_clear(&out);
	specsync_mail_mailbox(&out, "A \"q\" \\ b", "c@x.org");
	assert_string_equal(out.ptr, "\"A \\\"q\\\" \\\\ b\" <c@x.org>");
	specsync_buf_clear(&out);
	specsync_mail_header(&out, "Subject", "caf\xc3\xa9\r\nBcc: x@y.z");
	assert_string_equal(out.ptr, "Subject: =?UTF-8?B?Y2Fmw6kgIEJjYzogeEB5Lno=?=\n");
	specsync_buf_clear(&out);
	specsync_mail_body(&out, "From here\n>From there\nok\r\nFrom\n", 31);
	assert_string_equal(out.ptr, ">From here\n>>From there\nok\nFrom\n\n");
	assert_int_equal(specsync_mail_parse_address(&name, &addr, "Me <me@x.org>"), 0);
	assert_string_equal(name, "Me");
	assert_string_equal(addr, "me@x.org");
	free(name);
	free(addr);
	assert_int_equal(specsync_mail_parse_address(&name, &addr, "not an address"), -1);
	assert_false(specsync_mail_addr_ok("a b@c"));
	assert_false(specsync_mail_addr_ok("a@b@c"));
	assert_true(specsync_mail_addr_ok("a.b+c@d.example"));
	specsync_mail_date(date, 1735714800);
	assert_string_equal(date, "Wed, 01 Jan 2025 07:00:00 +0000");
	specsync_buf_clear(&out);
	specsync_mail_separator(&out, "a@b.c", 1735714800);
	assert_string_equal(out.ptr, "From a@b.c Wed Jan  1 07:00:00 2025\n");
	specsync_buf_dispose(&out);
}

static void test_mail_long_subject_folds(void **state)
{
	specsync_buf out = SPECSYNC_BUF_INIT;
	char value[400];
	(void)state;

	memset(value, 0, sizeof(value));
	for (int i = 0; i < 60; i++)
		strcat(value, "\xc3\xa9t\xc3\xa9 ");
	specsync_mail_header(&out, "Subject", value);
	for (char *line = out.ptr; *line;) {
		size_t n = strcspn(line, "\n");
		assert_true(n <= 76);
		line += n + (line[n] ? 1 : 0);
	}
	/* continuation lines start with a space; every word is complete */
	assert_non_null(strstr(out.ptr, "?=\n =?UTF-8?B?"));
	assert_int_equal(count_of(out.ptr, "=?UTF-8?B?"), count_of(out.ptr, "?=\n"));
	specsync_buf_dispose(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_figures),
		cmocka_unit_test(test_report_empty),
		cmocka_unit_test(test_html_escapes_everything),
		cmocka_unit_test(test_html_escape_function),
		cmocka_unit_test(test_html_large_project_is_bounded),
		cmocka_unit_test(test_timeline_budget),
		cmocka_unit_test(test_digest_groups_by_person),
		cmocka_unit_test(test_mail_encoding),
		cmocka_unit_test(test_mail_long_subject_folds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
