/*
 * The engine's state in two parts (engine_codec.c): the tip (requirements,
 * files, open episodes) and the history (every commit, episode and event).
 *
 * - Both parts read back into an engine that writes them again byte for
 *   byte.
 * - The tip alone reads back the open episodes only, in history order, each
 *   with its requirement, side, changed sides and commits, the
 *   requirements' references renumbered to them, no closed episode and no
 *   event; the cache refuses to store such an engine.
 * - A tip whose open episodes disagree with its requirements is refused.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "cache.h"
#include "engine.h"
#include "walk.h"
#include "wire.h"

#define ALICE "Alice Martin <alice@example.org>" /* functional R */
#define CHLOE "Chloe Durand <chloe@example.org>" /* technical R */
#define MALLORY "Mallory <mallory@example.org>"  /* nobody */
#define LEAD "Lea <lead@example.org>"            /* R on both sides */

static const char config[] =
	"version: 1\n"
	"requirements: { id: '\\bREQ-[0-9]{3}\\b' }\n"
	"sides: { functional: { paths: [func/**/*.md] }, technical: { paths: [tech/**/*.md] } }\n"
	"roles:\n"
	"  amoa: { members: [alice@example.org, lead@example.org] }\n"
	"  amoe: { members: [chloe@example.org, lead@example.org] }\n"
	"raci: [ { scope: '*', functional: { R: amoa }, technical: { R: amoe } } ]\n";

typedef struct fixture {
	tu_repo repo;
	specsync_config *cfg;
	specsync_repo *srepo;
	specsync_engine *full;  /* walked from the root */
	specsync_buf tip, hist; /* its two parts */
} fixture;

static const char F[] = "# REQ-001 Login\n\nPassword.\n\n# REQ-002 Logout\n\nButton.\n\n"
			"# REQ-003 Audit\n\nEvery login.\n";
static const char Fb[] = "# REQ-001 Login\n\nPassword or passkey.\n\n# REQ-002 Logout\n\n"
			 "Button.\n\n# REQ-003 Audit\n\nEvery login and logout.\n";
static const char Fc[] = "# REQ-001 Login\n\nPassword or passkey.\n\n# REQ-002 Logout\n\n"
			 "Menu entry.\n\n# REQ-003 Audit\n\nEvery login and logout.\n";
static const char T[] = "# Login (REQ-001)\n\nbcrypt.\n\n# Logout (REQ-002)\n\nsession.\n\n"
			"# Audit (REQ-003)\n\nlog.\n";
static const char Tb[] = "# Login (REQ-001)\n\nbcrypt, WebAuthn.\n\n# Logout (REQ-002)\n\n"
			 "session.\n\n# Audit (REQ-003)\n\nlog.\n";

/* A history with closed episodes (REQ-001 answered), open ones (REQ-002,
 * REQ-003) and an out-of-role event (Mallory). */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	specsync_error err;
	specsync_cache off;
	specsync_oid head;
	size_t walked;

	tu_repo_init(&f->repo);
	if (specsync_config_parse(&f->cfg, config, strlen(config), "test.yml", &err) < 0)
		fail_msg("config: %s", err.message);
	tu_commit(&f->repo, LEAD, "both", "func/a.md", F, "tech/a.md", T, NULL);
	tu_commit(&f->repo, ALICE, "passkeys, audit", "func/a.md", Fb, NULL);
	tu_commit(&f->repo, CHLOE, "webauthn", "tech/a.md", Tb, NULL);
	tu_commit(&f->repo, MALLORY, "menu", "func/a.md", Fc, NULL);
	if (specsync_repo_open(&f->srepo, f->repo.dir, 0, &err) < 0)
		fail_msg("open: %s", err.message);
	assert_int_equal(specsync_engine_new(&f->full, f->srepo, f->cfg, &err), 0);
	specsync_cache_init(&off, f->srepo, f->cfg, NULL, false);
	assert_int_equal(specsync_git_resolve(&head, f->srepo, "HEAD", &err), 0);
	if (specsync_history_walk_to(f->full, &off, &head, NULL, &walked) < 0)
		fail_msg("walk: %s", err.message);
	specsync_cache_dispose(&off);
	specsync_engine_encode(&f->tip, &f->hist, f->full, walked);
	assert_false(f->tip.failed || f->hist.failed);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	specsync_buf_dispose(&f->tip);
	specsync_buf_dispose(&f->hist);
	specsync_engine_free(f->full);
	specsync_config_free(f->cfg);
	specsync_repo_free(f->srepo);
	tu_repo_free(&f->repo);
	free(f);
	return 0;
}

static specsync_reader reader(const specsync_buf *b)
{
	specsync_reader r = {(const unsigned char *)b->ptr, (const unsigned char *)b->ptr + b->size,
			     true};
	return r;
}

