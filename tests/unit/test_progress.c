/*
 * The audit's progress callback and the time span of its result, on a
 * history long enough for several reports.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static const char config_text[] = "version: 1\n"
				  "requirements:\n"
				  "  id: '\\bREQ-[0-9]{3}\\b'\n"
				  "sides:\n"
				  "  functional: { paths: [\"f/*.md\"] }\n"
				  "  technical: { paths: [\"t/*.md\"] }\n";

typedef struct calls {
	size_t n;
	size_t done[8], total[8];
} calls;

static void record(size_t done, size_t total, void *payload)
{
	calls *c = payload;

	if (c->n < 8) {
		c->done[c->n] = done;
		c->total[c->n] = total;
	}
	c->n++;
}

static void test_progress_and_span(void **state)
{
	tu_repo r;
	specsync_config *cfg = NULL;
	specsync_repo *repo = NULL;
	specsync_result *res = NULL;
	specsync_audit_options o = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_error err;
	calls c;
	char body[64];
	int64_t first, last, root_time;
	(void)state;

	tu_repo_init(&r);
	root_time = r.clock;
	for (int i = 0; i < 300; i++) {
		snprintf(body, sizeof(body), "# REQ-001\n\nversion %d\n", i);
		tu_commit(&r, "alice@example.org", "edit", i % 2 ? "t/a.md" : "f/a.md", body, NULL);
	}
	assert_int_equal(
		specsync_config_parse(&cfg, config_text, strlen(config_text), "p.yml", &err), 0);
	assert_int_equal(specsync_repo_open(&repo, r.dir, 0, &err), 0);
	memset(&c, 0, sizeof(c));
	o.progress = record;
	o.progress_payload = &c;
	assert_int_equal(specsync_audit(&res, repo, cfg, &o, &err), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.done[0], 256);
	assert_int_equal(c.total[0], 300);
	assert_int_equal(c.done[1], 300);
	assert_int_equal(c.total[1], 300);
	specsync_result_time_span(res, &first, &last);
	assert_int_equal(first, root_time);
	assert_int_equal(last, root_time + 299 * 86400);
	specsync_result_free(res);

	/* everything is cached now: nothing to walk, nothing reported */
	memset(&c, 0, sizeof(c));
	assert_int_equal(specsync_audit(&res, repo, cfg, &o, &err), 0);
	assert_int_equal(c.n, 0);
	specsync_result_time_span(res, &first, &last);
	assert_int_equal(first, root_time);
	assert_int_equal(last, root_time + 299 * 86400);
	specsync_result_free(res);

	/* an empty commit on top: its time ends the span, though it changes
	 * nothing the engine records */
	tu_commit(&r, "alice@example.org", "nothing", "README", "x\n", NULL);
	o.no_cache = true;
	assert_int_equal(specsync_audit(&res, repo, cfg, &o, &err), 0);
	specsync_result_time_span(res, &first, &last);
	assert_int_equal(last, root_time + 300 * 86400);
	specsync_result_free(res);

	specsync_config_free(cfg);
	specsync_repo_free(repo);
	tu_repo_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress_and_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
