/*
 * specsync_render_stream(): the bytes are those of specsync_render(), the
 * JSON report goes out in bounded pieces, and a failing writer stops the
 * rendering with its own error. The JSON findings' two-thread pipeline
 * (src/lib/render/pipeline.c) gives the same bytes in the same write calls
 * as one finding after the other, with any chunk size, ring size, with or
 * without the worker, and when the writer fails part-way.
 */
#include "testutil.h"
#include "common.h"
#include "config.h"
#include "render.h"
#include "renderers.h"
#include "result.h"

#include <stdio.h>

#define FINDINGS 3000
#define COMMITS 29

typedef struct fixture {
	specsync_config cfg;
	specsync_config_side sides[2];
	specsync_result res;
	specsync_finding findings[FINDINGS];
	specsync_commit_info commits[COMMITS];
	char summaries[COMMITS][96];
	char ids[FINDINGS][16];
	specsync_location loc[2];
	const char *changed[1];
	specsync_person members[3];
	specsync_role_ref refs[2];
} fixture;

/* Summaries that exercise every path of the escaping: plain, quotes and
 * backslashes, control bytes, UTF-8 (valid and not), long runs. */
static void summary(char *out, size_t c)
{
	static const char *const pieces[] = { "spec: edit the rules",
					      "say \"yes\" \\ no",
					      "tab\there\r\nnext",
					      "Chlo\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
					      "bad \xc3 \xff\x80 byte\x7f\x01",
					      "a long plain summary that runs well past sixteen bytes" };

	snprintf(out, 96, "%zu %s", c, pieces[c % 6]);
}

static void roles(fixture *fx)
{
	fx->members[0] = (specsync_person){ "Chlo\xc3\xa9 Durand", "chloe@example.org" };
	fx->members[1] = (specsync_person){ NULL, "ops@example.org" };
	fx->members[2] = (specsync_person){ "Sam \"S\" Lee", "" };
	fx->refs[0] = (specsync_role_ref){ .role = "AMOE", .name = "Owner", .members = fx->members,
					   .member_count = 2 };
	fx->refs[1] = (specsync_role_ref){ .role = "DEV", .name = "Dev\tteam",
					   .members = fx->members + 1, .member_count = 2 };
}

/* An edit outside one's role, in commit c. */
static void out_of_role(fixture *fx, specsync_finding *f, size_t c)
{
	f->kind = SPECSYNC_FINDING_OUT_OF_ROLE;
	f->side = "functional";
	f->commit = &fx->commits[c];
	f->author = fx->members[c % 3];
	f->reason = "edited the functional side without a role on it";
	f->merged_by = c % 2 ? &fx->commits[(c + 1) % COMMITS] : NULL;
}

/* FINDINGS findings, one in five an edit outside one's role; each commit
 * appears in many chunks (its details rendered once per thread). */
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
	fx->loc[1] = (specsync_location){ "specs/technical/t \"x\".md", 5 };
	fx->changed[0] = "functional";
	roles(fx);
	for (size_t c = 0; c < COMMITS; c++) {
		specsync_commit_info *ci = &fx->commits[c];
		snprintf(ci->id, sizeof(ci->id), "%040zx", c * 0x9e3779b9u);
		summary(fx->summaries[c], c);
		ci->summary = fx->summaries[c];
		ci->author_name = fx->members[c % 3].name;
		ci->author_email = fx->members[c % 3].email;
		ci->time = 1735718400 + (int64_t)c * 86400;
		ci->offset = (int)(c % 5) * 60 - 120;
	}
	for (size_t i = 0; i < FINDINGS; i++) {
		specsync_finding *f = &fx->findings[i];
		snprintf(fx->ids[i], sizeof(fx->ids[i]), "REQ-%05zu", i + 1);
		tu_unsynced_finding(f, fx->ids[i], fx->changed, fx->loc);
		if (i % 5 == 4) {
			out_of_role(fx, f, (i * 7) % COMMITS);
			continue;
		}
		f->status = i % 3 ? SPECSYNC_STATUS_OPEN : SPECSYNC_STATUS_RESOLVED;
		f->commits = &fx->commits[i % (COMMITS - 2)];
		f->commit_count = 1 + i % 3;
		f->roles[i % 2].items = fx->refs;
		f->roles[i % 2].count = 1 + i % 2;
	}
	fx->res.cfg = &fx->cfg;
	fx->res.mode = "audit";
	fx->res.now = 1767225600;
	strcpy(fx->res.head, "0123456789012345678901234567890123456789");
	fx->res.findings = fx->findings;
	fx->res.finding_count = FINDINGS;
	return fx;
}