static void test_both_parts_read_back_byte_for_byte(void **state)
{
	fixture *f = *state;
	specsync_engine *eng = NULL;
	specsync_reader t = reader(&f->tip), h = reader(&f->hist);
	specsync_buf tip = SPECSYNC_BUF_INIT, hist = SPECSYNC_BUF_INIT;
	uint64_t walked = 0;
	eng_view v;

	assert_int_equal(specsync_engine_new(&eng, f->srepo, f->cfg, NULL), 0);
	assert_int_equal(specsync_engine_decode(eng, &t, &h, &walked), 0);
	assert_true(h.ok && h.p == h.end);
	assert_false(specsync_engine_tip_only(eng));
	assert_int_equal(walked, 4);
	specsync_engine_view(&v, eng);
	assert_int_equal(v.event_count, 1); /* Mallory's edit */
	specsync_engine_encode(&tip, &hist, eng, walked);
	assert_int_equal(tip.size, f->tip.size);
	assert_memory_equal(tip.ptr, f->tip.ptr, tip.size);
	assert_int_equal(hist.size, f->hist.size);
	assert_memory_equal(hist.ptr, f->hist.ptr, hist.size);
	specsync_buf_dispose(&tip);
	specsync_buf_dispose(&hist);
	specsync_engine_free(eng);
}

static void test_tip_alone_holds_the_open_episodes(void **state)
{
	fixture *f = *state;
	specsync_engine *eng = NULL;
	specsync_reader t = reader(&f->tip);
	uint64_t walked = 0;
	eng_view full, tip;
	size_t k = 0, closed = 0;

	assert_int_equal(specsync_engine_new(&eng, f->srepo, f->cfg, NULL), 0);
	assert_int_equal(specsync_engine_decode(eng, &t, NULL, &walked), 0);
	assert_true(t.ok && t.p == t.end);
	assert_true(specsync_engine_tip_only(eng));
	specsync_engine_view(&full, f->full);
	specsync_engine_view(&tip, eng);
	assert_int_equal(tip.event_count, 0);
	assert_int_equal(tip.commit_total, full.commit_total);
	assert_int_equal(tip.req_count, full.req_count);
	for (size_t i = 0; i < full.episode_count; i++) {
		const eng_episode *a = &full.episodes[i], *b;
		if (a->status != SPECSYNC_STATUS_OPEN) {
			closed++;
			continue;
		}
		assert_true(k < tip.episode_count);
		b = &tip.episodes[k];
		assert_int_equal(b->req, a->req);
		assert_int_equal(b->side, a->side);
		assert_int_equal(b->changed_mask, a->changed_mask);
		assert_int_equal(b->status, SPECSYNC_STATUS_OPEN);
		assert_int_equal(b->commit_count, a->commit_count);
		for (size_t c = 0; c < a->commit_count; c++)
			assert_string_equal(tip.commits[b->commits[c]]->id,
					    full.commits[a->commits[c]]->id);
		/* the requirement's reference follows the renumbering */
		assert_int_equal(full.reqs[a->req].episode[a->side], (int32_t)i);
		assert_int_equal(tip.reqs[b->req].episode[b->side], (int32_t)k);
		k++;
	}
	assert_int_equal(k, tip.episode_count);
	assert_int_equal(k, 2);      /* REQ-002 and REQ-003 wait for the technical side */
	assert_int_equal(closed, 1); /* REQ-001 was answered */
	specsync_engine_free(eng);
}

/* The number of files in the cache directory `dir`. */
static size_t files_in(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);

	for (struct dirent *e; d && (e = readdir(d)) != NULL;)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void test_a_tip_alone_is_never_stored(void **state)
{
	fixture *f = *state;
	specsync_engine *eng = NULL;
	specsync_reader t = reader(&f->tip);
	specsync_cache cache;
	specsync_oid head;
	uint64_t walked = 0;

	assert_int_equal(specsync_engine_new(&eng, f->srepo, f->cfg, NULL), 0);
	assert_int_equal(specsync_engine_decode(eng, &t, NULL, &walked), 0);
	specsync_cache_init(&cache, f->srepo, f->cfg, NULL, true);
	assert_int_equal(specsync_git_resolve(&head, f->srepo, "HEAD", NULL), 0);
	assert_int_equal(specsync_cache_store(&cache, eng, &head, 4), 0);
	assert_int_equal(files_in(cache.dir), 0);
	/* the whole engine is stored: a tip and its history */
	assert_int_equal(specsync_cache_store(&cache, f->full, &head, 4), 0);
	assert_int_equal(files_in(cache.dir), 2);
	specsync_cache_dispose(&cache);
	specsync_engine_free(eng);
}

static void test_a_tip_that_disagrees_is_refused(void **state)
{
	fixture *f = *state;
	specsync_buf bad = SPECSYNC_BUF_INIT;
	specsync_engine *eng = NULL;
	specsync_reader t;
	uint64_t walked = 0;
	size_t last;

	/* the last open episode's index in the history, 4 + 40 + 4 x commits
	 * bytes from the end (its commit count is 1): another episode's */
	specsync_buf_put(&bad, f->tip.ptr, f->tip.size);
	last = bad.size - (4 + 4 + 4 + 8 + 4 + 4 + 4 + 8 + 4);
	assert_int_equal(specsync_from_le32((const unsigned char *)bad.ptr + last + 4 + 4 + 4 + 8 +
					    4 + 4 + 4),
			 1); /* the layout is the one described: one commit */
	bad.ptr[last] ^= 1;
	t = reader(&bad);
	assert_int_equal(specsync_engine_new(&eng, f->srepo, f->cfg, NULL), 0);
	assert_int_equal(specsync_engine_decode(eng, &t, NULL, &walked), -1);
	specsync_engine_free(eng);
	specsync_buf_dispose(&bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_both_parts_read_back_byte_for_byte, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tip_alone_holds_the_open_episodes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_a_tip_alone_is_never_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_tip_that_disagrees_is_refused, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
