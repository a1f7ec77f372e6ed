/*
 * Building the sections for the splitter (sections.c): the normalised text
 * and its hash (and the memo of hashes), the set of distinct IDs of a
 * section, its entries, the IDs found with the ID pattern, inheritance from
 * the enclosing sections, and opening and finishing a section at a heading.
 * It knows no document format; sections.c scans the lines and calls it.
 */
#include "sections_internal.h"

#include "common.h"
#include "glob.h"
#include "regex.h"

size_t specsync_sections_bom_length(const char *data, size_t len)
{
	return len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* ---- normalisation ------------------------------------------------------ */

const unsigned char specsync_sections_white[256] = {
        [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\f'] = 1, ['\v'] = 1,
};

static void norm_init(normaliser *n, bool hash, specsync_buf *copy)
{
	specsync_hasher_init(&n->hasher);
	n->hash = hash;
	n->copy = copy;
	n->started = n->pending = false;
	n->used = 0;
}

/* A failed copy marks the buffer, which the caller checks at the end. */
static void norm_flush(normaliser *n)
{
	if (n->hash)
		specsync_hasher_update(&n->hasher, n->chunk, n->used);
	if (n->copy)
		specsync_buf_put(n->copy, (const char *)n->chunk, n->used);
	n->used = 0;
}

/*
 * Normalises in[0..len) into out, which has room for len + 1 bytes (a
 * space pending from before, then at most one byte per input byte);
 * returns the bytes written. The state lives in locals: stores through an
 * unsigned char pointer may alias anything, so fields of *n would be
 * reloaded after each byte written.
 */
static size_t norm_block(normaliser *n, unsigned char *out, const unsigned char *in, size_t len)
{
	const unsigned char *end = in + len;
	unsigned char *o = out;
	bool pending = n->pending;

	if (!n->started) {
		while (in < end && specsync_sections_white[*in])
			in++;
		n->started = in < end;
	}
	for (; in < end; in++) {
		unsigned char c = *in;

		if (specsync_sections_white[c]) {
			pending = true;
			continue;
		}
		if (pending) {
			*o++ = ' ';
			pending = false;
		}
		*o++ = c;
	}
	n->pending = pending;
	return (size_t)(o - out);
}

/* Hands on the first CHUNK bytes (whole words, as the hasher wants them)
 * and keeps the rest. */
static void norm_flush_chunk(normaliser *n)
{
	size_t used = n->used;

	n->used = CHUNK;
	norm_flush(n);
	n->used = used - CHUNK;
	memcpy(n->chunk, n->chunk + CHUNK, n->used);
}

static void norm_feed(normaliser *n, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;

	/* n->used < CHUNK here, and a block writes at most take + 1 bytes. */
	while (len) {
		size_t take = CHUNK - n->used < len ? CHUNK - n->used : len;

		n->used += norm_block(n, n->chunk + n->used, p, take);
		if (n->used >= CHUNK)
			norm_flush_chunk(n);
		p += take;
		len -= take;
	}
}

static specsync_hash128 norm_finish(normaliser *n)
{
	norm_flush(n);
	return specsync_hasher_final(&n->hasher);
}

int specsync_normalise(specsync_buf *out, const char *text, size_t len)
{
	normaliser n;
	size_t bom = specsync_sections_bom_length(text, len);

	if (!len)
		return out->failed ? SPECSYNC_ENOMEM : 0;
	norm_init(&n, false, out);
	norm_feed(&n, text + bom, len - bom);
	norm_finish(&n);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

/* ---- the memo of sections ---------------------------------------------- */

#define MEMO_SLOTS 32768 /* a power of two */

/*
 * What a section's raw bytes give, whatever the document around them: the
 * hash of their normalised text and, under one set of ID rules, their
 * distinct IDs (find_ids only ever sees the section's own bytes).
 */
typedef struct memo_slot {
	specsync_hash128 raw;  /* the key: specsync_hash_fast of the raw bytes */
	specsync_hash128 norm; /* when norm_known */
	char *ids;             /* distinct IDs, each NUL-terminated, in order */
	uint32_t ids_size, ids_alloc;
	uint32_t id_count;
	unsigned ids_rules;    /* the memo's rules generation of `ids`; 0: none */
	bool used, norm_known, ids_defines;
	bool recent; /* used after the other slot of its pair */
} memo_slot;

struct specsync_sections_memo {
	/* The ID rules the IDs of the slots were found with: the pattern, then
	 * each ignore glob, each NUL-terminated. Compared by text on every
	 * parse, so a memo may outlive a configuration or serve several. */
	specsync_buf rules;
	unsigned rules_gen;
	size_t hits;
	uint32_t *owners; /* the slots that have allocated `ids` (freeing
			     them does not read the whole table) */
	size_t owner_count, owner_alloc;
	size_t mapped;
	memo_slot slots[MEMO_SLOTS];
};

/* 1.8 MB, of which a walk of a few commits uses a few pages: a mapping of
 * its own, its pages brought in as slots are first used. */
specsync_sections_memo *specsync_sections_memo_new(void)
{
	size_t mapped;
	specsync_sections_memo *memo =
		specsync_mem_zero_alloc(sizeof(specsync_sections_memo), &mapped);

	if (memo)
		memo->mapped = mapped;
	return memo;
}

void specsync_sections_memo_free(specsync_sections_memo *memo)
{
	if (!memo)
		return;
	for (size_t i = 0; i < memo->owner_count; i++) {
		free(memo->slots[memo->owners[i]].ids);
		memo->slots[memo->owners[i]].ids = NULL;
	}
	free(memo->owners);
	specsync_buf_dispose(&memo->rules);
	specsync_mem_map_free(memo, memo->mapped);
}

size_t specsync_sections_memo_hits(const specsync_sections_memo *memo)
{
	return memo ? memo->hits : 0;
}

/* Whether `rules` holds the pattern and ignore globs of `o`. */
static bool rules_equal(const specsync_buf *rules, const specsync_sections_options *o)
{
	const char *p = rules->ptr, *end = p + rules->size, *pattern = specsync_regex_pattern(o->id);
	size_t n = strlen(pattern) + 1;

	if (!p || (size_t)(end - p) < n || memcmp(p, pattern, n) != 0)
		return false;
	for (size_t i = 0; i < o->ignore_count; i++) {
		p += n;
		n = strlen(o->ignore[i]) + 1;
		if ((size_t)(end - p) < n || memcmp(p, o->ignore[i], n) != 0)
			return false;
	}
	return p + n == end;
}

/* Makes the memo's IDs those of the rules of `o`; false when it cannot. */
static bool memo_bind(specsync_sections_memo *m, const specsync_sections_options *o)
{
	if (rules_equal(&m->rules, o))
		return m->rules_gen != 0;
	/* New rules: the IDs of every slot are forgotten at once. */
	if (++m->rules_gen == 0) {
		for (size_t i = 0; i < MEMO_SLOTS; i++)
			m->slots[i].ids_rules = 0;
		m->rules_gen = 1;
	}
	specsync_buf_clear(&m->rules);
	specsync_buf_put(&m->rules, specsync_regex_pattern(o->id),
			 strlen(specsync_regex_pattern(o->id)) + 1);
	for (size_t i = 0; i < o->ignore_count; i++)
		specsync_buf_put(&m->rules, o->ignore[i], strlen(o->ignore[i]) + 1);
	if (!m->rules.failed)
		return true;
	specsync_buf_dispose(&m->rules); /* matches no rules: IDs are not kept */
	return false;
}

void specsync_sections_memo_start(parser *ps)
{
	const specsync_sections_options *o = ps->opts;

	ps->memo = o->keep_text ? NULL : o->memo;
	ps->memo_ids = ps->memo && o->attribution != SPECSYNC_ATTR_PATH && memo_bind(ps->memo, o);
}

/* The slot of text[0..len), emptied first when it held other bytes. */
static bool same_key(const memo_slot *slot, specsync_hash128 raw)
{
	return slot->used && slot->raw.h1 == raw.h1 && slot->raw.h2 == raw.h2;
}

/*
 * The slot of text[0..len), emptied first when it held other bytes. Two
 * ways per set: a new key replaces the one of the pair used less recently.
 */
static memo_slot *memo_lookup(specsync_sections_memo *m, const char *text, size_t len)
{
	specsync_hash128 raw = specsync_hash_fast(text, len);
	memo_slot *pair = &m->slots[(raw.h1 & (MEMO_SLOTS / 2 - 1)) * 2], *slot;

	if (same_key(&pair[0], raw) || same_key(&pair[1], raw)) {
		slot = same_key(&pair[0], raw) ? &pair[0] : &pair[1];
	} else {
		slot = pair[0].recent ? &pair[1] : &pair[0];
		slot->raw = raw;
		slot->used = true;
		slot->norm_known = false;
		slot->ids_rules = 0;
	}
	pair[0].recent = slot == &pair[0];
	pair[1].recent = slot == &pair[1];
	return slot;
}

/* The hash of the normalised text[0..len), through the slot when given. */
static specsync_hash128 section_hash(parser *ps, const char *text, size_t len)
{
	memo_slot *slot = ps->slot;
	normaliser *n = &ps->norm;

	if (slot && slot->norm_known)
		return slot->norm;
	norm_init(n, true, ps->opts->keep_text ? &ps->out->pool : NULL);
	norm_feed(n, text, len);
	if (!slot)
		return norm_finish(n);
	slot->norm = norm_finish(n);
	slot->norm_known = true;
	return slot->norm;
}

int specsync_sections_nomem(parser *ps)
{
	return specsync_fail_at(ps->err, SPECSYNC_ENOMEM, ps->opts->path, 0, 0,
	                        "out of memory splitting the document into sections");
}

/* ---- distinct IDs of a section ------------------------------------------ */

static const char *entry_id(const parser *ps, size_t entry)
{
	return ps->out->pool.ptr + ps->offs[entry].id;
}

static size_t set_probe(const parser *ps, const char *id, size_t len)
{
	size_t mask = ps->set_cap - 1, i = specsync_hash_str(id, len) & mask;

	while (ps->set[i].gen == ps->set_gen) {
		const char *other = entry_id(ps, ps->set[i].entry);

		/* strncmp, not memcmp: `other` may be shorter than `len` and end
		 * the pool; `id` holds no NUL, so strncmp stops at other's. */
		if (strncmp(other, id, len) == 0 && other[len] == '\0')
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static int set_grow(parser *ps)
{
	id_slot *old = ps->set;
	size_t old_cap = ps->set_cap;

	ps->set_cap = old_cap ? old_cap * 2 : 16;
	if (!(ps->set = specsync_calloc(ps->set_cap, sizeof(*ps->set)))) {
		ps->set = old;
		ps->set_cap = old_cap;
		return specsync_sections_nomem(ps);
	}
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].gen == ps->set_gen) {
			const char *id = entry_id(ps, old[i].entry);

			ps->set[set_probe(ps, id, strlen(id))] = old[i];
		}
	}
	free(old);
	return 0;
}

/* Forgets the IDs of the previous section in O(1). */
static void set_reset(parser *ps)
{
	ps->set_count = 0;
	if (++ps->set_gen == 0 && ps->set) {
		memset(ps->set, 0, ps->set_cap * sizeof(*ps->set));
		ps->set_gen = 1;
	}
}

/* ---- entries ------------------------------------------------------------ */

static int push_entry(parser *ps, size_t id_off)
{
	specsync_sections *out = ps->out;

	if (SPECSYNC_ARRAY_RESERVE(out->entries, out->alloc, out->count + 1) < 0 ||
	    SPECSYNC_ARRAY_RESERVE(ps->offs, ps->offs_alloc, out->count + 1) < 0)
		return specsync_sections_nomem(ps);
	memset(&out->entries[out->count], 0, sizeof(out->entries[0]));
	ps->offs[out->count].id = id_off;
	ps->offs[out->count].text = 0;
	out->count++;
	return 0;
}

static bool ignored(const parser *ps, const char *id)
{
	for (size_t i = 0; i < ps->opts->ignore_count; i++)
		if (specsync_glob_match_id(ps->opts->ignore[i], id))
			return true;
	return false;
}

/*
 * Adds an ID found in the current section. Returns 1 when it counts (new or
 * already seen), 0 when it does not (empty or ignored), <0 on error. An ID
 * is cut at a NUL byte: readers see it as a C string.
 */
static int add_id(parser *ps, const char *p, size_t len)
{
	specsync_buf *pool = &ps->out->pool;
	const char *nul = memchr(p, '\0', len);
	size_t slot, id_off = pool->size;

	if (nul)
		len = (size_t)(nul - p);
	if (!len)
		return 0;
	specsync_buf_clear(&ps->id);
	if (specsync_buf_put(&ps->id, p, len) < 0)
		return specsync_sections_nomem(ps);
	if (ignored(ps, ps->id.ptr))
		return 0;
	if ((ps->set_count + 1) * 2 > ps->set_cap && set_grow(ps) < 0)
		return SPECSYNC_ENOMEM;
	slot = set_probe(ps, ps->id.ptr, len);
	if (ps->set[slot].gen == ps->set_gen)
		return 1;
	if (specsync_buf_put(pool, ps->id.ptr, len) < 0 || specsync_buf_putc(pool, '\0') < 0 ||
	    push_entry(ps, id_off) < 0)
		return specsync_sections_nomem(ps);
	ps->set[slot].entry = ps->out->count - 1;
	ps->set[slot].gen = ps->set_gen;
	ps->set_count++;
	return 1;
}

/*
 * The end of the line that starts at data[pos], before its LF, CR LF or lone
 * CR (CommonMark's three line endings; old Mac editors write lone CRs);
 * *next is where the following line starts (len at the end).
 */
size_t specsync_sections_line_end(const char *data, size_t len, size_t pos, size_t *next)
{
	const char *nl = memchr(data + pos, '\n', len - pos);
	size_t end = nl ? (size_t)(nl - data) : len;
	const char *cr = memchr(data + pos, '\r', end - pos);

	if (cr && cr + 1 != nl) { /* a lone CR */
		*next = (size_t)(cr - data) + 1;
		return (size_t)(cr - data);
	}
	*next = nl ? end + 1 : len;
	return cr ? end - 1 : end;
}

/* ---- finding IDs -------------------------------------------------------- */

static unsigned line_at(const char *subject, size_t off, unsigned first)
{
	size_t next;

	for (size_t pos = 0; specsync_sections_line_end(subject, off, pos, &next) < off; pos = next)
		first++;
	return first;
}

/* Names the document and the line in a regex error (e.g. the match limit). */
int specsync_sections_regex_error(parser *ps, int code, unsigned line_no)
{
	char message[sizeof(ps->err->message)];

	if (!ps->err || code != SPECSYNC_EINPUT)
		return code;
	memcpy(message, ps->err->message, sizeof(message));
	return specsync_fail_at(ps->err, code, ps->opts->path, line_no, 0, "%s", message);
}

/*
 * Adds the IDs of subject[0..len), whose first line is `first_line` (0 when
 * it is not a document). With `first_line_only`, stops after the first line
 * that holds an ID that counts (attribution "defines").
 */
static int find_ids(parser *ps, const char *subject, size_t len, unsigned first_line,
                    bool first_line_only)
{
	size_t off = 0, start, end, next, stop = SIZE_MAX;
	int rc;

	while ((rc = specsync_regex_next(ps->opts->id, subject, len, off, &start, &end, &next,
	                                 ps->err)) == 1) {
		if (start >= stop)
			return 0;
		if ((rc = add_id(ps, subject + start, end > start ? end - start : 0)) < 0)
			return rc;
		if (rc == 1 && first_line_only && stop == SIZE_MAX) {
			const char *nl = memchr(subject + start, '\n', len - start);

			stop = nl ? (size_t)(nl - subject) : len;
		}
		off = next;
	}
	if (rc == SPECSYNC_EINPUT && first_line)
		return specsync_sections_regex_error(
			ps, rc,
			line_at(subject, specsync_regex_failed_at(ps->opts->id), first_line));
	return rc < 0 ? specsync_sections_regex_error(ps, rc, 0) : 0;
}

/* Remembers the distinct IDs the section's entries [first, count) hold;
 * out of memory, the slot just knows none. */
static void memo_keep_ids(parser *ps, memo_slot *slot, size_t first, bool defines)
{
	size_t size = 0, n;
	char *p;

	for (size_t i = first; i < ps->out->count; i++)
		size += strlen(entry_id(ps, i)) + 1;
	slot->ids_rules = 0;
	if (size > UINT32_MAX)
		return;
	if (size > slot->ids_alloc) {
		specsync_sections_memo *m = ps->memo;
		if (!slot->ids) {
			if (SPECSYNC_ARRAY_RESERVE(m->owners, m->owner_alloc,
						   m->owner_count + 1) < 0)
				return; /* the slot knows none */
			m->owners[m->owner_count++] = (uint32_t)(slot - m->slots);
		}
		free(slot->ids);
		slot->ids_alloc = 0;
		if (!(slot->ids = malloc(size)))
			return;
		slot->ids_alloc = (uint32_t)size;
	}
	p = slot->ids;
	for (size_t i = first; i < ps->out->count; i++, p += n)
		memcpy(p, entry_id(ps, i), n = strlen(entry_id(ps, i)) + 1);
	slot->ids_size = (uint32_t)size;
	slot->id_count = (uint32_t)(ps->out->count - first);
	slot->ids_defines = defines;
	slot->ids_rules = ps->memo->rules_gen;
}

/* Adds the entries of the IDs the slot remembers, as find_ids would. */
static int memo_replay_ids(parser *ps, const memo_slot *slot)
{
	specsync_buf *pool = &ps->out->pool;
	const char *id = slot->ids;

	for (uint32_t i = 0; i < slot->id_count; i++) {
		size_t n = strlen(id) + 1, id_off = pool->size;

		if (specsync_buf_put(pool, id, n) < 0 || push_entry(ps, id_off) < 0)
			return specsync_sections_nomem(ps);
		id += n;
	}
	return 0;
}

/*
 * The section's own IDs: from the memo when its slot knows them under the
 * same rules, else found and then remembered, unless the search was
 * charged to the pattern's budget (a memo must not spare a costly search
 * its charge, or a run would end differently with and without one).
 */
static int own_ids(parser *ps, size_t end)
{
	const specsync_sections_options *o = ps->opts;
	bool defines = o->attribution == SPECSYNC_ATTR_DEFINES;
	memo_slot *slot = ps->memo_ids ? ps->slot : NULL;
	size_t first = ps->out->count;
	uint64_t charged;
	int error;

	set_reset(ps);
	if (o->attribution == SPECSYNC_ATTR_PATH)
		return o->path ? find_ids(ps, o->path, strlen(o->path), 0, false) : 0;
	if (slot && slot->ids_rules == ps->memo->rules_gen && slot->ids_defines == defines) {
		ps->memo->hits++;
		return memo_replay_ids(ps, slot);
	}
	charged = specsync_regex_charged(o->id);
	if ((error = find_ids(ps, ps->data + ps->sec_off, end - ps->sec_off, ps->sec_line,
			      defines)) < 0)
		return error;
	if (slot && specsync_regex_charged(o->id) == charged)
		memo_keep_ids(ps, slot, first, defines);
	return 0;
}

/* A section without IDs takes those of the nearest enclosing one with some. */
static int inherit_ids(parser *ps)
{
	for (size_t i = ps->depth; i-- > 0;) {
		const ancestor *a = &ps->stack[i];

		if (!a->count)
			continue;
		for (size_t k = a->first; k < a->first + a->count; k++) {
			if (push_entry(ps, ps->offs[k].id) < 0)
				return SPECSYNC_ENOMEM;
			ps->out->entries[ps->out->count - 1].inherited = true;
		}
		return 0;
	}
	return 0;
}

/* ---- sections ----------------------------------------------------------- */

static int fill_entries(parser *ps, size_t first, size_t end)
{
	specsync_sections *out = ps->out;
	size_t text_off = out->pool.size;
	specsync_hash128 hash = section_hash(ps, ps->data + ps->sec_off, end - ps->sec_off);

	if (ps->opts->keep_text && specsync_buf_putc(&out->pool, '\0') < 0)
		return specsync_sections_nomem(ps);
	for (size_t i = first; i < out->count; i++) {
		out->entries[i].hash = hash;
		out->entries[i].line = ps->sec_line;
		out->entries[i].section = out->section_count;
		ps->offs[i].text = text_off;
	}
	return 0;
}

int specsync_sections_finish_section(parser *ps, size_t end)
{
	specsync_sections *out = ps->out;
	size_t first = out->count, own;
	int error;

	ps->slot = ps->memo ? memo_lookup(ps->memo, ps->data + ps->sec_off, end - ps->sec_off)
			    : NULL;
	if ((error = own_ids(ps, end)) < 0)
		return error;
	own = out->count - first;
	if (!own && (error = inherit_ids(ps)) < 0)
		return error;
	if (out->count > first && (error = fill_entries(ps, first, end)) < 0)
		return error;
	if (SPECSYNC_ARRAY_RESERVE(ps->stack, ps->stack_alloc, ps->depth + 1) < 0)
		return specsync_sections_nomem(ps);
	ps->stack[ps->depth++] = (ancestor){ps->sec_level, first, own};
	out->section_count++;
	ps->open = false;
	return 0;
}

/* A heading at `off`: ends the open section and opens the next one. */
int specsync_sections_begin_section(parser *ps, size_t off, unsigned line_no, unsigned level)
{
	int error;

	if (ps->open && (error = specsync_sections_finish_section(ps, off)) < 0)
		return error;
	while (ps->depth && ps->stack[ps->depth - 1].level >= level)
		ps->depth--;
	ps->open = true;
	ps->sec_off = off;
	ps->sec_line = line_no;
	ps->sec_level = level;
	return 0;
}
