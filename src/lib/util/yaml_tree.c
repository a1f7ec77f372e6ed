/*
 * libyaml adapter (see yaml_tree.h). Uses the event API, not libyaml's
 * document loader: the loader expands aliases and builds its own tree, and
 * events let us refuse anchors, tags and deep nesting as soon as they
 * appear. Recursion follows nesting, which is capped at
 * SPECSYNC_YAML_MAX_DEPTH.
 */
#include <yaml.h>

#include "common.h"
#include "yaml_tree.h"

#include <stdio.h>

typedef struct reader {
	yaml_parser_t parser;
	const char *data;
	size_t len;
	const char *path;
	specsync_error *err;
} reader;

static int fail_at(reader *r, unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail_at(reader *r, unsigned line, unsigned column, const char *fmt, ...)
{
	char message[sizeof(r->err->message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return specsync_fail_at(r->err, SPECSYNC_ECONFIG, r->path, line, column, "%s", message);
}

static unsigned line_of(yaml_mark_t mark)
{
	return (unsigned)mark.line + 1;
}

static unsigned column_of(yaml_mark_t mark)
{
	return (unsigned)mark.column + 1;
}

static int no_memory(reader *r)
{
	return specsync_fail(r->err, SPECSYNC_ENOMEM, "out of memory reading %s", r->path);
}

/* UTF-8 characters (not continuation bytes) in s[0..len). */
static size_t count_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* The reader (decoding) stage reports a byte offset, not a mark. */
static int reader_error(reader *r)
{
	const yaml_parser_t *p = &r->parser;
	size_t offset = p->problem_offset < r->len ? p->problem_offset : r->len;
	size_t start = offset;
	unsigned line = 1, column;

	for (size_t i = 0; i < offset; i++)
		line += r->data[i] == '\n';
	while (start > 0 && r->data[start - 1] != '\n')
		start--;
	column = (unsigned)count_chars(r->data + start, offset - start) + 1;
	if (p->problem_value != -1)
		return fail_at(r, line, column, "YAML syntax error: %s (byte 0x%02x)", p->problem,
			       p->problem_value);
	return fail_at(r, line, column, "YAML syntax error: %s", p->problem);
}

static int syntax_error(reader *r)
{
	const yaml_parser_t *p = &r->parser;
	unsigned line = line_of(p->problem_mark);
	unsigned column = column_of(p->problem_mark);

	if (p->error == YAML_MEMORY_ERROR)
		return no_memory(r);
	if (p->error == YAML_READER_ERROR)
		return reader_error(r);
	if (p->context)
		return fail_at(r, line, column, "YAML syntax error: %s (%s at line %u, column %u)",
			       p->problem ? p->problem : "unknown problem", p->context,
			       line_of(p->context_mark), column_of(p->context_mark));
	return fail_at(r, line, column, "YAML syntax error: %s",
		       p->problem ? p->problem : "unknown problem");
}

static int next_event(reader *r, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&r->parser, ev))
		return syntax_error(r);
	return 0;
}

static int fail_mark(reader *r, yaml_mark_t mark, const char *what)
{
	return fail_at(r, line_of(mark), column_of(mark), "%s", what);
}

static int check_properties(reader *r, const yaml_event_t *ev, const yaml_char_t *anchor,
			    const yaml_char_t *tag)
{
	if (anchor)
		return fail_mark(r, ev->start_mark,
				 "YAML anchors and aliases are not supported in .specsync.yml");
	if (tag)
		return fail_at(r, line_of(ev->start_mark), column_of(ev->start_mark),
			       "YAML tags (here \"%s\") are not supported in .specsync.yml",
			       (const char *)tag);
	return 0;
}

static specsync_yaml_node *new_node(specsync_yaml_kind kind,
				    const yaml_event_t *ev)
{
	specsync_yaml_node *n = specsync_calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->kind = kind;
	n->line = line_of(ev->start_mark);
	n->column = column_of(ev->start_mark);
	return n;
}

static specsync_yaml_style style_of(yaml_scalar_style_t style)
{
	switch (style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		return SPECSYNC_YAML_SINGLE_QUOTED;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		return SPECSYNC_YAML_DOUBLE_QUOTED;
	case YAML_LITERAL_SCALAR_STYLE:
		return SPECSYNC_YAML_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE:
		return SPECSYNC_YAML_FOLDED;
	default:
		return SPECSYNC_YAML_PLAIN;
	}
}

static bool plain_null(const char *v, size_t len)
{
	return len == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	       strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/*
 * libyaml's mark index counts characters, like `count_chars`: the source
 * span equals the value (plus two quotes) exactly when nothing was escaped
 * or folded.
 */
static bool is_verbatim(const specsync_yaml_node *n, const yaml_event_t *ev)
{
	size_t span = ev->end_mark.index - ev->start_mark.index;
	size_t chars = count_chars(n->value, n->length);

	if (ev->start_mark.line != ev->end_mark.line)
		return false;
	if (n->style == SPECSYNC_YAML_PLAIN)
		return span == chars;
	if (n->style == SPECSYNC_YAML_SINGLE_QUOTED || n->style == SPECSYNC_YAML_DOUBLE_QUOTED)
		return span == chars + 2;
	return false;
}

static int make_scalar(specsync_yaml_node **out, reader *r, const yaml_event_t *ev)
{
	specsync_yaml_node *n = new_node(SPECSYNC_YAML_SCALAR, ev);

	if (!n || !(n->value = specsync_strndup((const char *)ev->data.scalar.value,
						 ev->data.scalar.length))) {
		free(n);
		return no_memory(r);
	}
	n->length = ev->data.scalar.length;
	n->style = style_of(ev->data.scalar.style);
	n->quoted = n->style != SPECSYNC_YAML_PLAIN;
	n->is_null = !n->quoted && plain_null(n->value, n->length);
	n->verbatim = is_verbatim(n, ev);
	*out = n;
	return 0;
}

static int parse_node(specsync_yaml_node **out, reader *r, const yaml_event_t *ev,
		      unsigned depth);

static int add_item(specsync_yaml_node *seq, reader *r, const yaml_event_t *ev, unsigned depth)
{
	if (SPECSYNC_ARRAY_RESERVE(seq->items, seq->alloc, seq->count + 1) < 0)
		return no_memory(r);
	/* Counted before it is parsed so that a partial item is freed too. */
	seq->items[seq->count++] = NULL;
	return parse_node(&seq->items[seq->count - 1], r, ev, depth);
}

static int parse_sequence(specsync_yaml_node *seq, reader *r, unsigned depth)
{
	yaml_event_t ev;
	int error;

	for (;;) {
		if ((error = next_event(r, &ev)) < 0)
			return error;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		error = add_item(seq, r, &ev, depth);
		yaml_event_delete(&ev);
		if (error < 0)
			return error;
	}
}

static int compare_keys(const void *a, const void *b)
{
	const specsync_yaml_pair *x = *(const specsync_yaml_pair *const *)a;
	const specsync_yaml_pair *y = *(const specsync_yaml_pair *const *)b;
	size_t n = x->key->length < y->key->length ? x->key->length : y->key->length;
	int c = memcmp(x->key->value, y->key->value, n);

	if (c)
		return c;
	if (x->key->length != y->key->length)
		return x->key->length < y->key->length ? -1 : 1;
	return x < y ? -1 : x > y; /* same key: document order */
}

static bool same_key(const specsync_yaml_pair *x, const specsync_yaml_pair *y)
{
	return x->key->length == y->key->length &&
	       memcmp(x->key->value, y->key->value, x->key->length) == 0;
}

/*
 * Sorting keeps this O(n log n) on a hostile mapping with many keys. The
 * error names the repeated key that comes first in the document.
 */
static int check_duplicates(reader *r, const specsync_yaml_node *map)
{
	const specsync_yaml_pair **sorted, *first = NULL, *second = NULL;

	if (map->count < 2)
		return 0;
	if (!(sorted = specsync_calloc(map->count, sizeof(*sorted))))
		return no_memory(r);
	for (size_t i = 0; i < map->count; i++)
		sorted[i] = &map->pairs[i];
	qsort(sorted, map->count, sizeof(*sorted), compare_keys);
	for (size_t i = 1; i < map->count; i++) {
		if (same_key(sorted[i - 1], sorted[i]) && (!second || sorted[i] < second)) {
			first = sorted[i - 1];
			second = sorted[i];
		}
	}
	free(sorted);
	if (!second)
		return 0;
	return fail_at(r, second->key->line, second->key->column,
		       "duplicate key \"%s\" (already defined at line %u)", second->key->value,
		       first->key->line);
}

static int parse_key(specsync_yaml_node **out, reader *r, const yaml_event_t *ev)
{
	if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT)
		return fail_mark(r, ev->start_mark,
				 "a mapping key must be a plain string, not a list or a mapping");
	return parse_node(out, r, ev, 0);
}

/* Reads one key (already in `key_ev`) and its value. */
static int add_pair(specsync_yaml_node *map, reader *r, const yaml_event_t *key_ev,
		    unsigned depth)
{
	specsync_yaml_pair *pair;
	yaml_event_t ev;
	int error;

	if (SPECSYNC_ARRAY_RESERVE(map->pairs, map->alloc, map->count + 1) < 0)
		return no_memory(r);
	pair = &map->pairs[map->count];
	pair->value = NULL;
	if ((error = parse_key(&pair->key, r, key_ev)) < 0)
		return error;
	map->count++;
	if ((error = next_event(r, &ev)) < 0)
		return error;
	error = parse_node(&pair->value, r, &ev, depth);
	yaml_event_delete(&ev);
	return error;
}

static int parse_mapping(specsync_yaml_node *map, reader *r, unsigned depth)
{
	yaml_event_t ev;
	int error;

	for (;;) {
		if ((error = next_event(r, &ev)) < 0)
			return error;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return check_duplicates(r, map);
		}
		error = add_pair(map, r, &ev, depth);
		yaml_event_delete(&ev);
		if (error < 0)
			return error;
	}
}

