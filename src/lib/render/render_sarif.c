/*
 * SARIF 2.1.0, as GitHub code scanning reads it: one rule per kind of
 * finding, one result per finding that is live at the head (a check's new
 * ones at their policy level, its open ones as notes; an audit's open ones
 * at their policy level). Resolved findings are left out: code scanning
 * closes an alert when an analysis no longer reports it.
 */
#include "common.h"
#include "json.h"
#include "render.h"
#include "renderers.h"

#include <stdio.h>

/* GitHub's limit per run; past it, a notification says how many are left out. */
#define MAX_RESULTS 25000
/* GitHub keeps 100 related locations per result (of at most 1,000). */
#define MAX_RELATED 100

static const struct rule {
	const char *id, *name, *short_text, *full_text, *help_text, *help_markdown;
} rules[3] = {
	{"unsynced", "UnsynchronisedRequirement",
	 "A requirement changed on one side of the specifications but not on the other.",
	 "The requirement's section changed in the documents of one side (e.g. the "
	 "functional specification) while its counterpart on another side (e.g. the "
	 "technical specification) was left as it was.",
	 "Update the requirement's section on the lagging side, or, when it needs no "
	 "change, have that side's Responsible or Accountable (see .specsync.yml) "
	 "acknowledge it in a commit message (the `ack_trailer` of .specsync.yml, by "
	 "default 'Sync-Ack: <ID> <reason>').",
	 "Update the requirement's section on the **lagging side**, or, when it needs no "
	 "change, have that side's *Responsible* or *Accountable* (see `.specsync.yml`) "
	 "acknowledge it in a commit message (`ack_trailer` in `.specsync.yml`, by default "
	 "`Sync-Ack: <ID> <reason>`)."},
	{"out-of-role", "EditOutsideRole",
	 "A requirement was edited by someone who is not Responsible or Accountable for that side.",
	 "The RACI of .specsync.yml names who is Responsible and Accountable for each side "
	 "of a requirement; this edit was made by someone else.",
	 "Have the side's Responsible or Accountable review the edit, or fix the RACI entry "
	 "in .specsync.yml.",
	 "Have the side's *Responsible* or *Accountable* review the edit, or fix the RACI "
	 "entry in `.specsync.yml`."},
	{"invalid-ack", "InvalidAcknowledgement", "An acknowledgement line that does not count.",
	 "A commit message acknowledges a requirement that no document defines, or was "
	 "written by someone who is neither Responsible nor Accountable for a lagging side.",
	 "Have a Responsible or Accountable of the lagging side acknowledge the requirement, "
	 "or correct the requirement ID.",
	 "Have a *Responsible* or *Accountable* of the lagging side acknowledge the "
	 "requirement, or correct the requirement ID."},
};

static const char *sarif_level(specsync_ci_level l)
{
	return l == SPECSYNC_CI_ERROR ? "error" : l == SPECSYNC_CI_WARNING ? "warning" : "note";
}

static const char *policy_level(specsync_level l)
{
	return l == SPECSYNC_LEVEL_ERROR     ? "error"
	       : l == SPECSYNC_LEVEL_WARNING ? "warning"
					     : "none";
}

static void str_field(specsync_buf *out, const char *key, const char *value, bool comma)
{
	specsync_buf_printf(out, "%s\"%s\":", comma ? "," : "", key);
	specsync_json_str(out, value);
}

static void rule_obj(specsync_buf *out, const struct rule *ru, specsync_level level)
{
	specsync_buf_putc(out, '{');
	str_field(out, "id", ru->id, false);
	str_field(out, "name", ru->name, true);
	specsync_buf_puts(out, ",\"shortDescription\":{");
	str_field(out, "text", ru->short_text, false);
	specsync_buf_puts(out, "},\"fullDescription\":{");
	str_field(out, "text", ru->full_text, false);
	specsync_buf_puts(out, "},\"help\":{");
	str_field(out, "text", ru->help_text, false);
	str_field(out, "markdown", ru->help_markdown, true);
	specsync_buf_printf(out, "},\"defaultConfiguration\":{\"enabled\":%s,\"level\":\"%s\"}}",
			    level == SPECSYNC_LEVEL_OFF ? "false" : "true", policy_level(level));
}

