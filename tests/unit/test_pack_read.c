/*
 * The pack reader (pack.c) against libgit2: every object of repositories
 * repacked with deep delta chains, partly loose, with several packs and an
 * alternate, reads back with libgit2's bytes; corrupted copies of a pack
 * give the right bytes or "ask libgit2", never a wrong object or a crash
 * (read from buffers of their exact size, so that the sanitizer build
 * catches any read past their end).
 */
#include "testutil.h"
#include "pack.h"
#include "pack_odb.h"
#include "pack_set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *root;

/* Runs a shell command in `root` (git with fixed identities and dates). */
static void sh(const char *cmd)
{
	char *full = malloc(strlen(cmd) + strlen(root) + 512);
	int rc;

	sprintf(full,
		"cd '%s' && export HOME='%s' GIT_CONFIG_NOSYSTEM=1 TZ=UTC "
		"GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@x GIT_COMMITTER_NAME=A "
		"GIT_COMMITTER_EMAIL=a@x GIT_AUTHOR_DATE='2020-01-01 00:00:00 +0000' "
		"GIT_COMMITTER_DATE='2020-01-01 00:00:00 +0000' && (%s) >/dev/null 2>&1",
		root, root, cmd);
	rc = system(full);
	free(full);
	assert_int_equal(rc, 0);
}

/* n commits in repository `dir`, each growing and editing a few files */
static void commits(const char *dir, int from, int n)
{
	char cmd[1024];

	snprintf(
		cmd, sizeof(cmd),
		"cd %s && i=%d && while [ $i -lt %d ]; do "
		"for f in a b c; do seq 1 $((i * 7)) | sed \"s/^/$f line /\" > $f.md; "
		"echo \"edit $i\" >> $f.md; done; mkdir -p d$((i %% 3)); echo $i > d$((i %% 3))/x; "
		"git add -A && git commit -qm \"commit $i\"; i=$((i + 1)); done",
		dir, from, from + n);
	sh(cmd);
}

typedef struct {
	unsigned char *data;
	size_t len;
} bytes;

/* r's first pack, copied after its first 40 commits: deep delta chains */
static bytes deep_pack, deep_idx;

