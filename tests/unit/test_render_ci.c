/*
 * The CI renderers on hand-built results: the limits that a repository
 * would take too long to reach (25,000 SARIF results, the runner's 10
 * annotations of each kind, the markdown size cap) and empty results.
 */
#include "testutil.h"
#include "common.h"
#include "config.h"
#include "render.h"
#include "result.h"

#include <stdio.h>

typedef struct fixture {
	specsync_config cfg;
	specsync_config_side sides[2];
	specsync_result res;
	specsync_finding *findings;
	char (*ids)[16];
	specsync_location loc[2];
	const char *changed[1];
} fixture;

/* n unsynced findings REQ-00001..: `news` of them new (policy error), the
 * others open before the check. */
static fixture *make(size_t n, size_t news, const char *mode)
{
	fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->sides[0].name = (char *)"functional";
	fx->sides[1].name = (char *)"technical";
	fx->sides[0].unsynced = fx->sides[1].unsynced = SPECSYNC_LEVEL_ERROR;
	fx->cfg.sides = fx->sides;
	fx->cfg.side_count = 2;
	fx->cfg.ack_trailer = (char *)"Sync-Ack";
	fx->cfg.out_of_role = fx->cfg.invalid_ack = SPECSYNC_LEVEL_WARNING;
	fx->loc[0].path = "specs/functional/f.md";
	fx->loc[0].line = 3;
	fx->loc[1].path = "specs/technical/t.md";
	fx->loc[1].line = 5;
	fx->changed[0] = "functional";
	fx->findings = calloc(n + 1, sizeof(*fx->findings));
	fx->ids = calloc(n + 1, sizeof(*fx->ids));
	assert_true(fx->findings && fx->ids);
	for (size_t i = 0; i < n; i++) {
		specsync_finding *f = &fx->findings[i];
		snprintf(fx->ids[i], sizeof(fx->ids[i]), "REQ-%05zu", i + 1);
		tu_unsynced_finding(f, fx->ids[i], fx->changed, fx->loc);
		f->status = i < news ? SPECSYNC_STATUS_NEW : SPECSYNC_STATUS_OPEN;
	}
	fx->res.cfg = &fx->cfg;
	fx->res.mode = mode;
	strcpy(fx->res.head, "0123456789012345678901234567890123456789");
	strcpy(fx->res.base, "9876543210987654321098765432109876543210");
	fx->res.findings = fx->findings;
	fx->res.finding_count = n;
	return fx;
}

static void dispose(fixture *fx)
{
	free(fx->findings);
	free(fx->ids);
	free(fx);
}

/* Occurrences of `needle` (not strstr: under ASan each call measures the
 * whole 25 MB haystack again) */
static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	for (const char *p = hay; *p; p++)
		if (*p == *needle && !strncmp(p, needle, len)) {
			n++;
			p += len - 1;
		}
	return n;
}

static char *render(const fixture *fx, specsync_format format, const char *notice, size_t max_size)
{
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf out = SPECSYNC_BUF_INIT;

	ro.notice = notice;
	ro.max_size = max_size;
	assert_int_equal(specsync_render(&out, &fx->res, format, &ro), 0);
	return specsync_buf_detach(&out);
}

static void test_sarif_keeps_25000_results_errors_first(void **state)
{
	fixture *fx = make(25003, 25001, "base");
	char *doc;
	(void)state;

	/* the two open ones (notes) and one error are left out */
	doc = render(fx, SPECSYNC_FORMAT_SARIF, NULL, 0);
	assert_int_equal(count(doc, "\"ruleId\":"), 25000);
	assert_int_equal(count(doc, "\"level\":\"note\""), 0);
	assert_int_equal(count(doc, "\"text\":\"3 more findings left out: code scanning takes "
				    "25000 results per run\""),
			 1);
	free(doc);
	dispose(fx);
}

static void test_github_annotation_limits(void **state)
{
	fixture *fx = make(24, 12, "base");
	char *doc;
	(void)state;

	/* 12 errors, 12 open notes and the configuration notice: 10 errors;
	 * notices: the configuration's, 8 findings and the count of the rest */
	doc = render(fx, SPECSYNC_FORMAT_GITHUB, "this change edits .specsync.yml", 0);
	assert_int_equal(count(doc, "\n::error ") + (strncmp(doc, "::error ", 8) == 0), 10);
	assert_int_equal(count(doc, "::notice "), 10);
	assert_non_null(strstr(doc, "::notice title=specsync%3A more findings::2 more errors, "
				    "4 more notes not annotated (GitHub shows 10 of each kind per "
				    "step)"));
	assert_non_null(strstr(doc, "::notice file=.specsync.yml,line=1,title=specsync%3A "
				    "configuration::this change edits .specsync.yml\n"));
	free(doc);
	dispose(fx);
}

static void test_github_no_overflow_notice_at_the_limit(void **state)
{
	fixture *fx = make(20, 10, "base");
	char *doc;
	(void)state;

	doc = render(fx, SPECSYNC_FORMAT_GITHUB, NULL, 0);
	assert_int_equal(count(doc, "::notice "), 10);
	assert_null(strstr(doc, "more findings"));
	free(doc);
	dispose(fx);
}

