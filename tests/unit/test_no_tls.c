/*
 * The executable's stand-ins for mbed TLS's bundle loaders (src/cli/no_tls.c,
 * linked into this test as into the command): libgit2's initialisation must
 * reach them, and succeed, without reading the system's CA bundle.
 */
#include "testutil.h"
#include "cli.h" /* cli_tls_bundles_skipped */

#include <dlfcn.h>
#include <git2.h>

static void test_init_loads_no_bundle(void **state)
{
	const git_error *e;

	(void)state;
	/* only a libgit2 that loads a bundle through mbed TLS calls them */
	if (!dlsym(RTLD_DEFAULT, "mbedtls_ssl_conf_ca_chain") ||
	    !(git_libgit2_features() & GIT_FEATURE_HTTPS))
		skip();
	assert_int_equal(cli_tls_bundles_skipped, 0);
	assert_true(git_libgit2_init() >= 1);
	/* the bundle is a file: one call, answered by no_tls.c */
	assert_int_equal(cli_tls_bundles_skipped, 1);
	e = git_error_last();
	assert_true(e == NULL || e->klass == GIT_ERROR_NONE);
	/* a second initialisation of a running libgit2 loads nothing */
	assert_true(git_libgit2_init() >= 2);
	assert_int_equal(cli_tls_bundles_skipped, 1);
	git_libgit2_shutdown();
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_loads_no_bundle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
