/*
 * specsync init: the proposed `.specsync.yml`, and the summary for people.
 *
 * Every value that was guessed carries a comment saying so and from what;
 * every string is single-quoted (YAML's only escape there is '' for a
 * quote), so no path, pattern or name can change the document's shape.
 */
#include "init.h"

#include "common.h"

#define RESPONSIBLE_MAX 10

void specsync_init_yaml_quote(specsync_buf *out, const char *text)
{
	specsync_buf_putc(out, '\'');
	for (const char *p = text; *p; p++) {
		if (*p == '\'')
			specsync_buf_putc(out, '\'');
		if ((unsigned char)*p < ' ')
			continue;
		specsync_buf_putc(out, *p);
	}
	specsync_buf_putc(out, '\'');
}

/* "Name <email>", with the characters a member cannot hold dropped. */
static void member(specsync_buf *out, const init_person *p, const char *email)
{
	specsync_buf b = SPECSYNC_BUF_INIT;

	for (const char *c = p->name; c && *c; c++)
		if (!strchr("<>\"", *c) && (unsigned char)*c >= ' ')
			specsync_buf_putc(&b, *c);
	if (b.size)
		specsync_buf_printf(&b, " <%s>", email);
	else
		specsync_buf_puts(&b, email);
	specsync_init_yaml_quote(out, b.ptr ? b.ptr : "");
	specsync_buf_dispose(&b);
}

/* A person's member lines: the e-mail, then the other e-mails of the name. */
static void members(specsync_buf *out, const init_person *p, bool counts)
{
	specsync_buf_puts(out, "      - ");
	member(out, p, p->email);
	if (counts)
		specsync_buf_printf(out, "  # %zu commit%s", p->commits,
				    p->commits == 1 ? "" : "s");
	specsync_buf_putc(out, '\n');
	for (size_t i = 0; i < p->alias_count; i++) {
		specsync_buf_puts(out, "      - ");
		member(out, p, p->aliases[i]);
		specsync_buf_puts(out, "  # guess: the same name, another e-mail\n");
	}
}

/* The side's Responsible: the most active authors, until they made two
 * thirds of its commits (at least one, at most RESPONSIBLE_MAX). */
static size_t responsible_count(const init_side_info *si)
{
	size_t n = 0, sum = 0;

	while (n < si->person_count && n < RESPONSIBLE_MAX && (n == 0 || sum * 3 < si->commits * 2))
		sum += si->people[n++].commits;
	return n;
}

static void write_header(specsync_buf *b, const init_scan *s)
{
	specsync_buf_printf(
		b,
		"# specsync configuration proposed by `specsync init` from commit %.12s.\n"
		"# Lines marked \"guess\" are proposals: check them, then run\n"
		"# `specsync lint` and `specsync audit`.\n"
		"version: 1\n\n",
		s->head_hex);
}

static void write_requirements(specsync_buf *b, const init_scan *s)
{
	size_t ids = 0, defined = 0, fams = 0;

	for (size_t i = 0; i < s->family_count; i++) {
		const init_family *f = &s->families[i];
		if (!f->chosen)
			continue;
		fams++;
		for (size_t k = 0; k < f->id_count; k++) {
			ids += f->ids[k].count && !f->ids[k].ignored;
			defined += f->ids[k].defs > 0;
		}
	}
	specsync_buf_printf(b,
			    "requirements:\n"
			    "  # guess: %zu IDs of %zu famil%s, %zu of them defined (in a heading, "
			    "an ID field\n"
			    "  # or a line of their own); `specsync init` prints the families it "
			    "left out\n"
			    "  id: ",
			    ids, fams, fams == 1 ? "y" : "ies", defined);
	specsync_init_yaml_quote(b, s->pattern);
	specsync_buf_putc(b, '\n');
	if (!s->ignore_count)
		return;
	specsync_buf_puts(b, "  # guess: IDs that only occur as prose examples (never defined)\n"
			     "  ignore:\n");
	for (size_t i = 0; i < s->ignore_count; i++) {
		specsync_buf_puts(b, "    - ");
		specsync_init_yaml_quote(b, s->ignore[i]);
		specsync_buf_putc(b, '\n');
	}
}

