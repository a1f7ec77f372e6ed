/*
 * GitLab Code Quality (a subset of the Code Climate issue format): a JSON
 * array with one issue per reported finding (see render.h: a check's new
 * findings and its open ones, an audit's open ones).
 *
 * Severity: policy `error` (blocks the merge request) is "critical",
 * `warning` is "minor", a check's open findings (not the change's doing)
 * are "info". Fingerprints: specsync_fingerprint_unique() (the same open
 * finding has the same fingerprint in the target branch's report and the
 * merge request's; unique within a report, as GitLab requires).
 */
#include "common.h"
#include "hash.h"
#include "json.h"
#include "map.h"
#include "render.h"
#include "renderers.h"

#include <stdio.h>

static const char *severity(specsync_ci_level l)
{
	return l == SPECSYNC_CI_ERROR ? "critical" : l == SPECSYNC_CI_WARNING ? "minor" : "info";
}

static void issue(specsync_buf *out, const specsync_result *r, const specsync_finding *f,
		  specsync_ci_level level, const char *fp)
{
	specsync_buf msg = SPECSYNC_BUF_INIT;
	specsync_location loc = specsync_anchor(r, f);

	specsync_describe_finding(&msg, f);
	specsync_buf_putc(&msg, '.');
	specsync_describe_action(&msg, r, f, " ");
	specsync_buf_puts(out, "{\"type\":\"issue\",\"engine_name\":\"specsync\",\"check_name\":");
	specsync_json_str(out, specsync_finding_kind_name(f->kind));
	specsync_buf_puts(out, ",\"description\":");
	specsync_json_str(out, msg.ptr ? msg.ptr : "");
	specsync_buf_printf(
		out, ",\"fingerprint\":\"%s\",\"severity\":\"%s\",\"location\":{\"path\":", fp,
		severity(level));
	specsync_json_str(out, loc.path);
	specsync_buf_printf(out, ",\"lines\":{\"begin\":%u}}}", loc.line);
	specsync_buf_dispose(&msg);
}

int specsync_render_gitlab(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts)
{
	specsync_strmap seen = SPECSYNC_STRMAP_INIT;
	size_t n = 0;
	int error = 0;

	(void)opts;
	specsync_buf_putc(out, '[');
	for (size_t i = 0; i < r->finding_count && !error; i++) {
		const specsync_finding *f = &r->findings[i];
		specsync_ci_level level = specsync_ci_level_of(r, f);
		char fp[33];
		if (level == SPECSYNC_CI_SKIP)
			continue;
		if ((error = specsync_fingerprint_unique(fp, &seen, f)) < 0)
			break;
		specsync_buf_puts(out, n++ ? ",\n" : "\n");
		issue(out, r, f, level, fp);
	}
	specsync_buf_puts(out, n ? "\n]\n" : "]\n");
	specsync_strmap_dispose(&seen);
	if (error < 0)
		return error;
	return out->failed ? SPECSYNC_ENOMEM : 0;
}