static void test_markdown_size_cap(void **state)
{
	fixture *fx = make(200, 100, "base");
	char *doc;
	(void)state;

	doc = render(fx, SPECSYNC_FORMAT_MD, NULL, 8192);
	assert_true(strlen(doc) <= 8192);
	assert_non_null(strstr(doc, "more findings left out to keep this under 8192 bytes"));
	assert_non_null(strstr(doc, "| **REQ-00001** |"));
	/* what stays open is dropped before what the change did */
	assert_null(strstr(doc, "<details>"));
	free(doc);
	doc = render(fx, SPECSYNC_FORMAT_MD, NULL, 0);
	assert_true(strlen(doc) <= 65536);
	free(doc);
	dispose(fx);
}

static void test_empty_results_give_valid_documents(void **state)
{
	static const char *const modes[] = {"base", "audit"};
	(void)state;

	for (int m = 0; m < 2; m++) {
		fixture *fx = make(0, 0, modes[m]);
		char *doc;
		doc = render(fx, SPECSYNC_FORMAT_SARIF, NULL, 0);
		assert_non_null(strstr(doc, "\"results\":[]"));
		free(doc);
		doc = render(fx, SPECSYNC_FORMAT_GITLAB, NULL, 0);
		assert_string_equal(doc, "[]\n");
		free(doc);
		doc = render(fx, SPECSYNC_FORMAT_JUNIT, NULL, 0);
		assert_non_null(
			strstr(doc, "<testsuites name=\"specsync\" tests=\"0\" failures=\"0\""));
		assert_non_null(strstr(doc, "</testsuites>\n"));
		free(doc);
		doc = render(fx, SPECSYNC_FORMAT_GITHUB, NULL, 0);
		assert_int_equal(
			strncmp(doc, "::group::specsync report\n::stop-commands::specsync-", 51),
			0);
		free(doc);
		doc = render(fx, SPECSYNC_FORMAT_MD, NULL, 0);
		assert_non_null(strstr(doc, "\xe2\x9c\x85"));
		free(doc);
		dispose(fx);
	}
}

static void test_audit_reports_open_at_policy_level(void **state)
{
	fixture *fx = make(2, 0, "audit");
	char *doc;
	(void)state;

	fx->findings[1].status = SPECSYNC_STATUS_ACKNOWLEDGED;
	doc = render(fx, SPECSYNC_FORMAT_GITLAB, NULL, 0);
	assert_int_equal(count(doc, "\"severity\":\"critical\""), 1);
	assert_int_equal(count(doc, "\"fingerprint\""), 1);
	free(doc);
	dispose(fx);
}

/* The fingerprint definition of docs/ci.md, pinned: values computed with
 * `xxhsum -H2` (xxHash's own tool) over the NUL-terminated fields. */
static void test_fingerprint_definition_pinned(void **state)
{
	fixture *fx = make(2, 0, "audit");
	specsync_commit_info opener = {0}, edit = {0};
	specsync_strmap seen = SPECSYNC_STRMAP_INIT;
	char fp[33];

	(void)state;
	specsync_fingerprint(fp, &fx->findings[0]);
	assert_string_equal(fp, "c076194e786b74c9946f0754bc32c92e");
	memset(opener.id, 'a', 40);
	fx->findings[0].commits = &opener;
	fx->findings[0].commit_count = 1;
	specsync_fingerprint(fp, &fx->findings[0]);
	assert_string_equal(fp, "80bf59b4fd63ad87a87e49c1bc7ef846");
	strcpy(edit.id, "0123456789012345678901234567890123456789");
	fx->findings[1].kind = SPECSYNC_FINDING_OUT_OF_ROLE;
	fx->findings[1].requirement = "REQ-00001";
	fx->findings[1].side = "functional";
	fx->findings[1].commit = &edit;
	specsync_fingerprint(fp, &fx->findings[1]);
	assert_string_equal(fp, "4aadb55ac0934247993ad4873e0446ba");
	/* a repeat within one report: XXH3-128 of "<fingerprint>#1" */
	fx->findings[0].commit_count = 0;
	assert_int_equal(specsync_fingerprint_unique(fp, &seen, &fx->findings[0]), 0);
	assert_string_equal(fp, "c076194e786b74c9946f0754bc32c92e");
	assert_int_equal(specsync_fingerprint_unique(fp, &seen, &fx->findings[0]), 0);
	assert_string_equal(fp, "c204a3d6a6c087f856e00c39c545823f");
	specsync_strmap_dispose(&seen);
	dispose(fx);
}

static void test_version_1_options(void **state)
{
	/* a caller built against version 1 passes a shorter structure */
	struct {
		unsigned version;
		bool color, all;
	} v1 = {1, false, false};
	fixture *fx = make(1, 1, "base");
	specsync_buf out = SPECSYNC_BUF_INIT;
	(void)state;

	assert_int_equal(specsync_render(&out, &fx->res, SPECSYNC_FORMAT_MD,
					 (const specsync_render_options *)(void *)&v1),
			 0);
	assert_null(strstr(out.ptr, "Note:"));
	specsync_buf_dispose(&out);
	dispose(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif_keeps_25000_results_errors_first),
		cmocka_unit_test(test_github_annotation_limits),
		cmocka_unit_test(test_github_no_overflow_notice_at_the_limit),
		cmocka_unit_test(test_markdown_size_cap),
		cmocka_unit_test(test_empty_results_give_valid_documents),
		cmocka_unit_test(test_audit_reports_open_at_policy_level),
		cmocka_unit_test(test_version_1_options),
		cmocka_unit_test(test_fingerprint_definition_pinned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