static void driver(specsync_buf *out, const specsync_result *r)
{
	specsync_level unsynced = SPECSYNC_LEVEL_OFF;

	for (size_t s = 0; s < r->cfg->side_count; s++)
		if (r->cfg->sides[s].unsynced > unsynced)
			unsynced = r->cfg->sides[s].unsynced;
	specsync_buf_puts(
		out,
		"\"tool\":{\"driver\":{\"name\":\"specsync\",\"version\":\"" SPECSYNC_VERSION_STRING
		"\",\"semanticVersion\":\"" SPECSYNC_VERSION_STRING "\",\"rules\":[");
	rule_obj(out, &rules[0], unsynced);
	specsync_buf_putc(out, ',');
	rule_obj(out, &rules[1], r->cfg->out_of_role);
	specsync_buf_putc(out, ',');
	rule_obj(out, &rules[2], r->cfg->invalid_ack);
	specsync_buf_puts(out, "]}}");
}

/* A relative URI reference: every byte but unreserved ones and '/' is
 * percent-encoded (spaces, '%', '#', '?', ':' and non-ASCII alike). */
static void uri(specsync_buf *out, const char *path)
{
	specsync_buf enc = SPECSYNC_BUF_INIT;

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			specsync_buf_putc(&enc, (char)*p);
		else
			specsync_buf_printf(&enc, "%%%02X", *p);
	}
	specsync_json_str(out, enc.ptr ? enc.ptr : "");
	specsync_buf_dispose(&enc);
}

static void physical(specsync_buf *out, const specsync_location *l)
{
	specsync_buf_puts(out, "\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
	uri(out, l->path);
	specsync_buf_printf(out, "},\"region\":{\"startLine\":%u}}", l->line ? l->line : 1);
}

static void related(specsync_buf *out, const specsync_finding *f)
{
	size_t n =
		f->lagging_location_count < MAX_RELATED ? f->lagging_location_count : MAX_RELATED;
	specsync_buf text = SPECSYNC_BUF_INIT;

	if (f->kind != SPECSYNC_FINDING_UNSYNCED || !n)
		return;
	specsync_buf_printf(&text, "%s on the %s side", f->requirement, f->lagging_side);
	specsync_buf_puts(out, ",\"relatedLocations\":[");
	for (size_t i = 0; i < n; i++) {
		specsync_buf_printf(out, "%s{\"id\":%zu,", i ? "," : "", i + 1);
		physical(out, &f->lagging_locations[i]);
		specsync_buf_puts(out, ",\"message\":{\"text\":");
		specsync_json_str(out, text.ptr);
		specsync_buf_puts(out, "}}");
	}
	specsync_buf_putc(out, ']');
	specsync_buf_dispose(&text);
}

static void properties(specsync_buf *out, const specsync_finding *f)
{
	specsync_buf_puts(out, ",\"properties\":{");
	str_field(out, "status", specsync_status_name(f->status), false);
	str_field(out, "requirement", f->requirement, true);
	str_field(out, "policyLevel", specsync_level_name(f->level), true);
	if (f->kind == SPECSYNC_FINDING_UNSYNCED) {
		str_field(out, "laggingSide", f->lagging_side, true);
		specsync_buf_puts(out, ",\"changedSides\":[");
		for (size_t i = 0; i < f->changed_side_count; i++) {
			if (i)
				specsync_buf_putc(out, ',');
			specsync_json_str(out, f->changed_sides[i]);
		}
		specsync_buf_putc(out, ']');
	} else {
		if (f->side)
			str_field(out, "side", f->side, true);
		str_field(out, "commit", f->commit ? f->commit->id : NULL, true);
	}
	specsync_buf_putc(out, '}');
}

static void result_obj(specsync_buf *out, const specsync_result *r, const specsync_finding *f,
		       specsync_ci_level level, const char *fp)
{
	specsync_buf msg = SPECSYNC_BUF_INIT;
	specsync_location anchor = specsync_anchor(r, f);

	specsync_describe_finding(&msg, f);
	specsync_buf_putc(&msg, '.');
	specsync_describe_action(&msg, r, f, "\n");
	specsync_buf_printf(out, "{\"ruleId\":\"%s\",\"ruleIndex\":%d,\"level\":\"%s\",",
			    rules[f->kind].id, (int)f->kind, sarif_level(level));
	specsync_buf_puts(out, "\"message\":{\"text\":");
	specsync_json_str(out, msg.ptr ? msg.ptr : "");
	specsync_buf_puts(out, "},\"locations\":[{");
	physical(out, &anchor);
	specsync_buf_putc(out, '}');
	specsync_buf_putc(out, ']');
	related(out, f);
	specsync_buf_printf(out, ",\"partialFingerprints\":{\"specsyncFindingHash/v2\":\"%s\"}",
			    fp);
	if (specsync_result_is_check(r))
		specsync_buf_printf(out, ",\"baselineState\":\"%s\"",
				    f->status == SPECSYNC_STATUS_NEW ? "new" : "unchanged");
	properties(out, f);
	specsync_buf_putc(out, '}');
	specsync_buf_dispose(&msg);
}

/* Counting findings first, then notes, up to MAX_RESULTS; returns how many
 * were left out. Out of memory leaves out->failed set. */
static size_t results(specsync_buf *out, const specsync_result *r)
{
	specsync_strmap seen = SPECSYNC_STRMAP_INIT;
	size_t emitted = 0, dropped = 0;
	char fp[33];

	specsync_buf_puts(out, ",\"results\":[");
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->finding_count; i++) {
			const specsync_finding *f = &r->findings[i];
			specsync_ci_level level = specsync_ci_level_of(r, f);
			if (level == SPECSYNC_CI_SKIP || (level == SPECSYNC_CI_NOTE) != (pass == 1))
				continue;
			if (emitted == MAX_RESULTS) {
				dropped++;
				continue;
			}
			if (specsync_fingerprint_unique(fp, &seen, f) < 0)
				out->failed = true;
			specsync_buf_puts(out, emitted++ ? ",\n" : "\n");
			result_obj(out, r, f, level, fp);
		}
	specsync_buf_putc(out, ']');
	specsync_strmap_dispose(&seen);
	return dropped;
}

