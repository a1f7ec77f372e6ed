/*
 * specsync explain ID [REV]
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
	"usage: specsync explain ID [REV] [options]\n"
	"\n"
	"Shows every unit of change (first-parent commit) of REV's history that changed\n"
	"requirement ID: author, date, what happened, the sides still owing an update\n"
	"after it, and a word-level diff of its sections on each changed side.\n"
	"\n"
	"Options:\n"
	"  --full               the complete texts of each change (default: a few\n"
	"                       words around each change, long runs shortened)\n"
	"  --config FILE        configuration file (default .specsync.yml at the root)\n"
	"  --color auto|always|never   colours (default auto; NO_COLOR honoured)\n"
	"  -C DIR               run as if started in DIR\n"
	"\n"
	"Lines are wrapped to the terminal's width; when the output is not a terminal,\n"
	"to $COLUMNS (40 to 200) when set, else 80 columns.\n";

enum { OPT_FULL = CLI_OPT_OWN };

static const cli_option options[] = {
	CLI_O_HELP, CLI_O_CONFIG, CLI_O_COLOR, CLI_O_DIR, {"full", 0, false, OPT_FULL}, CLI_O_END,
};

static int own_option(void *payload, int id, const char *value)
{
	(void)value;
	if (id == OPT_FULL)
		*(bool *)payload = true;
	return 0;
}

/* A rename followed (presentation only): the audit at REV tells whether
 * the requirement's open finding is one half of a rename, split or merge;
 * the sentence goes before the history. Best effort: an audit that fails
 * here adds nothing (explain has already succeeded). */
static void rename_note(specsync_buf *out, specsync_repo *repo, const specsync_config *cfg,
			const char *id, const char *rev)
{
	specsync_audit_options ao = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_result *result = NULL;
	const specsync_finding *f;
	size_t n;

	ao.rev = rev;
	if (specsync_audit(&result, repo, cfg, &ao, NULL) < 0)
		return;
	f = specsync_result_findings(result, &n);
	for (size_t i = 0; i < n; i++) {
		if (f[i].kind != SPECSYNC_FINDING_UNSYNCED || strcmp(f[i].requirement, id) ||
		    (!f[i].renamed_from && !f[i].renamed_to))
			continue;
		specsync_buf_puts(out, "renamed: ");
		specsync_finding_describe_rename(out, &f[i]);
		specsync_buf_printf(out, " (see 'specsync explain %s')\n\n",
				    f[i].renamed_from ? f[i].renamed_from : f[i].renamed_to);
		break;
	}
	specsync_result_free(result);
}

int cmd_explain(int argc, char **argv)
{
	const char *operands[2] = {NULL, NULL}, *id, *rev;
	cli_common c;
	specsync_repo *repo = NULL;
	specsync_config *cfg = NULL;
	specsync_explanation *ex = NULL;
	specsync_audit_options ao = SPECSYNC_AUDIT_OPTIONS_INIT;
	specsync_render_options ro = SPECSYNC_RENDER_OPTIONS_INIT;
	specsync_buf out = SPECSYNC_BUF_INIT;
	specsync_error err;
	bool full = false;
	int status;

	memset(&c, 0, sizeof(c));
	status = cli_parse_command(&c, "explain", usage, options, own_option, &full, argc, argv,
				   operands, 2);
	if (status)
		return status < 0 ? EXIT_CLEAN : status;
	if ((status = cli_common_check(&c, "explain")) != 0)
		return status;
	id = operands[0];
	rev = operands[1];
	if (!id)
		return cli_usage_error("explain",
				       "which requirement? (e.g. specsync explain REQ-042)");
	specsync_error_clear(&err);
	if ((status = cli_open(&repo, &cfg, c.dir ? c.dir : ".", c.config, rev, 0)) != 0)
		goto done;
	ao.rev = rev;
	if (specsync_explain(&ex, repo, cfg, id, &ao, &err) < 0) {
		status = cli_report(&err);
		goto done;
	}
	ro.color = cli_color(c.color, stdout);
	ro.all = full;
	ro.width = cli_columns(stdout);
	rename_note(&out, repo, cfg, id, rev);
	specsync_render_explanation(&out, ex, cfg, &ro);
	status = cli_write_output(NULL, out.ptr, out.size);
done:
	specsync_buf_dispose(&out);
	specsync_explanation_free(ex);
	specsync_config_free(cfg);
	specsync_repo_free(repo);
	return status;
}