/* A writer that keeps the bytes and the size of each call, and fails from
 * call `fail_at` on (0: never). */
typedef struct collector {
	specsync_buf all;
	size_t calls, fail_at, largest;
	size_t sizes[4096];
} collector;

static int collect(const char *data, size_t len, void *payload)
{
	collector *c = payload;

	c->calls++;
	if (c->fail_at && c->calls >= c->fail_at)
		return -42;
	assert_true(len > 0);
	assert_true(c->calls <= 4096);
	c->sizes[c->calls - 1] = len;
	if (len > c->largest)
		c->largest = len;
	assert_int_equal(specsync_buf_put(&c->all, data, len), 0);
	return 0;
}

/* The document through `pipe` (NULL: none), its leftover flushed as
 * specsync_render_stream() does; returns the renderer's result. */
static int stream(collector *c, const fixture *fx, const specsync_pipeline_options *pipe)
{
	specsync_render_sink sink = { collect, c, 0 };
	specsync_buf out = SPECSYNC_BUF_INIT;
	int error = specsync_render_json_piped(&out, &sink, &fx->res, pipe);

	if (!error)
		error = specsync_render_flush(&out, &sink, true);
	specsync_buf_dispose(&out);
	return sink.error ? sink.error : error;
}

static void expect_same(const collector *want, const collector *got)
{
	assert_int_equal(got->calls, want->calls);
	assert_memory_equal(got->sizes, want->sizes, want->calls * sizeof(size_t));
	assert_int_equal(got->all.size, want->all.size);
	assert_memory_equal(got->all.ptr, want->all.ptr, want->all.size);
}

static const specsync_pipeline_options pipes[] = {
	{ 256, 4, true }, /* the default */
	{ 1, 1, false },   { 1, 2, true },  { 7, 3, true },
	{ 64, 2, false },  { 100, 1, true }, { 999, 2, true }, { FINDINGS + 5, 4, true },
};

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
	collector *c = calloc(1, sizeof(*c));
	size_t size = expect_same_bytes(c, fx, SPECSYNC_FORMAT_JSON, NULL);
	(void)state;

	/* several pieces, none much over the chunk: the whole document is
	 * never held at once */
	assert_true(size > 4 * SPECSYNC_RENDER_CHUNK);
	assert_true(c->calls > size / (SPECSYNC_RENDER_CHUNK + 2048));
	assert_true(c->calls <= size / SPECSYNC_RENDER_CHUNK + 1);
	assert_true(c->largest < SPECSYNC_RENDER_CHUNK + 2048);
	free(c);
	free(fx);
}

static void test_failing_writer_stops_the_rendering(void **state)
{
	fixture *fx = make();
	collector *c = calloc(1, sizeof(*c));
	(void)state;

	c->fail_at = 2;
	assert_int_equal(specsync_render_stream(&fx->res, SPECSYNC_FORMAT_JSON, NULL, collect, c),
			 -42);
	assert_int_equal(c->calls, 2); /* never called again after the failure */
	assert_true(c->all.size >= SPECSYNC_RENDER_CHUNK);
	specsync_buf_dispose(&c->all);
	/* a format rendered whole: one call, its error returned */
	memset(c, 0, sizeof(*c));
	c->fail_at = 1;
	assert_int_equal(specsync_render_stream(&fx->res, SPECSYNC_FORMAT_SARIF, NULL, collect, c),
			 -42);
	assert_int_equal(c->calls, 1);
	free(c);
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
		collector *c = calloc(1, sizeof(*c));
		expect_same_bytes(c, fx, formats[i], &ro);
		assert_int_equal(c->calls, 1);
		free(c);
	}
	free(fx);
}