/* The path of the file deep/pack/ *.ext into path[4096] */
static void deep_path(char *path, const char *ext)
{
	char cmd[4096];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ls '%s'/deep/pack/*.%s", root, ext);
	assert_non_null(f = popen(cmd, "r"));
	assert_non_null(fgets(path, 4096, f));
	path[strcspn(path, "\n")] = 0;
	pclose(f);
}

/* The file deep/pack/ *.ext, read whole */
static bytes slurp_deep(const char *ext)
{
	char path[4096];
	bytes b = {0};
	FILE *f;

	deep_path(path, ext);
	assert_non_null(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	b.len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	b.data = malloc(b.len);
	assert_int_equal(fread(b.data, 1, b.len, f), b.len);
	fclose(f);
	return b;
}

static int setup(void **state)
{
	(void)state;
	root = tu_mkdtemp();
	sh("git init -q r");
	commits("r", 0, 40);
	sh("cd r && git repack -adfq --depth=50 --window=250");
	sh("mkdir -p deep/pack && cp r/.git/objects/pack/* deep/pack/");
	deep_pack = slurp_deep("pack");
	deep_idx = slurp_deep("idx");
	commits("r", 40, 10);
	sh("cd r && git repack -dq"); /* a second pack */
	commits("r", 50, 5);          /* loose */
	/* a partial clone without blobs: its pack is marked .promisor */
	sh("git -C r config uploadpack.allowfilter true && "
	   "git clone -q --no-local --no-checkout --filter=blob:none r p");
	sh("git clone -q --shared r s");
	commits("s", 55, 8);
	sh("cd s && git repack -dlq"); /* its own pack; r's through alternates */
	commits("s", 63, 3);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(deep_pack.data);
	free(deep_idx.data);
	tu_rmrf(root);
	free(root);
	return 0;
}

/* A walk over every object of `odb` (libgit2) read through `packs` too:
 * objects given by both, and the others (loose, absent or left to
 * libgit2, as each walk expects) */
typedef struct {
	git_odb *odb;
	specsync_packs *packs;
	const char *objects;
	size_t read, other;
} walk;

static void *alloc_plain(size_t len, void *payload)
{
	(void)payload;
	return malloc(len);
}

static void release_plain(void *data, void *payload)
{
	(void)payload;
	free(data);
}

static const specsync_pack_alloc PLAIN = {alloc_plain, release_plain, NULL};

/* Whether `id` is a loose object of `objects` or of r (s's alternate) */
static bool is_loose(const char *objects, const git_oid *id)
{
	char hex[41], path[4096], alt[4096];
	struct stat st;

	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(path, sizeof(path), "%s/%.2s/%s", objects, hex, hex + 2);
	snprintf(alt, sizeof(alt), "%s/r/.git/objects/%.2s/%s", root, hex, hex + 2);
	return stat(path, &st) == 0 || stat(alt, &st) == 0;
}

/*
 * Object `id` through libgit2 (`odb` must hold it) and through `packs`: the
 * reader's answer; when it gives the object, its type, size and bytes
 * (followed by a NUL) are libgit2's. *type and *size: libgit2's.
 */
static int read_both(int *type, size_t *size, git_odb *odb, specsync_packs *packs,
		     const git_oid *id)
{
	git_odb_object *ref;
	void *data = NULL;
	size_t len = 0;
	int t = 0, rc;

	assert_int_equal(git_odb_read(&ref, odb, id), 0);
	*type = git_odb_object_type(ref);
	*size = git_odb_object_size(ref);
	rc = specsync_packs_read(&data, &len, &t, packs, id->id, &PLAIN);
	if (rc == SPECSYNC_PACK_OK) {
		assert_int_equal(t, *type);
		assert_int_equal(len, *size);
		assert_memory_equal(data, git_odb_object_data(ref), len);
		assert_int_equal(((unsigned char *)data)[len], 0);
	}
	free(data);
	git_odb_object_free(ref);
	return rc;
}

static int each_object(const git_oid *id, void *payload)
{
	walk *w = payload;
	size_t len, hlen = 0;
	int type, htype = 0, rc = read_both(&type, &len, w->odb, w->packs, id);

	if (rc == SPECSYNC_PACK_ABSENT) {
		assert_true(is_loose(w->objects, id));
		w->other++;
		return 0;
	}
	assert_int_equal(rc, SPECSYNC_PACK_OK);
	assert_int_equal(specsync_packs_header(&hlen, &htype, w->packs, id->id), 0);
	assert_int_equal(hlen, len);
	assert_int_equal(htype, type);
	w->read++;
	return 0;
}

/* All objects of `repo` (a directory under root), through both readers. */
static void compare_all(const char *repo, size_t *read, size_t *loose)
{
	char path[4096];
	git_repository *g;
	walk w = {0};

	snprintf(path, sizeof(path), "%s/%s", root, repo);
	assert_int_equal(git_repository_open(&g, path), 0);
	assert_int_equal(git_repository_odb(&w.odb, g), 0);
	snprintf(path, sizeof(path), "%s/%s/.git/objects", root, repo);
	w.objects = path;
	assert_int_equal(specsync_packs_open(&w.packs, path), 0);
	assert_int_equal(git_odb_foreach(w.odb, each_object, &w), 0);
	specsync_packs_free(w.packs);
	git_odb_free(w.odb);
	git_repository_free(g);
	*read = w.read;
	*loose = w.other;
}

static void test_every_object(void **state)
{
	size_t read, loose;

	(void)state;
	/* each commit writes 7 objects (itself, its root tree, a.md, b.md,
	 * c.md, dN/ and dN/x), but the first one's a.md, b.md and c.md are
	 * one blob: r has 50 commits packed and 5 loose, s 8 more packed
	 * and 3 loose, and r's through its alternates */
	compare_all("r", &read, &loose);
	assert_int_equal(read, 50 * 7 - 2);
	assert_int_equal(loose, 5 * 7);
	compare_all("s", &read, &loose);
	assert_int_equal(read, 50 * 7 - 2 + 8 * 7);
	assert_int_equal(loose, 5 * 7 + 3 * 7);
}

static void test_packs_found(void **state)
{
	char path[4096];
	specsync_packs *p;

	(void)state;
	snprintf(path, sizeof(path), "%s/r/.git/objects/", root);
	assert_int_equal(specsync_packs_open(&p, path), 0);
	assert_int_equal(specsync_packs_count(p), 2);
	specsync_packs_free(p);
	/* s: its own pack and r's two, through info/alternates */
	snprintf(path, sizeof(path), "%s/s/.git/objects", root);
	assert_int_equal(specsync_packs_open(&p, path), 0);
	assert_int_equal(specsync_packs_count(p), 3);
	specsync_packs_free(p);
}

static int each_of_partial(const git_oid *id, void *payload)
{
	walk *w = payload;
	size_t len;
	int type, rc = read_both(&type, &len, w->odb, w->packs, id);

	if (type == GIT_OBJECT_BLOB) {
		assert_int_equal(rc, SPECSYNC_PACK_ABSENT);
		w->other++;
	} else {
		assert_int_equal(rc, SPECSYNC_PACK_OK);
		w->read++;
	}
	return 0;
}

/* A partial clone's .promisor pack: its commits and trees are read, the
 * blobs it lacks are absent (libgit2 is asked, and says so). */
static void test_promisor_pack(void **state)
{
	char path[4096];
	git_repository *g;
	walk w = {0};
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "ls '%s'/p/.git/objects/pack/*.promisor", root);
	assert_non_null(f = popen(path, "r"));
	assert_non_null(fgets(path, sizeof(path), f));
	pclose(f);
	snprintf(path, sizeof(path), "%s/r", root);
	assert_int_equal(git_repository_open(&g, path), 0);
	assert_int_equal(git_repository_odb(&w.odb, g), 0);
	snprintf(path, sizeof(path), "%s/p/.git/objects", root);
	assert_int_equal(specsync_packs_open(&w.packs, path), 0);
	assert_int_equal(git_odb_foreach(w.odb, each_of_partial, &w), 0);
	specsync_packs_free(w.packs);
	git_odb_free(w.odb);
	git_repository_free(g);
	/* 55 commits with 2 trees each; 5 blobs per commit but 2 in the first */
	assert_int_equal(w.read, 55 * 3);
	assert_int_equal(w.other, 55 * 4 - 2);
}

/* Two readers of one directory share its mapped packs: the second still
 * reads after the first is freed, and again after a third came and went. */
static void test_shared_packs(void **state)
{
	char path[4096];
	specsync_packs *a, *b, *c;
	git_repository *g;
	git_object *obj;
	git_oid head;
	void *data = NULL;
	size_t len;
	int type;

	(void)state;
	snprintf(path, sizeof(path), "%s/deep/", root);
	assert_int_equal(specsync_packs_open(&a, path), 0);
	assert_int_equal(specsync_packs_open(&b, path), 0);
	specsync_packs_free(a);
	assert_int_equal(specsync_packs_open(&c, path), 0);
	specsync_packs_free(c);
	assert_int_equal(specsync_packs_count(b), 1);
	snprintf(path, sizeof(path), "%s/r", root);
	assert_int_equal(git_repository_open(&g, path), 0);
	/* r's commit 34, in deep's pack (r's first 40 commits) */
	assert_int_equal(git_revparse_single(&obj, g, "HEAD~20"), 0);
	git_oid_cpy(&head, git_object_id(obj));
	git_object_free(obj);
	git_repository_free(g);
	assert_int_equal(specsync_packs_read(&data, &len, &type, b, head.id, &PLAIN), 0);
	assert_int_equal(type, SPECSYNC_PACK_COMMIT);
	assert_memory_equal(data, "tree ", 5);
	free(data);
	specsync_packs_free(b);
}

/* A missing id is absent; a directory without packs has none. */
static void test_absent(void **state)
{
	static const unsigned char none[20] = {0xfe, 0xed};
	char path[4096];
	specsync_packs *p;
	void *data = NULL;
	size_t len;
	int type;

	(void)state;
	snprintf(path, sizeof(path), "%s/r/.git/objects", root);
	assert_int_equal(specsync_packs_open(&p, path), 0);
	assert_int_equal(specsync_packs_read(&data, &len, &type, p, none, &PLAIN),
			 SPECSYNC_PACK_ABSENT);
	assert_int_equal(specsync_packs_header(&len, &type, p, none), SPECSYNC_PACK_ABSENT);
	assert_false(specsync_packs_has(p, none));
	specsync_packs_free(p);
	assert_int_equal(specsync_packs_open(&p, root), 0);
	assert_int_equal(specsync_packs_count(p), 0);
	specsync_packs_free(p);
}

/* SPECSYNC_PACK_READER=libgit2 turns the reader off; other values not. */
static void test_switch(void **state)
{
	(void)state;
	unsetenv("SPECSYNC_PACK_READER");
	assert_true(specsync_pack_reader_enabled());
	setenv("SPECSYNC_PACK_READER", "libgit2", 1);
	assert_false(specsync_pack_reader_enabled());
	setenv("SPECSYNC_PACK_READER", "libdeflate", 1);
	assert_true(specsync_pack_reader_enabled());
	unsetenv("SPECSYNC_PACK_READER");
}

/* ---- corrupted copies of a pack ------------------------------------------ */

static int check_damaged(const git_oid *id, void *payload)
{
	walk *d = payload;
	size_t len;
	int type, rc = read_both(&type, &len, d->odb, d->packs, id);

	if (rc == SPECSYNC_PACK_OK) {
		d->read++;
	} else {
		assert_true(rc == SPECSYNC_PACK_UNREAD || rc == SPECSYNC_PACK_ABSENT);
		d->other++;
	}
	return 0;
}

/* Reads every object of the intact copy through a reader of `pack` and
 * `idx`, held in buffers of their exact size (so that the sanitizer sees a
 * read past their end, which it could not on a mapped file): the number
 * of objects not given. */
static size_t read_damaged(const bytes *pack, const bytes *idx)
{
	unsigned char *pb = malloc(pack->len), *ib = malloc(idx->len);
	char dir[4096];
	walk d = {0};

	memcpy(pb, pack->data, pack->len);
	memcpy(ib, idx->data, idx->len);
	snprintf(dir, sizeof(dir), "%s/deep", root);
	assert_int_equal(git_odb_open(&d.odb, dir), 0);
	assert_non_null(d.packs = specsync_packs_new());
	(void)specsync_packs_add_memory(d.packs, ib, idx->len, pb, pack->len);
	assert_int_equal(git_odb_foreach(d.odb, check_damaged, &d), 0);
	specsync_packs_free(d.packs);
	git_odb_free(d.odb);
	free(pb);
	free(ib);
	assert_int_equal(d.read + d.other, 40 * 7 - 2);
	return d.other;
}

/* The intact copy, through the same path: every object. */
static void test_intact_in_memory(void **state)
{
	(void)state;
	assert_int_equal(read_damaged(&deep_pack, &deep_idx), 0);
}

/* Cut short (the checksum put back after the cut, so that the index still
 * matches it): entries past the cut are not read. */
static void test_truncated_pack(void **state)
{
	const bytes pack = deep_pack;
	bytes cut;

	(void)state;
	cut.data = malloc(pack.len);
	for (int k = 1; k < 16; k++) {
		size_t at = 12 + (pack.len - 32) * (size_t)k / 16;

		memcpy(cut.data, pack.data, at);
		memcpy(cut.data + at, pack.data + pack.len - 20, 20);
		cut.len = at + 20;
		assert_true(read_damaged(&cut, &deep_idx) > 0);
	}
	free(cut.data);
}

/* Bytes flipped across the pack, one place at a time. */
static void test_flipped_bytes(void **state)
{
	bytes pack = {malloc(deep_pack.len), deep_pack.len};
	size_t missed = 0;

	(void)state;
	memcpy(pack.data, deep_pack.data, pack.len);
	for (int k = 0; k < 40; k++) {
		size_t at = 12 + (pack.len - 32) * (size_t)k / 40;
		unsigned char was = pack.data[at];

		pack.data[at] ^= (unsigned char)(k % 2 ? 0xff : 0x80);
		missed += read_damaged(&pack, &deep_idx);
		pack.data[at] = was;
	}
	assert_true(missed > 0);
	free(pack.data);
}

/* A damaged index: cut short or of another version, the pack is not used;
 * an offset naming an 8-byte offset the index lacks, that object is not. */
static void test_damaged_index(void **state)
{
	const bytes pack = deep_pack, idx = deep_idx;
	bytes bad;
	size_t count = 40 * 7 - 2, off32 = 8 + 1024 + count * 24;

	(void)state;
	bad.data = malloc(idx.len);
	memcpy(bad.data, idx.data, idx.len);
	bad.len = idx.len / 2;
	assert_int_equal(read_damaged(&pack, &bad), count);
	bad.len = idx.len;
	bad.data[7] = 1; /* version 1 */
	assert_int_equal(read_damaged(&pack, &bad), count);
	bad.data[7] = 2;
	memset(bad.data + 8 + 4 * 10, 0xff, 4); /* counts no longer ascending */
	assert_int_equal(read_damaged(&pack, &bad), count);
	memcpy(bad.data, idx.data, idx.len);
	bad.data[off32] |= 0x80; /* the first object's offset: 8-byte, absent */
	assert_int_equal(read_damaged(&pack, &bad), 1);
	free(bad.data);
}

/* Resident kB of the mapping that starts at `at` in this process
 * (/proc/self/smaps: libgit2 may map the same file too); -1 without /proc. */
static long resident_kb(const void *at)
{
	char line[8192];
	bool in = false;
	long kb = -1, v;
	unsigned long start, end;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
			in = start == (unsigned long)(uintptr_t)at;
		else if (in && sscanf(line, "Rss: %ld kB", &v) == 1)
			kb = v;
	}
	fclose(f);
	return kb;
}