/* A collection nested `depth` deep (the root is 1). */
static int parse_collection(specsync_yaml_node **out, reader *r, const yaml_event_t *ev,
			    unsigned depth)
{
	bool is_map = ev->type == YAML_MAPPING_START_EVENT;
	specsync_yaml_node *n;
	int error;

	if (depth > SPECSYNC_YAML_MAX_DEPTH)
		return fail_at(r, line_of(ev->start_mark), column_of(ev->start_mark),
			       "YAML nested more than %d levels deep", SPECSYNC_YAML_MAX_DEPTH);
	if (!(n = new_node(is_map ? SPECSYNC_YAML_MAPPING : SPECSYNC_YAML_SEQUENCE, ev)))
		return no_memory(r);
	*out = n;
	error = is_map ? parse_mapping(n, r, depth) : parse_sequence(n, r, depth);
	return error;
}

/*
 * Builds the node that starts with `ev` (the caller deletes `ev`). On error
 * *out may hold a partial node, which the caller's tree owns and frees.
 */
static int parse_node(specsync_yaml_node **out, reader *r, const yaml_event_t *ev,
		      unsigned depth)
{
	int error;

	*out = NULL;
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return check_properties(r, ev, ev->data.alias.anchor, NULL);
	case YAML_SCALAR_EVENT:
		if ((error = check_properties(r, ev, ev->data.scalar.anchor,
					      ev->data.scalar.tag)) < 0)
			return error;
		return make_scalar(out, r, ev);
	case YAML_SEQUENCE_START_EVENT:
		if ((error = check_properties(r, ev, ev->data.sequence_start.anchor,
					      ev->data.sequence_start.tag)) < 0)
			return error;
		return parse_collection(out, r, ev, depth + 1);
	case YAML_MAPPING_START_EVENT:
		if ((error = check_properties(r, ev, ev->data.mapping_start.anchor,
					      ev->data.mapping_start.tag)) < 0)
			return error;
		return parse_collection(out, r, ev, depth + 1);
	default:
		return fail_mark(r, ev->start_mark, "unexpected YAML structure");
	}
}