static void test_unknown_format_writes_nothing(void **state)
{
	fixture *fx = make();
	collector *c = calloc(1, sizeof(*c));
	(void)state;

	assert_int_equal(
		specsync_render_stream(&fx->res, (specsync_format)99, NULL, collect, c),
		SPECSYNC_EUSAGE);
	assert_int_equal(c->calls, 0);
	free(c);
	free(fx);
}

/* Through every pipeline of `pipes`, `rounds` times each, with a writer
 * failing at call `fail_at` (0: never): `result` and want's calls and
 * bytes. */
static void expect_every_pipe(const collector *want, const fixture *fx, size_t fail_at,
			      int rounds, int result)
{
	collector *got = calloc(1, sizeof(*got));

	assert_non_null(got);
	for (size_t p = 0; p < sizeof(pipes) / sizeof(pipes[0]); p++)
		for (int round = 0; round < rounds; round++) {
			memset(got, 0, sizeof(*got));
			got->fail_at = fail_at;
			assert_int_equal(stream(got, fx, &pipes[p]), result);
			expect_same(want, got);
			specsync_buf_dispose(&got->all);
		}
	free(got);
}

static void test_same_bytes_and_calls_whatever_the_pipeline(void **state)
{
	fixture *fx = make();
	collector *want = calloc(1, sizeof(*want));
	specsync_buf whole = SPECSYNC_BUF_INIT;
	(void)state;

	assert_int_equal(stream(want, fx, NULL), 0);
	/* many 64 KiB writes, and the document of specsync_render_json() */
	assert_true(want->calls > 8);
	assert_int_equal(specsync_render_json(&whole, &fx->res, NULL), 0);
	assert_int_equal(whole.size, want->all.size);
	assert_memory_equal(whole.ptr, want->all.ptr, whole.size);
	expect_every_pipe(want, fx, 0, 3, 0);
	specsync_buf_dispose(&whole);
	specsync_buf_dispose(&want->all);
	free(want);
	free(fx);
}

/* A writer failing at call k: the same error, calls and bytes kept. */
static void test_failing_writer_same_as_one_thread(void **state)
{
	fixture *fx = make();
	collector *want = calloc(1, sizeof(*want));
	size_t total;
	(void)state;

	assert_int_equal(stream(want, fx, NULL), 0);
	total = want->calls;
	specsync_buf_dispose(&want->all);
	for (size_t k = 1; k <= total; k += (k < 4 || k + 3 >= total) ? 1 : total / 5) {
		memset(want, 0, sizeof(*want));
		want->fail_at = k;
		assert_int_equal(stream(want, fx, NULL), -42);
		assert_int_equal(want->calls, k);
		expect_every_pipe(want, fx, k, 1, -42);
		specsync_buf_dispose(&want->all);
	}
	free(want);
	free(fx);
}

/* specsync_render_stream(): the pipeline by default, none under
 * SPECSYNC_NO_WORKER; the same bytes. */
static void test_stream_with_and_without_worker(void **state)
{
	fixture *fx = make();
	collector *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	(void)state;

	assert_int_equal(unsetenv("SPECSYNC_NO_WORKER"), 0);
	assert_int_equal(specsync_render_stream(&fx->res, SPECSYNC_FORMAT_JSON, NULL, collect, a),
			 0);
	assert_int_equal(setenv("SPECSYNC_NO_WORKER", "1", 1), 0);
	assert_int_equal(specsync_render_stream(&fx->res, SPECSYNC_FORMAT_JSON, NULL, collect, b),
			 0);
	unsetenv("SPECSYNC_NO_WORKER");
	expect_same(b, a);
	specsync_buf_dispose(&a->all);
	specsync_buf_dispose(&b->all);
	free(a);
	free(b);
	free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_streams_the_same_bytes_in_pieces),
		cmocka_unit_test(test_failing_writer_stops_the_rendering),
		cmocka_unit_test(test_other_formats_stream_whole),
		cmocka_unit_test(test_unknown_format_writes_nothing),
		cmocka_unit_test(test_same_bytes_and_calls_whatever_the_pipeline),
		cmocka_unit_test(test_failing_writer_same_as_one_thread),
		cmocka_unit_test(test_stream_with_and_without_worker),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
