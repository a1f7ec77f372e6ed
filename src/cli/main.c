/*
 * specsync: entry point and command dispatch.
 */
#include "cli.h"

#include <signal.h>
#include <string.h>

static const char usage[] =
	"usage: specsync <command> [options]\n"
	"\n"
	"Keeps functional and technical specifications in step using git history.\n"
	"\n"
	"Commands:\n"
	"  audit [REV]       walk the first-parent history of REV (default HEAD) and report\n"
	"                    unsynchronised requirements, out-of-role edits and invalid\n"
	"                    acknowledgements\n"
	"  check             check one change: --staged (commit hooks), --range OLD..NEW\n"
	"                    (push hooks, servers) or --base REF (pull requests)\n"
	"  explain ID [REV]  show every change of one requirement, side by side\n"
	"  matrix [REV]      the traceability matrix: each requirement's places, state\n"
	"                    and roles on every side (markdown, csv, json, html)\n"
	"  lint [REV]        check the configuration's RACI and the documents at REV\n"
	"  init              propose a .specsync.yml for an existing repository\n"
	"  hooks             install or uninstall the git hooks that run the checks\n"
	"                    (hooks install|uninstall), or run one (hooks run HOOK)\n"
	"  version           print the version\n"
	"\n"
	"Run 'specsync <command> --help' for the options of a command.\n"
	"Exit status: 0 clean, 1 findings the policy calls errors, 2 usage,\n"
	"configuration or repository errors.\n";

int main(int argc, char **argv)
{
	const char *cmd;

	/* A closed pipe (specsync audit | head) ends output quietly. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_TROUBLE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "audit"))
		return cmd_audit(argc - 1, argv + 1);
	if (!strcmp(cmd, "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(cmd, "explain"))
		return cmd_explain(argc - 1, argv + 1);
	if (!strcmp(cmd, "matrix"))
		return cmd_matrix(argc - 1, argv + 1);
	if (!strcmp(cmd, "lint"))
		return cmd_lint(argc - 1, argv + 1);
	if (!strcmp(cmd, "init"))
		return cmd_init(argc - 1, argv + 1);
	if (!strcmp(cmd, "hooks"))
		return cmd_hooks(argc - 1, argv + 1);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("specsync %s\n", SPECSYNC_VERSION_STRING);
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		fputs(usage, stdout);
		return EXIT_CLEAN;
	}
	fprintf(stderr, "specsync: '%s' is not a specsync command\n\n%s", cmd, usage);
	return EXIT_TROUBLE;
}
