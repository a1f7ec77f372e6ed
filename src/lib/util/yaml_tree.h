/*
 * libyaml adapter: parses one YAML document into a small tree of mappings,
 * sequences and scalars, each with its 1-based line and column. yaml_tree.c
 * is the only file that includes libyaml's <yaml.h> (this header is not
 * named yaml.h because src/lib is on the include path and would shadow it).
 *
 * Deliberately a subset of YAML, for configuration files read from
 * repositories that may be hostile (a server-side hook reads them from a
 * push):
 *  - anchors and aliases are rejected: expanding aliases is how "billion
 *    laughs" documents blow up memory, and a configuration does not need
 *    them;
 *  - explicit tags (!!str, !foo) are rejected: every scalar is a string to
 *    the caller, and a tag that silently meant nothing would mislead;
 *  - one document per stream; mapping keys must be scalars and distinct;
 *  - at most SPECSYNC_YAML_MAX_SIZE bytes, checked before parsing, and at
 *    most SPECSYNC_YAML_MAX_DEPTH nested collections.
 */
#ifndef SPECSYNC_YAML_TREE_H
#define SPECSYNC_YAML_TREE_H

#include "specsync.h"

#define SPECSYNC_YAML_MAX_SIZE (1024u * 1024u)
#define SPECSYNC_YAML_MAX_DEPTH 64

typedef enum {
	SPECSYNC_YAML_SCALAR = 0,
	SPECSYNC_YAML_SEQUENCE = 1,
	SPECSYNC_YAML_MAPPING = 2
} specsync_yaml_kind;

typedef enum {
	SPECSYNC_YAML_PLAIN = 0,
	SPECSYNC_YAML_SINGLE_QUOTED = 1,
	SPECSYNC_YAML_DOUBLE_QUOTED = 2,
	SPECSYNC_YAML_LITERAL = 3, /* | block */
	SPECSYNC_YAML_FOLDED = 4   /* > block */
} specsync_yaml_style;

typedef struct specsync_yaml_node specsync_yaml_node;

typedef struct specsync_yaml_pair {
	specsync_yaml_node *key; /* always a scalar */
	specsync_yaml_node *value;
} specsync_yaml_pair;

struct specsync_yaml_node {
	specsync_yaml_kind kind;
	unsigned line, column; /* 1-based, where the node starts */

	/* scalar */
	char *value;           /* NUL-terminated; may hold NULs ("\0") */
	size_t length;         /* bytes in value */
	specsync_yaml_style style;
	bool quoted;           /* any style but plain */
	bool is_null;          /* plain "", "~", "null", "Null" or "NULL" */
	bool verbatim;         /* on one line and written exactly as `value`
				  (plain, or quoted without escapes) */

	/* sequence */
	specsync_yaml_node **items;
	/* mapping, in document order */
	specsync_yaml_pair *pairs;
	size_t count;          /* items or pairs */
	size_t alloc;
};

/*
 * Parses data[0..len). *out is the root node, or NULL when the stream holds
 * no document (empty file, only comments); free it with specsync_yaml_free.
 * Errors are SPECSYNC_ECONFIG with `path`, line and column: YAML syntax
 * (libyaml's problem and context), duplicate key (at the second, naming the
 * first's line), anchor, alias, tag, non-scalar key, second document, size
 * and depth limits; or SPECSYNC_ENOMEM.
 */
int specsync_yaml_parse(specsync_yaml_node **out, const char *data, size_t len,
			const char *path, specsync_error *err);

/* Frees a tree; accepts NULL. */
void specsync_yaml_free(specsync_yaml_node *node);

/* The value of `key` in mapping `map`, or NULL (also when `map` is not a
 * mapping). */
const specsync_yaml_node *specsync_yaml_get(const specsync_yaml_node *map, const char *key);

/*
 * The column of byte `offset` of a scalar's value in the file, when that
 * byte is where it appears (a verbatim scalar; columns count UTF-8
 * characters, as libyaml's do); otherwise the scalar's own column.
 */
unsigned specsync_yaml_column_at(const specsync_yaml_node *scalar, size_t offset);

/* "a mapping", "a list", "a string" or "nothing" (a null scalar): for
 * "expected X, got Y" messages. */
const char *specsync_yaml_describe(const specsync_yaml_node *node);

#endif