static void notification(specsync_buf *out, bool *first, const char *level, const char *text)
{
	specsync_buf_printf(out, "%s{\"level\":\"%s\",\"message\":{\"text\":", *first ? "" : ",",
			    level);
	specsync_json_str(out, text);
	specsync_buf_puts(out, "}}");
	*first = false;
}

static void invocation(specsync_buf *out, const specsync_render_options *opts, size_t dropped)
{
	bool first = true;

	specsync_buf_puts(out, ",\"invocations\":[{\"executionSuccessful\":true,"
			       "\"toolExecutionNotifications\":[");
	if (opts->notice)
		notification(out, &first, "note", opts->notice);
	if (dropped) {
		char text[160];
		snprintf(text, sizeof(text),
			 "%zu more finding%s left out: code scanning takes %d results per run",
			 dropped, dropped == 1 ? "" : "s", MAX_RESULTS);
		notification(out, &first, "warning", text);
	}
	specsync_buf_puts(out, "]}]");
}

static void run_properties(specsync_buf *out, const specsync_result *r)
{
	specsync_buf_puts(out, ",\"properties\":{");
	str_field(out, "mode", r->mode, false);
	str_field(out, "head", r->head, true);
	if (r->base[0])
		str_field(out, "base", r->base, true);
	if (r->rules_from[0])
		str_field(out, "rules_from", r->rules_from, true);
	specsync_buf_putc(out, '}');
}

int specsync_render_sarif(specsync_buf *out, const specsync_result *r,
			  const specsync_render_options *opts)
{
	specsync_buf body = SPECSYNC_BUF_INIT;
	size_t dropped;

	specsync_buf_puts(out,
			  "{\"$schema\":\"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/"
			  "os/schemas/sarif-schema-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{");
	driver(out, r);
	/* the invocation (which reports what was left out) comes first in the
	 * document but is known only after the results */
	dropped = results(&body, r);
	invocation(out, opts, dropped);
	specsync_buf_put(out, body.ptr ? body.ptr : "", body.size);
	run_properties(out, r);
	specsync_buf_puts(out, "}]}\n");
	if (body.failed)
		out->failed = true;
	specsync_buf_dispose(&body);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
