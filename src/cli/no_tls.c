/*
 * The command opens no network connection, so it loads no TLS trust store.
 *
 * libgit2 1.5.1 as Debian 12 builds it (HTTPS through mbed TLS, with
 * /etc/ssl/certs/ca-certificates.crt compiled in) parses the whole system
 * CA bundle inside git_libgit2_init(), before any repository is opened:
 * about 54 M instructions and 15 ms on every run, half of what a pre-commit
 * hook costs (docs/performance.md, "libgit2's initialisation"). libgit2
 * offers no option to skip it (the location can only be changed after the
 * initialisation), so the executable defines the two mbed TLS functions
 * libgit2 calls to load a bundle; the dynamic linker binds libgit2's calls
 * to these definitions (a symbol of the executable comes first).
 *
 * They report success and load nothing. Should anything ever start a TLS
 * session through this libgit2, its chain of trusted certificates is empty
 * and every server certificate is refused: this fails closed. The library
 * (libspecsync) does not define them: a program that links it and uses the
 * network keeps libgit2's behaviour. With another TLS backend (OpenSSL) the
 * definitions are never called. tests/unit/test_no_tls.c checks that
 * libgit2's initialisation reaches them.
 */
#include "cli.h"

/* how many bundles (files or directories) libgit2 asked to load */
unsigned cli_tls_bundles_skipped;

/* mbed TLS 2.28's signatures; the chain is not touched (it stays empty) */
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
	__attribute__((used, visibility("default")));
int mbedtls_x509_crt_parse_path(void *chain, const char *path)
	__attribute__((used, visibility("default")));

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	cli_tls_bundles_skipped++;
	return 0;
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	cli_tls_bundles_skipped++;
	return 0;
}
