/*
 * specsync: entry point and command dispatch (the commands are in
 * commands.c).
 */
#include "cli.h"

#include <signal.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static void print_usage(FILE *out)
{
	fputs("usage: specsync <command> [options]\n"
	      "\n"
	      "Keeps functional and technical specifications in step using git history.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; i < cli_command_count; i++) {
		const cli_command *c = &cli_commands[i];
		const char *s = c->summary;
		char head[64];

		snprintf(head, sizeof(head), "%s%s%s", c->name, *c->synopsis ? " " : "",
			 c->synopsis);
		if (strlen(head) > 16)
			fprintf(out, "  %s\n%20s", head, "");
		else
			fprintf(out, "  %-18s", head);
		while (*s) {
			size_t n = strcspn(s, "\n");
			fprintf(out, "%.*s\n", (int)n, s);
			s += n + (s[n] == '\n');
			if (*s)
				fprintf(out, "%20s", "");
		}
	}
	fputs("\n"
	      "Run 'specsync help <command>' (or 'specsync <command> --help') for the\n"
	      "options of a command; 'man specsync' documents them all.\n"
	      "Exit status: 0 clean, 1 findings the policy calls errors, 2 usage,\n"
	      "configuration or repository errors.\n",
	      out);
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < cli_command_count; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}

static int not_a_command(const char *name)
{
	const char *names[64], *best;
	size_t n = 0;

	for (size_t i = 0; i < cli_command_count && n < 64; i++)
		names[n++] = cli_commands[i].name;
	best = specsync_suggest(name, names, n);
	if (best) {
		fprintf(stderr, "%s: '%s' is not a specsync command (did you mean '%s'?)\n",
			cli_program, name, best);
		fprintf(stderr, "Run '%s --help' for the list of commands.\n", cli_program);
	} else {
		fprintf(stderr, "%s: '%s' is not a specsync command\n\n", cli_program, name);
		print_usage(stderr);
	}
	return EXIT_TROUBLE;
}

/* specsync help [COMMAND]: the same as 'specsync COMMAND --help'. */
static int help(int argc, char **argv)
{
	const cli_command *c;
	char help_opt[] = "--help";
	char *args[3];

	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		print_usage(stdout);
		return EXIT_CLEAN;
	}
	if (argc > 2)
		return cli_usage_error(NULL, "help takes one command name");
	if (!(c = find_command(argv[1])))
		return not_a_command(argv[1]);
	args[0] = argv[1];
	args[1] = help_opt;
	args[2] = NULL;
	return c->run(2, args);
}

int cmd_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error(NULL, "version takes no argument");
	printf("specsync %s\n", SPECSYNC_VERSION_STRING);
	return EXIT_CLEAN;
}

/*
 * A run is short and allocates in waves (a state read and decoded, a
 * result built, a report rendered): keep what is freed for the next wave
 * rather than hand it back and fault it in again. glibc maps blocks over
 * 128 KiB (up to 32 MiB as it adapts) and returns freed heap tops over
 * 128 KiB; both cost a page fault per 4 KiB touched again. A warm audit of
 * a 100,000-commit history took 25,300 faults instead of 21,100 (about
 * 30 ms of system time here; docs/performance.md).
 */
static void tune_allocator(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
#endif
}

int main(int argc, char **argv)
{
	const cli_command *c;
	const char *cmd;

	/* A closed pipe (specsync audit | head) ends output quietly. */
	signal(SIGPIPE, SIG_IGN);
	tune_allocator();
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_TROUBLE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--version"))
		return cmd_version(1, argv + 1);
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
		return help(argc - 1, argv + 1);
	if (!(c = find_command(cmd)) || !c->run)
		return not_a_command(cmd);
	return c->run(argc - 1, argv + 1);
}
