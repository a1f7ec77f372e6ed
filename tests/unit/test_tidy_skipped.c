/*
 * The documents skipped at the revision examined (skipped.h) come from the
 * outcome recorded when they were parsed: once the walk is done, the blobs
 * of those documents are not read again (here they are deleted from the
 * object database before the results are built). A state loaded from the
 * cache carries the same outcomes and gives the same list.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "engine.h"
#include "result.h"
#include "walk.h"

static const char config[] = "version: 1\n"
			     "requirements:\n"
			     "  id: '\\bREQ-[0-9]{3}\\b'\n"
			     "max_file_size: 1K\n"
			     "sides:\n"
			     "  functional:\n"
			     "    paths: [\"func/**\"]\n"
			     "  technical:\n"
			     "    paths: [\"tech/**\"]\n";

static const char binary[] = "PNG\0\1\2 REQ-001 \0";
static const char utf16[] = "\xff\xfeR\0E\0Q\0-\0\x30\0\x30\0\x31\0\n\0";

typedef struct fixture {
	tu_repo repo;
	specsync_config *cfg;
	specsync_repo *srepo;
	git_oid blobs[3]; /* binary, utf16, big */
	char big[2001];
} fixture;

/* Commits path -> data[0..len) on HEAD; the blob id in *blob. */
static void commit_bytes(fixture *f, const char *path, const char *data, size_t len,
			 git_oid *blob)
{
	git_index *index;
	git_index_entry e;
	git_oid tree_id, head_id, id;
	git_tree *tree;
	git_commit *parent;
	git_signature *sig;

	assert_int_equal(git_repository_index(&index, f->repo.repo), 0);
	assert_int_equal(git_blob_create_from_buffer(blob, f->repo.repo, data, len), 0);
	memset(&e, 0, sizeof(e));
	e.path = path;
	e.mode = GIT_FILEMODE_BLOB;
	e.id = *blob;
	assert_int_equal(git_index_add(index, &e), 0);
	assert_int_equal(git_index_write_tree(&tree_id, index), 0);
	assert_int_equal(git_index_write(index), 0);
	git_index_free(index);
	assert_int_equal(git_reference_name_to_id(&head_id, f->repo.repo, "HEAD"), 0);
	assert_int_equal(git_commit_lookup(&parent, f->repo.repo, &head_id), 0);
	assert_int_equal(git_tree_lookup(&tree, f->repo.repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "Alice", "alice@example.org", 1700000000, 0), 0);
	assert_int_equal(git_commit_create(&id, f->repo.repo, "HEAD", sig, sig, NULL, path, tree, 1,
					   (const git_commit **)&parent),
			 0);
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(parent);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	specsync_error err;

	assert_non_null(f);
	tu_repo_init(&f->repo);
	tu_commit(&f->repo, "alice@example.org", "start", "func/a.md", "# REQ-001 One\n",
		  "tech/a.md", "# REQ-001 One\n", "func/none.md", "no requirement here\n",
		  NULL);
	commit_bytes(f, "func/img.bin", binary, sizeof(binary) - 1, &f->blobs[0]);
	commit_bytes(f, "tech/utf16.md", utf16, sizeof(utf16) - 1, &f->blobs[1]);
	memset(f->big, 'x', sizeof(f->big) - 1);
	memcpy(f->big, "REQ-001 ", 8);
	commit_bytes(f, "func/big.md", f->big, sizeof(f->big) - 1, &f->blobs[2]);
	if (specsync_config_parse(&f->cfg, config, strlen(config), "test.yml", &err) < 0)
		fail_msg("config: %s", err.message);
	if (specsync_repo_open(&f->srepo, f->repo.dir, 0, &err) < 0)
		fail_msg("open: %s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	specsync_config_free(f->cfg);
	specsync_repo_free(f->srepo);
	tu_repo_free(&f->repo);
	free(f);
	return 0;
}

/* An engine walked to HEAD, with the cache of `cache` (which may load). */
static specsync_engine *walked(fixture *f, specsync_cache *cache)
{
	specsync_engine *eng = NULL;
	specsync_error err;
	specsync_oid tip;
	size_t n;

	assert_int_equal(specsync_engine_new(&eng, f->srepo, f->cfg, &err), 0);
	assert_int_equal(specsync_git_resolve(&tip, f->srepo, "HEAD", &err), 0);
	if (specsync_history_walk_to(eng, cache, &tip, NULL, &n) < 0)
		fail_msg("walk: %s", err.message);
	return eng;
}

/* "path side reason size" lines of the skipped documents of `eng`. */
static const char *skipped(specsync_engine *eng)
{
	static char out[1024];
	specsync_result *res = NULL;
	specsync_error err;
	const specsync_skipped_file *s;
	size_t n, len = 0;

	assert_int_equal(specsync_result_build(&res, eng, "0", 1, 1800000000, &err), 0);
	s = specsync_result_skipped(res, &n);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s %s %s %llu\n", s[i].path,
					s[i].side, specsync_skip_reason_name(s[i].reason),
					(unsigned long long)s[i].size);
	specsync_result_free(res);
	return out;
}

/* The skip reason the engine holds for `path`. */
static int recorded(const specsync_engine *eng, const char *path)
{
	eng_view v;
	const eng_file *file;

	specsync_engine_view(&v, eng);
	file = specsync_strmap_get(v.files, path);
	assert_non_null(file);
	return file->parse->skip;
}

static void delete_blob(fixture *f, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1], path[4096];

	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(path, sizeof(path), "%s.git/objects/%.2s/%s", f->repo.dir, hex, hex + 2);
	assert_int_equal(unlink(path), 0);
}

static const char expected[] = "func/big.md functional too-large 2000\n"
			       "func/img.bin functional binary 16\n"
			       "tech/utf16.md technical utf-16 18\n";

static void test_skipped_not_read_again(void **state)
{
	fixture *f = *state;
	specsync_cache off, on, again;
	specsync_engine *cold, *stored, *loaded;

	specsync_cache_init(&off, f->srepo, f->cfg, NULL, false);
	specsync_cache_init(&on, f->srepo, f->cfg, NULL, true);
	cold = walked(f, &off);
	stored = walked(f, &on);
	assert_int_equal(recorded(stored, "func/img.bin"), SPECSYNC_SKIP_BINARY);
	assert_int_equal(recorded(stored, "func/none.md"), ENG_SKIP_NONE);
	/* a state loaded from the cache (nothing walked in this run) keeps the
	 * reasons too */
	specsync_cache_init(&again, f->srepo, f->cfg, NULL, true);
	loaded = walked(f, &again);
	assert_int_equal(specsync_engine_walk_state(loaded)->count, 0);
	assert_int_equal(specsync_engine_walk_state(cold)->count, 4);
	assert_int_equal(recorded(loaded, "func/img.bin"), SPECSYNC_SKIP_BINARY);
	assert_int_equal(recorded(loaded, "func/none.md"), ENG_SKIP_NONE);
	for (size_t i = 0; i < 3; i++)
		delete_blob(f, &f->blobs[i]);
	assert_string_equal(skipped(cold), expected);
	assert_string_equal(skipped(stored), expected);
	assert_string_equal(skipped(loaded), expected);
	specsync_engine_free(cold);
	specsync_engine_free(stored);
	specsync_engine_free(loaded);
	specsync_cache_dispose(&off);
	specsync_cache_dispose(&on);
	specsync_cache_dispose(&again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_skipped_not_read_again, setup, teardown),
	};
	return cmocka_run_group_tests_name("tidy_skipped", tests, NULL, NULL);
}