static void write_side(specsync_buf *b, const init_side_info *si)
{
	specsync_buf_printf(b,
			    "  # guess: %zu file%s holding %zu requirement%s (%zu defined there);\n"
			    "  # read as %s\n"
			    "  %s:\n    paths:\n",
			    si->files, si->files == 1 ? "" : "s", si->distinct,
			    si->distinct == 1 ? "" : "s", si->defs, si->format, si->name);
	for (size_t i = 0; i < si->glob_count; i++) {
		specsync_buf_puts(b, "      - ");
		specsync_init_yaml_quote(b, si->globs[i]);
		specsync_buf_putc(b, '\n');
	}
	specsync_buf_printf(b, "    attribution: %s\n", si->attribution);
	if (si->section_start) {
		specsync_buf_puts(b, "    section_start: ");
		specsync_init_yaml_quote(b, si->section_start);
		specsync_buf_putc(b, '\n');
	}
}

static void write_roles(specsync_buf *b, const init_scan *s)
{
	specsync_buf_puts(b, "roles:\n");
	for (int side = 0; side < INIT_SIDES; side++) {
		const init_side_info *si = &s->sides[side];
		size_t r = responsible_count(si);

		specsync_buf_printf(b,
				    "  # guess: the most active authors of the %s files (commits "
				    "that changed them)\n"
				    "  %s-authors:\n    name: '%c%s side: authors'\n    members:\n",
				    si->name, si->name, si->name[0] - 'a' + 'A', si->name + 1);
		for (size_t i = 0; i < r; i++)
			members(b, &si->people[i], true);
		if (!r)
			specsync_buf_puts(b, "      - 'draft@invalid.example'\n");
		specsync_buf_printf(
			b,
			"  # TO CONFIRM: who is Accountable for the %s side (guess: its "
			"most active author%s)\n"
			"  %s-owner:\n    name: '%c%s side: accountable'\n    members:\n",
			si->name, si->owner ? " but the other side's owner" : "", si->name,
			si->name[0] - 'a' + 'A', si->name + 1);
		if (si->person_count)
			members(b, &si->people[si->owner], false);
		else
			specsync_buf_puts(b, "      - 'draft@invalid.example'\n");
	}
}

static void write_raci(specsync_buf *b, const init_scan *s)
{
	const char *f = s->sides[0].name, *t = s->sides[1].name;

	specsync_buf_printf(
		b,
		"raci:\n"
		"  # guess: each side's authors Responsible and its owner Accountable;\n"
		"  # the other side's authors Consulted and its owner Informed\n"
		"  - scope: '*'\n"
		"    %s: { R: %s-authors, A: %s-owner, C: [%s-authors], I: [%s-owner] }\n"
		"    %s: { R: %s-authors, A: %s-owner, C: [%s-authors], I: [%s-owner] }\n\n",
		f, f, f, t, t, t, t, t, f, f);
}

int specsync_init_yaml_write(specsync_buf *b, const init_scan *s)
{
	write_header(b, s);
	write_requirements(b, s);
	specsync_buf_printf(b,
			    "\n# To adopt specsync on this history without reporting what is "
			    "already out of\n"
			    "# step, uncomment: every requirement then counts as synchronised at "
			    "this commit.\n"
			    "# since: %.12s\n\nsides:\n",
			    s->head_hex);
	for (int side = 0; side < INIT_SIDES; side++)
		write_side(b, &s->sides[side]);
	specsync_buf_putc(b, '\n');
	write_roles(b, s);
	specsync_buf_putc(b, '\n');
	write_raci(b, s);
	specsync_buf_puts(b, "policy:\n"
			     "  # guess: a requirement left behind on either side is an error; "
			     "edits outside\n"
			     "  # one's role and invalid acknowledgements warn\n"
			     "  unsynced: error\n"
			     "  out_of_role: warning\n"
			     "  invalid_ack: warning\n");
	return b->failed ? SPECSYNC_ENOMEM : 0;
}

/* ---- summary ------------------------------------------------------------------- */

static size_t family_distinct(const init_family *f)
{
	size_t n = 0;

	for (size_t k = 0; k < f->id_count; k++)
		n += f->ids[k].count && !f->ids[k].ignored;
	return n;
}

static void family_name(specsync_buf *b, const init_family *f)
{
	const init_id *sample = NULL;

	for (size_t k = 0; k < f->id_count && !sample; k++)
		if (f->ids[k].count && !f->ids[k].ignored)
			sample = &f->ids[k];
	specsync_buf_printf(b, "%s", sample ? sample->text : f->prefix);
}

