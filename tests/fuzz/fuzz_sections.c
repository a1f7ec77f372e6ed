/*
 * Fuzz target: the section splitter and ID extractor of every format,
 * specsync_sections_parse.
 *
 * Input: byte 0 picks the format (2 bits), the attribution (2 bits, modulo
 * 3), keep_text, a section_start pattern and the ignore globs; byte 1 picks
 * the ID pattern, the last choice meaning "the first line of the rest is the
 * pattern" (skipped when it does not compile or can match the empty
 * string); the rest is the document.
 */
#include "fuzz.h"

#include "common.h"
#include "glob.h"
#include "sections.h"

#include <stdio.h>

static const char *const id_patterns[] = {
	"\\bREQ-[A-Z]+-[0-9]{3}\\b",
	"req~([a-z]+)~[0-9]+",
	"(?:ID|id)=(\\w*)x|#(\\d+)", /* group 1 may be empty or unset */
	"[A-Z]\\w*",
	"a\\x00?b|\\n+c", /* matches across NUL bytes and line ends */
};
static const char *const start_patterns[] = {"^\\[REQUIREMENT\\]", "^(=|#)"};
static const char *const ignore[] = {"REQ-XXX-*", "req~ex*", "[A-C]*"};
static const char path[] = "specs/REQ-ABC-123/req~path~7.md";

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static specsync_regex *ids[COUNT(id_patterns)], *starts[COUNT(start_patterns)];

static specsync_regex *compiled(specsync_regex **slot, const char *pattern)
{
	if (!*slot && specsync_regex_compile(slot, pattern, true, NULL) < 0)
		__builtin_trap();
	return *slot;
}

static void check(const specsync_sections *s, const specsync_sections_options *o, size_t len)
{
	for (size_t i = 0; i < s->count; i++) {
		const specsync_section_entry *e = &s->entries[i];

		if (!e->id[0] || e->line < 1 || e->line > len + 1 || e->section >= s->section_count)
			__builtin_trap();
		if ((e->text != NULL) != o->keep_text)
			__builtin_trap();
		for (size_t k = 0; k < o->ignore_count; k++)
			if (specsync_glob_match_id(o->ignore[k], e->id))
				__builtin_trap();
		if (i && e->section < s->entries[i - 1].section)
			__builtin_trap(); /* document order */
	}
}

static void run(const char *doc, size_t len, specsync_sections_options *o)
{
	specsync_sections s;
	specsync_buf norm = SPECSYNC_BUF_INIT;
	specsync_error err;

	specsync_error_clear(&err);
	if (specsync_sections_parse(&s, doc, len, o, &err) == 0)
		check(&s, o, len);
	else if (err.code != SPECSYNC_EINPUT && err.code != SPECSYNC_ENOMEM)
		__builtin_trap();
	specsync_sections_dispose(&s);
	if (specsync_normalise(&norm, doc, len) == 0 && norm.size > len)
		__builtin_trap();
	specsync_buf_dispose(&norm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	specsync_sections_options o;
	specsync_regex *custom = NULL;
	const char *doc;
	size_t len, pick;

	if (size < 2)
		return 0;
	memset(&o, 0, sizeof(o));
	o.format = (specsync_doc_format)(data[0] & 3);
	o.attribution = (specsync_attribution)(((data[0] >> 2) & 3) % 3);
	o.keep_text = (data[0] >> 4) & 1;
	if ((data[0] >> 5) & 1) {
		unsigned k = (data[0] >> 6) & 1;
		o.section_start = compiled(&starts[k], start_patterns[k]);
	}
	if ((data[0] >> 7) & 1) {
		o.ignore = ignore;
		o.ignore_count = COUNT(ignore);
	}
	o.path = path;
	doc = (const char *)data + 2;
	len = size - 2;
	pick = data[1] % (COUNT(id_patterns) + 1);
	if (pick < COUNT(id_patterns)) {
		o.id = compiled(&ids[pick], id_patterns[pick]);
	} else {
		const char *nl = memchr(doc, '\n', len);
		size_t n = nl ? (size_t)(nl - doc) : len;
		char *pattern = specsync_strndup(doc, n);

		if (!pattern)
			return 0;
		if (specsync_regex_compile(&custom, pattern, true, NULL) < 0) {
			free(pattern);
			return 0;
		}
		free(pattern);
		o.id = custom;
		doc += nl ? n + 1 : n;
		len -= nl ? n + 1 : n;
	}
	run(doc, len, &o);
	specsync_regex_free(custom);
	return 0;
}
