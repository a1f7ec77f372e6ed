/*
 * Fuzz target: the configuration loader (YAML adapter and schema checks),
 * specsync_config_parse on arbitrary bytes. A configuration that loads is
 * also queried, as the engine would.
 */
#include "fuzz.h"

#include "config.h"

#include <stdio.h>
#include <string.h>

static void query(const specsync_config *cfg)
{
	static const char *const paths[] = {"specs/functional/a.md", "docs/adr/x.adoc", "a", ""};
	int other;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		(void)specsync_config_side_for_path(cfg, paths[i], &other);
	(void)specsync_config_raci_for(cfg, "REQ-INV-001");
	(void)specsync_config_ignored(cfg, "REQ-XXX-000");
	for (size_t i = 0; i < specsync_config_side_count(cfg); i++)
		(void)strlen(specsync_config_side_name(cfg, i));
	if (cfg->role_count)
		(void)specsync_config_role_has(cfg, 0, "alice@example.org");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	specsync_config *cfg = NULL;
	specsync_error err;
	char line[sizeof(err.message) + 600];

	specsync_error_clear(&err);
	if (specsync_config_parse(&cfg, (const char *)data, size, "fuzz.yml", &err) == 0) {
		query(cfg);
		specsync_config_free(cfg);
		return 0;
	}
	/* Every failure carries a message; formatting it must be safe. */
	if (!err.message[0] || cfg)
		__builtin_trap();
	specsync_error_format(line, sizeof(line), &err);
	return 0;
}