static void summary_family(specsync_buf *b, const init_family *f)
{
	specsync_buf name = SPECSYNC_BUF_INIT;

	family_name(&name, f);
	specsync_buf_printf(b, "  like %-22s %5zu IDs, %zu defined, %zu occurrences in %zu file%s",
			    name.ptr ? name.ptr : "", family_distinct(f), f->defined, f->count,
			    f->files, f->files == 1 ? "" : "s");
	if (f->chosen)
		specsync_buf_puts(b, ": chosen\n");
	else
		specsync_buf_printf(b, ": left out (%s)\n", f->why ? f->why : "not requirements");
	specsync_buf_dispose(&name);
}

/* Families by interest: chosen ones, then others by distinct IDs. */
static int family_rank(const init_family *f)
{
	return f->chosen ? 2 : f->candidate || f->defined ? 1 : 0;
}

static void summary_families(specsync_buf *b, const init_scan *s)
{
	size_t shown = 0, others = 0;

	specsync_buf_puts(b, "Requirement IDs\n");
	for (int rank = 2; rank >= 0; rank--)
		for (size_t i = 0; i < s->family_count; i++) {
			const init_family *f = &s->families[i];
			if (family_rank(f) != rank || !family_distinct(f))
				continue;
			if (rank < 2 && (shown >= 8 || (rank == 0 && family_distinct(f) < 3))) {
				others++;
				continue;
			}
			summary_family(b, f);
			shown++;
		}
	if (others)
		specsync_buf_printf(b, "  (%zu more ID-like families, rarer, left out)\n", others);
	specsync_buf_printf(b, "  pattern: %s\n", s->pattern);
	for (size_t i = 0; i < s->family_count; i++) {
		const init_family *f = &s->families[i];
		for (size_t k = 0; f->chosen && k < f->id_count; k++)
			if (f->ids[k].ignored)
				specsync_buf_printf(b, "  prose example, ignored: %s (%s:%u)\n",
						    f->ids[k].text, f->ids[k].where,
						    f->ids[k].where_line);
	}
}

static void summary_sides(specsync_buf *b, const init_scan *s)
{
	specsync_buf_puts(b, "\nSides\n");
	for (int side = 0; side < INIT_SIDES; side++) {
		const init_side_info *si = &s->sides[side];
		specsync_buf_printf(b,
				    "  %-11s %zu file%s, %zu requirement%s (%zu defined there); "
				    "attribution %s\n              read as %s\n",
				    si->name, si->files, si->files == 1 ? "" : "s", si->distinct,
				    si->distinct == 1 ? "" : "s", si->defs, si->attribution,
				    si->format);
		for (size_t i = 0; i < si->glob_count; i++)
			specsync_buf_printf(b, "              %s\n", si->globs[i]);
	}
}

static void summary_people(specsync_buf *b, const init_scan *s)
{
	specsync_buf_printf(b,
			    "\nPeople (authors of the commits that changed each side, after "
			    ".mailmap; %zu commit%s read%s)\n",
			    s->commits_walked, s->commits_walked == 1 ? "" : "s",
			    s->commits_capped ? ", the newest only" : "");
	for (int side = 0; side < INIT_SIDES; side++) {
		const init_side_info *si = &s->sides[side];
		size_t n = si->person_count < 8 ? si->person_count : 8;

		specsync_buf_printf(b, "  %-11s", si->name);
		for (size_t i = 0; i < n; i++) {
			specsync_buf_printf(b, "%s%s <%s> %zu", i ? ", " : " ", si->people[i].name,
					    si->people[i].email, si->people[i].commits);
			if (si->people[i].alias_count)
				specsync_buf_printf(b, " (and %zu other e-mail%s)",
						    si->people[i].alias_count,
						    si->people[i].alias_count == 1 ? "" : "s");
		}
		if (si->person_count > n)
			specsync_buf_printf(b, ", and %zu more", si->person_count - n);
		specsync_buf_putc(b, '\n');
	}
}

int specsync_init_yaml_summary(specsync_buf *b, const init_scan *s)
{
	specsync_buf_printf(b, "specsync init: %zu tracked text files read at %.12s", s->text_files,
			    s->head_hex);
	if (s->skipped)
		specsync_buf_printf(b, " (%zu skipped: binary, too large or not regular)",
				    s->skipped);
	specsync_buf_puts(b, "\n\n");
	summary_families(b, s);
	summary_sides(b, s);
	summary_people(b, s);
	specsync_buf_puts(b, "\nTo review\n");
	for (size_t i = 0; i < s->review_count; i++)
		specsync_buf_printf(b, "  - %s\n", s->review[i]);
	return b->failed ? SPECSYNC_ENOMEM : 0;
}
