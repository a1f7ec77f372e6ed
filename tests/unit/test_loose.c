#include "testutil.h"
#include "loose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_A "ab" "0123456789abcdef0123456789abcdef012345"
#define ID_B "ab" "ffffffffffffffffffffffffffffffffffffff"
#define ID_C "ab" "0000000000000000000000000000000000000a"
#define ID_ABSENT_DIR "cd" "0123456789abcdef0123456789abcdef012345"

/* objects/ with three loose files in ab/, and names git leaves that are not
 * objects (temporary files, an upper-case name, a short one) */
static char *objects_fixture(char **objects)
{
	char *root = tu_mkdtemp();

	tu_write(root, "objects/ab/0123456789abcdef0123456789abcdef012345", "x");
	tu_write(root, "objects/ab/ffffffffffffffffffffffffffffffffffffff", "x");
	tu_write(root, "objects/ab/0000000000000000000000000000000000000a", "x");
	tu_write(root, "objects/ab/tmp_obj_XXXXXX", "x");
	tu_write(root, "objects/ab/1111111111111111111111111111111111111A", "x");
	tu_write(root, "objects/ab/22222222", "x");
	*objects = malloc(strlen(root) + 10);
	sprintf(*objects, "%s/objects/", root);
	return root;
}

static void test_listed_once(void **state)
{
	char *objects, *root = objects_fixture(&objects);
	specsync_loose *l = specsync_loose_new(objects);

	(void)state;
	assert_non_null(l);
	assert_true(specsync_loose_has(l, ID_A));
	assert_true(specsync_loose_has(l, ID_B));
	assert_true(specsync_loose_has(l, ID_C));
	assert_false(specsync_loose_has(l, "ab" "0123456789abcdef0123456789abcdef012346"));
	assert_false(specsync_loose_has(l, "ab" "1111111111111111111111111111111111111a"));
	assert_false(specsync_loose_has(l, "ab" "2222222200000000000000000000000000000000"));
	assert_false(specsync_loose_has(l, ID_ABSENT_DIR));
	/* the listing is not read again: a file written since is not seen */
	tu_write(root, "objects/cd/0123456789abcdef0123456789abcdef012345", "x");
	tu_write(root, "objects/ab/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "x");
	assert_false(specsync_loose_has(l, ID_ABSENT_DIR));
	assert_false(specsync_loose_has(l, "ab" "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"));
	specsync_loose_free(l);
	/* a new listing sees them */
	l = specsync_loose_new(objects);
	assert_true(specsync_loose_has(l, ID_ABSENT_DIR));
	assert_true(specsync_loose_has(l, "ab" "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"));
	specsync_loose_free(l);
	specsync_loose_free(NULL);
	tu_rmrf(root);
	free(root);
	free(objects);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listed_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
