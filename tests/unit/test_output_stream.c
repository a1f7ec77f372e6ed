/*
 * specsync_render_stream(): the bytes are those of specsync_render(), the
 * JSON report goes out in bounded pieces, and a failing writer stops the
 * rendering with its own error.
 */
#include "testutil.h"
#include "common.h"
#include "config.h"
#include "render.h"
#include "result.h"

#include <stdio.h>

#define FINDINGS 3000

typedef struct fixture {
	specsync_config cfg;
	specsync_config_side sides[2];
	specsync_result res;
	specsync_finding findings[FINDINGS];
	specsync_commit_info commits[7];
	char ids[FINDINGS][16];
	specsync_location loc[2];
	const char *changed[1];
} fixture;

/* FINDINGS unsynced findings REQ-00001..., each opened by one of seven
 * commits (commit_details are rendered once per commit and copied). */
static fixture *make(void)
{
	fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->sides[0].name = (char *)"functional";
	fx->sides[1].name = (char *)"technical";
	fx->cfg.sides = fx->sides;
	fx->cfg.side_count = 2;
	fx->cfg.ack_trailer = (char *)"Sync-Ack";
	fx->loc[0] = (specsync_location){ "specs/functional/f.md", 3 };
	fx->loc[1] = (specsync_location){ "specs/technical/t.md", 5 };
	fx->changed[0] = "functional";
	for (size_t c = 0; c < 7; c++) {
		specsync_commit_info *ci = &fx->commits[c];
		snprintf(ci->id, sizeof(ci->id), "%040zu", c);
		ci->author_name = "Chlo\xc3\xa9 \"D\" Durand";
		ci->author_email = "chloe@example.org";
		ci->time = 1735718400 + (int64_t)c * 86400;
		ci->summary = "spec: edit\tthe \\ rules";
	}
	for (size_t i = 0; i < FINDINGS; i++) {
		specsync_finding *f = &fx->findings[i];
		snprintf(fx->ids[i], sizeof(fx->ids[i]), "REQ-%05zu", i + 1);
		tu_unsynced_finding(f, fx->ids[i], fx->changed, fx->loc);
		if (i % 3 == 0)
			f->status = SPECSYNC_STATUS_RESOLVED;
		f->commits = &fx->commits[i % 7];
		f->commit_count = 1;
	}
	fx->res.cfg = &fx->cfg;
	fx->res.mode = "audit";
	fx->res.now = 1767225600;
	strcpy(fx->res.head, "0123456789012345678901234567890123456789");
	fx->res.findings = fx->findings;
	fx->res.finding_count = FINDINGS;
	return fx;
}

/* A writer that keeps what it is given, and fails from call `fail_at` on
 * (0: never). */
typedef struct collector {
	specsync_buf all;
	size_t calls, fail_at, largest;
} collector;

static int collect(const char *data, size_t len, void *payload)
{
	collector *c = payload;

	c->calls++;
	if (c->fail_at && c->calls >= c->fail_at)
		return -42;
	assert_true(len > 0);
	if (len > c->largest)
		c->largest = len;
	assert_int_equal(specsync_buf_put(&c->all, data, len), 0);
	return 0;
}

/* Streams `fmt` into `c` and checks that the bytes are specsync_render()'s;
 * returns their size. */
static size_t expect_same_bytes(collector *c, const fixture *fx, specsync_format fmt,
				const specsync_render_options *ro)
{
	specsync_buf whole = SPECSYNC_BUF_INIT;
	size_t size;

	assert_int_equal(specsync_render(&whole, &fx->res, fmt, ro), 0);
	assert_int_equal(specsync_render_stream(&fx->res, fmt, ro, collect, c), 0);
	assert_int_equal(c->all.size, whole.size);
	assert_memory_equal(c->all.ptr, whole.ptr, whole.size);
	size = whole.size;
	specsync_buf_dispose(&whole);
	specsync_buf_dispose(&c->all);
	return size;
}

static void test_json_streams_the_same_bytes_in_pieces(void **state)
{
	fixture *fx = make();
	collector c = { SPECSYNC_BUF_INIT, 0, 0, 0 };
	size_t size = expect_same_bytes(&c, fx, SPECSYNC_FORMAT_JSON, NULL);
	(void)state;

	/* several pieces, none much over the chunk: the whole document is
	 * never held at once */
	assert_true(size > 4 * SPECSYNC_RENDER_CHUNK);
	assert_true(c.calls > size / (SPECSYNC_RENDER_CHUNK + 2048));
	assert_true(c.calls <= size / SPECSYNC_RENDER_CHUNK + 1);
	assert_true(c.largest < SPECSYNC_RENDER_CHUNK + 2048);
	free(fx);
}

static void test_failing_writer_stops_the_rendering(void **state)
{
	fixture *fx = make();
	collector c = { SPECSYNC_BUF_INIT, 0, 2, 0 };
	(void)state;

	assert_int_equal(specsync_render_stream(&fx->res, SPECSYNC_FORMAT_JSON, NULL, collect, &c),
			 -42);
	assert_int_equal(c.calls, 2); /* never called again after the failure */
	assert_true(c.all.size >= SPECSYNC_RENDER_CHUNK);
	specsync_buf_dispose(&c.all);
	/* a format rendered whole: one call, its error returned */
	c.calls = 0;
	c.fail_at = 1;
	assert_int_equal(specsync_render_stream(&fx->res, SPECSYNC_FORMAT_SARIF, NULL, collect, &c),
			 -42);
	assert_int_equal(c.calls, 1);
	free(fx);
}

static void test_other_formats_stream_whole(void **state)
{
	static const specsync_format formats[] = { SPECSYNC_FORMAT_TEXT, SPECSYNC_FORMAT_SARIF,
						   SPECSYNC_FORMAT_JUNIT, SPECSYNC_FORMAT_GITLAB,
						   SPECSYNC_FORMAT_MD };
	fixture *fx = make();
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	(void)state;

	ro.all = true;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		collector c = { SPECSYNC_BUF_INIT, 0, 0, 0 };
		expect_same_bytes(&c, fx, formats[i], &ro);
		assert_int_equal(c.calls, 1);
	}
	free(fx);
}

static void test_unknown_format_writes_nothing(void **state)
{
	fixture *fx = make();
	collector c = { SPECSYNC_BUF_INIT, 0, 0, 0 };
	(void)state;

	assert_int_equal(
		specsync_render_stream(&fx->res, (specsync_format)99, NULL, collect, &c),
		SPECSYNC_EUSAGE);
	assert_int_equal(c.calls, 0);
	free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_streams_the_same_bytes_in_pieces),
		cmocka_unit_test(test_failing_writer_stops_the_rendering),
		cmocka_unit_test(test_other_formats_stream_whole),
		cmocka_unit_test(test_unknown_format_writes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
