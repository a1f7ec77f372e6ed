/*
 * Private to the loader of `.specsync.yml` (config.c, config_read.c,
 * config_raci.c, config_policy.c): the loader's state, the primitives of
 * config_read.c (messages naming file, line, column and the dotted place in
 * the schema; scalars; lists) and the section readers config.c calls.
 */
#ifndef SPECSYNC_CONFIG_INTERNAL_H
#define SPECSYNC_CONFIG_INTERNAL_H

#include "config.h"
#include "yaml_tree.h"

#define WHERE_SIZE 256

typedef specsync_yaml_node ynode;

typedef struct loader {
	specsync_config *cfg;
	specsync_error *err;
	const char **raci_keys;  /* "scope", then the side names */
	const char **side_names; /* raci_keys + 1 */
	const char **role_names;
} loader;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct list_spec {
	const char *what; /* "a list of path globs" */
	const char *item; /* "a path glob" */
	bool non_empty;
	const char *(*check)(const char *); /* NULL, or a glob check */
} list_spec;

/* Places in the schema for messages ("sides.functional.paths[0]"), into
 * buffers of WHERE_SIZE; very long names are cut. */
void specsync_cfg_place_key(char *out, const char *where, const char *key);
void specsync_cfg_place_index(char *out, const char *where, size_t i);
int specsync_cfg_fail(loader *l, const ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int specsync_cfg_no_memory(loader *l);
const char *specsync_cfg_got(const ynode *n, char *buf, size_t size);
int specsync_cfg_expect_kind(loader *l, const ynode *n, specsync_yaml_kind kind, const char *where,
			     const char *what);
int specsync_cfg_unknown(loader *l, const ynode *at, const char *where, const char *what,
			 const char *name, const char *const *known, size_t n);
int specsync_cfg_find_name(const char *name, const char *const *known, size_t n);
int specsync_cfg_check_keys(loader *l, const ynode *map, const char *where,
			    const char *const *known, size_t n);
int specsync_cfg_required(const ynode **out, loader *l, const ynode *map, const char *where,
			  const char *key, const char *hint);
int specsync_cfg_get_string(char **out, loader *l, const ynode *n, const char *where,
			    const char *what);
int specsync_cfg_get_enum(int *out, loader *l, const ynode *n, const char *where, const char *what,
			  const char *const *names, size_t count);
int specsync_cfg_get_level(specsync_level *out, loader *l, const ynode *n, const char *where);
int specsync_cfg_get_regex(specsync_regex **out, loader *l, const ynode *n, const char *where);
int specsync_cfg_read_list(char ***out, size_t *count, loader *l, const ynode *n, const char *where,
			   const list_spec *spec);

/* The sections of config_raci.c and config_policy.c. */
int specsync_cfg_read_roles(loader *l, const ynode *root);
int specsync_cfg_read_raci(loader *l, const ynode *root);
int specsync_cfg_read_policy(loader *l, const ynode *root);
int specsync_cfg_read_ack_trailer(loader *l, const ynode *root);
int specsync_cfg_read_max_file_size(loader *l, const ynode *root);
int specsync_cfg_read_handles(loader *l, const ynode *root);

#endif