/* Reads the next event, which must be of type `type` (libyaml guarantees
 * the stream structure, so anything else is a bug or a second document). */
static int expect(reader *r, yaml_event_type_t type, yaml_event_type_t *got)
{
	yaml_event_t ev;
	int error;

	if ((error = next_event(r, &ev)) < 0)
		return error;
	*got = ev.type;
	if (ev.type == YAML_DOCUMENT_START_EVENT && type == YAML_STREAM_END_EVENT)
		error = fail_mark(r, ev.start_mark,
				  "a second YAML document starts here; .specsync.yml must hold "
				  "exactly one");
	else if (ev.type != type && type != YAML_NO_EVENT)
		error = fail_mark(r, ev.start_mark, "unexpected YAML structure");
	yaml_event_delete(&ev);
	return error;
}

static int parse_document(specsync_yaml_node **out, reader *r)
{
	yaml_event_t ev;
	int error;

	if ((error = next_event(r, &ev)) < 0)
		return error;
	error = parse_node(out, r, &ev, 0);
	yaml_event_delete(&ev);
	return error;
}

static int parse_stream(specsync_yaml_node **out, reader *r)
{
	yaml_event_type_t got;
	int error;

	if ((error = expect(r, YAML_STREAM_START_EVENT, &got)) < 0)
		return error;
	if ((error = expect(r, YAML_NO_EVENT, &got)) < 0 || got == YAML_STREAM_END_EVENT)
		return error;
	if (got != YAML_DOCUMENT_START_EVENT)
		return fail_at(r, 1, 1, "unexpected YAML structure");
	if ((error = parse_document(out, r)) < 0 ||
	    (error = expect(r, YAML_DOCUMENT_END_EVENT, &got)) < 0)
		return error;
	return expect(r, YAML_STREAM_END_EVENT, &got);
}

