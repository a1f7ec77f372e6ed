/*
 * Command-line options: glibc's getopt_long behind a table per command, the
 * options commands share, and "did you mean" for mistyped names.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* Long options return LONG_BASE + their index in the table: above every
 * character, so a short option's letter never collides with them. */
#define LONG_BASE 256

void cli_parser_init(cli_parser *p, const char *cmd, const cli_option *options, int argc,
		     char **argv)
{
	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->options = options;
	p->argc = argc;
	p->argv = argv;
}

static size_t option_count(const cli_option *options)
{
	size_t n = 0;

	while (options[n].id && n < CLI_MAX_OPTIONS)
		n++;
	return n;
}

/* getopt_long's tables for `p->options`. */
static void build_tables(const cli_parser *p, struct option *longopts, char *shortopts)
{
	size_t n = option_count(p->options), nl = 0;
	char *s = shortopts;

	/* '+': stop at the first operand; ':': report a missing value as ':' */
	if (p->in_order)
		*s++ = '+';
	*s++ = ':';
	for (size_t i = 0; i < n; i++) {
		const cli_option *o = &p->options[i];
		if (o->short_name) {
			*s++ = o->short_name;
			if (o->has_value)
				*s++ = ':';
		}
		if (o->name) {
			longopts[nl].name = o->name;
			longopts[nl].has_arg = o->has_value ? required_argument : no_argument;
			longopts[nl].flag = NULL;
			longopts[nl].val = LONG_BASE + (int)i;
			nl++;
		}
	}
	*s = '\0';
	memset(&longopts[nl], 0, sizeof(longopts[nl]));
}

/* The option a getopt_long return value stands for, or NULL. */
static const cli_option *option_of(const cli_parser *p, int c)
{
	size_t n = option_count(p->options);

	if (c >= LONG_BASE && (size_t)(c - LONG_BASE) < n)
		return &p->options[c - LONG_BASE];
	for (size_t i = 0; i < n; i++)
		if (c > 0 && p->options[i].short_name == c)
			return &p->options[i];
	return NULL;
}

/* "--name" or "-x", for messages. */
static void option_label(char *out, size_t size, const cli_option *o)
{
	if (o->name)
		snprintf(out, size, "--%s", o->name);
	else
		snprintf(out, size, "-%c", o->short_name);
}

/* An unknown or ambiguous long option, as typed (argv[optind - 1]). */
static int bad_long_option(const cli_parser *p, const char *arg)
{
	const char *names[CLI_MAX_OPTIONS], *best;
	char typed[64], matches[512] = "", label[80];
	size_t n = option_count(p->options), len, nn = 0, hits = 0;

	len = strcspn(arg + 2, "=");
	snprintf(typed, sizeof(typed), "%.*s", (int)(len < 60 ? len : 60), arg + 2);
	for (size_t i = 0; i < n; i++) {
		const char *name = p->options[i].name;
		if (!name)
			continue;
		names[nn++] = name;
		if (len && !strncmp(name, arg + 2, len)) {
			snprintf(matches + strlen(matches), sizeof(matches) - strlen(matches),
				 "%s--%s", hits ? ", " : "", name);
			hits++;
		}
	}
	if (hits > 1)
		return cli_usage_error(p->cmd, "option '--%s' is ambiguous (it could be %s)", typed,
				       matches);
	if ((best = specsync_suggest(typed, names, nn)) != NULL) {
		snprintf(label, sizeof(label), "--%s", best);
		return cli_usage_error(p->cmd, "unknown option '--%s' (did you mean '%s'?)", typed,
				       label);
	}
	return cli_usage_error(p->cmd, "unknown option '--%s'", typed);
}

/* What went wrong with getopt_long's last '?' or ':'. */
static int bad_option(const cli_parser *p, int c)
{
	const cli_option *o = optopt ? option_of(p, optopt) : NULL;
	const char *arg = optind > 0 && optind <= p->argc ? p->argv[optind - 1] : "";
	char label[80];

	if (c == ':' && o) {
		/* as typed: "-o", "--output" or "--out" */
		if (!strncmp(arg, "--", 2) || !o->short_name)
			snprintf(label, sizeof(label), "%.60s", arg);
		else
			snprintf(label, sizeof(label), "-%c", o->short_name);
		return cli_usage_error(p->cmd, "option '%s' needs a value", label);
	}
	if (o && optopt >= LONG_BASE) {
		option_label(label, sizeof(label), o);
		return cli_usage_error(p->cmd, "option '%s' takes no value", label);
	}
	if (optopt && optopt < LONG_BASE)
		return cli_usage_error(p->cmd, "unknown option '-%c'", optopt);
	if (!strncmp(arg, "--", 2))
		return bad_long_option(p, arg);
	return cli_usage_error(p->cmd, "unknown option '%s'", arg);
}