/* A pack whose reads pass the step gives its touched pages back; below the
 * step they stay (the mapping's bytes are unchanged either way). */
static void test_pages_given_back(void **state)
{
	char idx[4096], pack[4096];
	specsync_pack pk;
	unsigned long sum = 0, again = 0;
	long before, kept, after;

	(void)state;
	deep_path(pack, "pack");
	deep_path(idx, "idx");
	assert_int_equal(specsync_pack_map(&pk, idx, pack), 0);
	for (size_t i = 0; i < pk.data_len; i++)
		sum += pk.data[i];
	if ((before = resident_kb(pk.data)) < 0) {
		specsync_pack_unmap(&pk);
		skip();
	}
	assert_true(before >= (long)(pk.data_len / 1024));
	specsync_pack_note_read(&pk, SPECSYNC_PACK_RESIDENT_STEP - 1);
	kept = resident_kb(pk.data);
	assert_int_equal(kept, before);
	specsync_pack_note_read(&pk, 1);
	after = resident_kb(pk.data);
	assert_int_equal(after, 0);
	for (size_t i = 0; i < pk.data_len; i++)
		again += pk.data[i];
	assert_true(again == sum);
	specsync_pack_unmap(&pk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_object),     cmocka_unit_test(test_packs_found),
		cmocka_unit_test(test_shared_packs),     cmocka_unit_test(test_absent),
		cmocka_unit_test(test_promisor_pack),    cmocka_unit_test(test_switch),
		cmocka_unit_test(test_intact_in_memory), cmocka_unit_test(test_truncated_pack),
		cmocka_unit_test(test_flipped_bytes),    cmocka_unit_test(test_damaged_index),
		cmocka_unit_test(test_pages_given_back),
	};
	int rc;

	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, setup, teardown);
	git_libgit2_shutdown();
	return rc;
}