int specsync_yaml_parse(specsync_yaml_node **out, const char *data, size_t len,
			const char *path, specsync_error *err)
{
	specsync_yaml_node *root = NULL;
	reader r;
	int error;

	if (!out)
		return specsync_fail(err, SPECSYNC_EUSAGE, "no output for the YAML tree");
	*out = NULL;
	if (len > SPECSYNC_YAML_MAX_SIZE)
		return specsync_fail_at(err, SPECSYNC_ECONFIG, path, 0, 0,
					"file is %zu bytes, over the limit of %u bytes (1 MiB)",
					len, SPECSYNC_YAML_MAX_SIZE);
	memset(&r, 0, sizeof(r));
	r.data = data ? data : "";
	r.len = data ? len : 0;
	r.path = path;
	r.err = err;
	/* libyaml skips a byte-order mark but counts it as a column, so the
	 * first line looked indented by one: "version: 1\nrequirements: ..."
	 * then failed with "did not find expected <document start>". The
	 * mark is dropped here instead; lines and columns stay those an
	 * editor shows. */
	if (r.len >= 3 && memcmp(r.data, "\xef\xbb\xbf", 3) == 0) {
		r.data += 3;
		r.len -= 3;
	}
	if (!yaml_parser_initialize(&r.parser))
		return no_memory(&r);
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)r.data, r.len);
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
	if ((error = parse_stream(&root, &r)) < 0)
		goto done;
	*out = root;
	root = NULL;
done:
	yaml_parser_delete(&r.parser);
	specsync_yaml_free(root);
	return error;
}

void specsync_yaml_free(specsync_yaml_node *node)
{
	if (!node)
		return;
	for (size_t i = 0; node->kind == SPECSYNC_YAML_SEQUENCE && i < node->count; i++)
		specsync_yaml_free(node->items[i]);
	for (size_t i = 0; node->kind == SPECSYNC_YAML_MAPPING && i < node->count; i++) {
		specsync_yaml_free(node->pairs[i].key);
		specsync_yaml_free(node->pairs[i].value);
	}
	free(node->items);
	free(node->pairs);
	free(node->value);
	free(node);
}

const specsync_yaml_node *specsync_yaml_get(const specsync_yaml_node *map, const char *key)
{
	size_t len = key ? strlen(key) : 0;

	if (!map || !key || map->kind != SPECSYNC_YAML_MAPPING)
		return NULL;
	for (size_t i = 0; i < map->count; i++) {
		const specsync_yaml_node *k = map->pairs[i].key;
		if (k->length == len && memcmp(k->value, key, len) == 0)
			return map->pairs[i].value;
	}
	return NULL;
}

unsigned specsync_yaml_column_at(const specsync_yaml_node *scalar, size_t offset)
{
	if (!scalar)
		return 0;
	if (scalar->kind != SPECSYNC_YAML_SCALAR || !scalar->verbatim || offset > scalar->length)
		return scalar->column;
	return scalar->column + (scalar->quoted ? 1u : 0u) +
	       (unsigned)count_chars(scalar->value, offset);
}

const char *specsync_yaml_describe(const specsync_yaml_node *node)
{
	if (!node)
		return "nothing";
	switch (node->kind) {
	case SPECSYNC_YAML_MAPPING:
		return "a mapping";
	case SPECSYNC_YAML_SEQUENCE:
		return "a list";
	default:
		return node->is_null ? "nothing" : "a string";
	}
}