int cli_parse_next(cli_parser *p)
{
	struct option longopts[CLI_MAX_OPTIONS + 1];
	char shortopts[3 * CLI_MAX_OPTIONS + 3];
	const cli_option *o;
	int c;

	build_tables(p, longopts, shortopts);
	if (!p->started) {
		optind = 0; /* glibc: start again from argv[1], re-reading POSIXLY_CORRECT */
		p->started = true;
	}
	opterr = 0;
	p->value = NULL;
	c = getopt_long(p->argc, p->argv, shortopts, longopts, NULL);
	if (c == -1)
		return 0;
	if (c == '?' || c == ':' || !(o = option_of(p, c))) {
		bad_option(p, c);
		return -1;
	}
	p->value = o->has_value ? optarg : NULL;
	return o->id;
}

char **cli_operands(cli_parser *p, int *count)
{
	int first = optind > 0 && optind <= p->argc ? optind : p->argc;

	*count = p->argc - first;
	return p->argv + first;
}

bool cli_common_take(cli_common *c, int id, const char *value)
{
	switch (id) {
	case CLI_OPT_FORMAT:
		c->format = value;
		break;
	case CLI_OPT_OUTPUT:
		c->output = value;
		break;
	case CLI_OPT_CONFIG:
		c->config = value;
		break;
	case CLI_OPT_SINCE:
		c->since = value;
		break;
	case CLI_OPT_COLOR:
		c->color = value;
		break;
	case CLI_OPT_DIR:
		c->dir = value;
		break;
	case CLI_OPT_NO_CACHE:
		c->no_cache = true;
		break;
	default:
		return false;
	}
	return true;
}

int cli_parse_command(cli_common *c, const char *cmd, const char *usage, const cli_option *table,
		      int (*own)(void *payload, int id, const char *value), void *payload, int argc,
		      char **argv, const char **operands, int max_operands)
{
	cli_parser p;
	char **rest;
	int id, n, status = 0;

	cli_parser_init(&p, cmd, table, argc, argv);
	while (!status && (id = cli_parse_next(&p)) != 0) {
		if (id < 0)
			return EXIT_TROUBLE;
		if (id == CLI_OPT_HELP) {
			fputs(usage, stdout);
			return -1;
		}
		if (!cli_common_take(c, id, p.value))
			status = own ? own(payload, id, p.value) : EXIT_TROUBLE;
	}
	if (status)
		return status;
	rest = cli_operands(&p, &n);
	if (n > max_operands)
		return cli_usage_error(cmd, "unexpected argument '%s'", rest[max_operands]);
	for (int i = 0; i < n; i++) {
		if (operands)
			operands[i] = rest[i];
		else
			c->rev = rest[i];
	}
	return 0;
}

int cli_common_check(const cli_common *c, const char *cmd)
{
	if (c->color && strcmp(c->color, "auto") && strcmp(c->color, "always") &&
	    strcmp(c->color, "never"))
		return cli_unknown_value(cmd, "--color value", c->color, "auto, always, never");
	return 0;
}

int cli_unknown_value(const char *cmd, const char *what, const char *name, const char *known)
{
	const char *names[64], *best;
	char *copy = strdup(known ? known : ""), *save = NULL, *tok;
	size_t n = 0;
	int status;

	for (tok = copy ? strtok_r(copy, ", ", &save) : NULL; tok && n < 64;
	     tok = strtok_r(NULL, ", ", &save))
		names[n++] = tok;
	best = specsync_suggest(name, names, n);
	if (best)
		status = cli_usage_error(cmd,
					 "unknown %s '%s' (did you mean '%s'? expected one of: %s)",
					 what, name, best, known);
	else
		status = cli_usage_error(cmd, "unknown %s '%s' (expected one of: %s)", what, name,
					 known);
	free(copy);
	return status;
}
