/*
 * The command table: 'specsync --help' lists it, main() dispatches on it.
 * In alphabetical order: a new command goes in its place, on its own lines.
 */
#include "cli.h"

const cli_command cli_commands[] = {
	{"audit", cmd_audit, "[REV]",
	 "walk the first-parent history of REV (default HEAD) and report\n"
	 "unsynchronised requirements, out-of-role edits and invalid\n"
	 "acknowledgements"},
	{"check", cmd_check, "",
	 "check one change: --staged (commit hooks), --range OLD..NEW\n"
	 "(push hooks, servers) or --base REF (pull requests)"},
	{"codeowners", cmd_codeowners, "[REV]",
	 "write CODEOWNERS from the RACI (--format github|gitlab), or\n"
	 "--check the committed one"},
	{"explain", cmd_explain, "ID [REV]", "show every change of one requirement, side by side"},
	{"help", NULL, "[COMMAND]", "this list, or the options of COMMAND"},
	{"hooks", cmd_hooks, "",
	 "install or uninstall the git hooks that run the checks\n"
	 "(hooks install|uninstall), or run one (hooks run HOOK)"},
	{"init", cmd_init, "", "propose a .specsync.yml for an existing repository"},
	{"lint", cmd_lint, "[REV]", "check the configuration's RACI and the documents at REV"},
	{"matrix", cmd_matrix, "[REV]",
	 "the traceability matrix: each requirement's places, state\n"
	 "and roles on every side (markdown, csv, json, html)"},
	{"report", cmd_report, "--from WHEN [--to WHEN]",
	 "the steering-committee report of a period: drift opened,\n"
	 "resolved and still open, out-of-role edits, trends, decisions"},
	{"version", cmd_version, "", "print the version"},
};

const size_t cli_command_count = sizeof(cli_commands) / sizeof(cli_commands[0]);
