/*
 * The subcommand table.
 *
 * Adding a subcommand: write cli/cmd_<name>.c with
 * `int cmd_<name>(int argc, char **argv, struct app *app)` returning an exit
 * code (enum exit_code); declare it in commands.h; add a row below with the
 * flags the dispatcher must satisfy first, its usage line, summary and help
 * (the options): 'help COMMAND', 'COMMAND --help' and every usage error print
 * them from here, so a cmd_*.c file never spells its own usage (call
 * command_usage_error(argv[0])).  Document it in docs/COMMANDS.md and
 * docs/idpmetrics.1 (tests check that every command appears in both).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "collect/collectors.h"
#include "collect/importers.h"
#include "collect/survey_formats.h"
#include "render/renderers.h"
#include "util/xalloc.h"

/* The lists 'help COMMAND' takes from the registries, which describe themselves: never kept by hand here. */
static void collect_more_help(FILE *fp)
{
	fprintf(fp, "\nsources:\n");
	for (const struct collector *const *s = collectors; *s; s++)
		fprintf(fp, "  %-11s %s\n", (*s)->name, (*s)->summary);
}

static void import_more_help(FILE *fp)
{
	fprintf(fp, "\nkinds:\n");
	for (const struct importer *const *im = importers; *im; im++)
		fprintf(fp, "  import %s %s\n      %s\n", (*im)->name, (*im)->usage, (*im)->summary);
	fprintf(fp, "\nsurvey formats (--format): %s\n", survey_format_list);
}

static void report_more_help(FILE *fp)
{
	fprintf(fp, "\nformats (--format, default: all):\n");
	for (const struct renderer *const *r = renderers; *r; r++)
		fprintf(fp, "  %-10s %s\n", (*r)->name, (*r)->summary);
}

const struct command commands[] = {
	{ "init", cmd_init, CMD_CONFIG | CMD_DB_CREATE | CMD_CONFIG_MAY_MISS, "",
	  "create or upgrade the database, write an example configuration if none exists",
	  "Creates the database (storage.path, or --db) or applies the schema migrations it lacks, and\n"
	  "writes an example configuration to the --config path (./idpmetrics.yaml) unless one exists.", NULL, NULL },
	{ "collect", cmd_collect, CMD_CONFIG | CMD_DB_CREATE | CMD_LOCK, "[SOURCE...]",
	  "collect from the sources named (default: every configured source; 'help collect' lists them)",
	  "Without a SOURCE, every configured source is collected.  A failing source does not stop the\n"
	  "others (exit 1).  Holds the run lock.", collect_more_help, NULL },
	{ "import", cmd_import, CMD_CONFIG | CMD_DB_CREATE | CMD_LOCK,
	  "KIND FILE [--strict] [--encoding E] ...",
	  "import one CSV export: a survey, onboarding records or a Jira ticket export ('help import' lists the kinds)",
	  "A survey file takes the settings of the configured survey source whose path matches it; the\n"
	  "options override them.  Bad rows are reported with FILE:LINE and skipped (exit 1);\n"
	  "--strict imports nothing from a file with a bad row.  Importing a file again adds nothing.",
	  import_more_help, &cmd_import_opts },
	{ "compute", cmd_compute, CMD_CONFIG | CMD_DB, "[--period P]... [--all]",
	  "compute KPI values (default: the current and previous quarter)",
	  "  --period P   a quarter (2026-Q3) or a month (2026-09); may be given more than once\n"
	  "  --all        every quarter since the oldest collected row", NULL, &cmd_compute_opts },
	{ "report", cmd_report, CMD_CONFIG | CMD_DB, "[--period P] [--format LIST] [--out DIR] [--lang en|ko] [--jobs N]",
	  "render reports (default: the last complete quarter, every format)",
	  "  --period P     the quarter (2026-Q3) or month (2026-09) to report on\n"
	  "  --format LIST  comma-separated formats (below); default: all\n"
	  "  --out DIR      where to write (default: reporting.output_dir)\n"
	  "  --lang en|ko   the report's language (default: reporting.lang)\n"
	  "  --jobs N       formats rendered side by side, 1 to 64 (default: reporting.jobs)",
	  report_more_help, &cmd_report_opts },
	{ "export", cmd_export, CMD_CONFIG | CMD_DB,
	  "--format json|csv|openmetrics [--period P] [--metric NAME]... [--scope SCOPE]",
	  "print metric values to standard output (default: the current quarter)",
	  "  --format F     json, csv, or openmetrics (a node-exporter textfile)\n"
	  "  --period P     a quarter (2026-Q3) or a month (2026-09)\n"
	  "  --metric NAME  only this metric; may be given more than once\n"
	  "  --scope SCOPE  org, all, team:NAME, service:NAME, template:REF, or a kind alone (team, service,\n"
	  "                 template); default: all", NULL, &cmd_export_opts },
	{ "run", cmd_run, CMD_CONFIG | CMD_DB_CREATE | CMD_LOCK, "",
	  "the nightly job: collect, compute, refresh the dashboard",
	  "Collects every configured source (a failing one does not stop the others), computes the\n"
	  "current and previous quarter, refreshes dashboard.html and metrics.json in\n"
	  "reporting.output_dir, and on the first night of a quarter renders the closed quarter's\n"
	  "report into <output_dir>/<quarter>/.  Ends with one summary line.  Holds the lock\n"
	  "<database>.lock: a second run exits 5 at once.  Not at a terminal it prints nothing\n"
	  "unless something failed or warned.  Exit code: the worst seen (0, 1, 3, 4, 5).", NULL, NULL },
	{ "demo", cmd_demo, CMD_CONFIG, "[--out DIR]",
	  "build a synthetic organisation, compute and report on it (reports in ./out)",
	  "  --out DIR   where the demo database (DIR/demo.db) and the reports go (default: out)\n\n"
	  "The demo ignores the configuration file: it uses its own built-in settings.", NULL, &cmd_demo_opts },
	{ "status", cmd_status, CMD_CONFIG | CMD_DB, "",
	  "what was collected when, how fresh each source is, the latest KPI values",
	  "The last run (finished with its exit code and summary, in progress, or killed), per\n"
	  "source the last run, its requests, 304s and rows, the last success and the data's age\n"
	  "(STALE after 36 hours), the last failure and its message, the rows stored; then the\n"
	  "latest value of every KPI and when it was computed.", NULL, NULL },
	{ "doctor", cmd_doctor, 0, "",
	  "check the configuration, tokens, API access and permissions, rate limit, surveys, database, fonts",
	  "One line per check (OK, WARN, FAIL, SKIP) with a fix for each problem.  Contacts\n"
	  "Backstage (one request per plugin) and GitHub (/rate_limit, which is free, then the\n"
	  "organisation and one repository).  Exit 1 when any check fails.", NULL, NULL },
	{ "prune", cmd_prune, CMD_CONFIG | CMD_DB | CMD_LOCK, "[--keep N|Nq|PERIOD] [--dry-run]",
	  "drop raw rows and metric values older than the retention (default 8 quarters), then VACUUM",
	  "--keep N or Nq keeps the current quarter and the N-1 before it (default\n"
	  "storage.retention_quarters, 8); --keep 2025-Q1 keeps that period and later.  At least\n"
	  "the previous quarter is kept: run recomputes it.  Computed values of kept periods are\n"
	  "never touched.  --dry-run prints what would go and changes nothing.  Holds the run lock.", NULL, &cmd_prune_opts },
	{ "teams", cmd_teams, CMD_CONFIG | CMD_DB, "[--repos] [--unowned] [--format text|csv]",
	  "which team owns which repository (catalog, teams.repositories) and which are unowned",
	  "Without --repos: every catalog group with its direct and total members and its repositories,\n"
	  "the teams only teams.repositories names, and the list of unowned repositories.  --repos lists\n"
	  "every repository (GitHub's listing and the catalog's) with its team and how it was found\n"
	  "(catalog, config or none); --unowned only the unowned ones; --format csv (with --repos) for a\n"
	  "spreadsheet.", NULL, &cmd_teams_opts },
	{ "help", cmd_help, 0, "[COMMAND]", "show help",
	  "Without COMMAND: the global options and every command.  'idpmetrics COMMAND --help' is the\n"
	  "same as 'idpmetrics help COMMAND'.", NULL, NULL },
	{ "version", cmd_version, 0, "", "show the version", NULL, NULL, NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL }
};

const struct command *command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

void commands_usage(FILE *fp)
{
	fprintf(fp, "usage: idpmetrics [--config FILE] [--db FILE] [--now TIME] [-q|-v] [--log-format text|json] COMMAND [ARGS]\n\n"
		    "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(fp, "  %-9s %s\n", c->name, c->summary);
	fprintf(fp, "\nRun 'idpmetrics help COMMAND' for the arguments of one command.\n"
		    "Exit codes: 0 ok, 1 a source or stage failed, 2 usage, 3 configuration, 4 database or I/O,\n"
		    "5 another run holds the lock.\n");
}

int cmd_help(int argc, char **argv, struct app *app)
{
	const struct command *c;

	(void)app;
	if (argc < 2) {
		commands_usage(stdout);
		return EXIT_OK;
	}
	c = command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "idpmetrics: unknown command '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	command_help(c, stdout);
	return EXIT_OK;
}

void command_usage(const struct command *c, FILE *fp)
{
	fprintf(fp, "usage: idpmetrics %s%s%s\n", c->name, *c->usage ? " " : "", c->usage);
}

void command_help(const struct command *c, FILE *fp)
{
	command_usage(c, fp);
	fprintf(fp, "\n%s\n", c->summary);
	if (c->help)
		fprintf(fp, "\n%s\n", c->help);
	if (c->more_help)
		c->more_help(fp);
}

int command_usage_error(const char *name)
{
	const struct command *c = command_find(name);

	if (c)
		command_usage(c, stderr);
	fprintf(stderr, "Run 'idpmetrics help %s' for details.\n", name);
	return EXIT_USAGE;
}

int command_check_options(const struct command *c, int argc, char **argv)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	char **copy = xcalloc((size_t)argc + 1, sizeof(*copy));
	char *label = xasprintf("idpmetrics %s", c->name); /* getopt's messages start with argv[0] */
	int ret = EXIT_OK;

	/* on a copy: GNU getopt permutes the arguments, and the command parses the original again */
	memcpy(copy, argv, (size_t)argc * sizeof(*copy));
	copy[0] = label;
	optind = 0;
	opterr = 1;
	while (1) {
		int ch = getopt_long(argc, copy, c->opts ? c->opts->shorts : "", c->opts ? c->opts->longs : none, NULL);

		if (ch == -1)
			break;
		if (ch == '?' || ch == ':') {
			ret = command_usage_error(c->name);
			break;
		}
	}
	if (ret == EXIT_OK && !*c->usage && optind < argc) {
		fprintf(stderr, "idpmetrics %s: unexpected argument '%s'\n", c->name, copy[optind]);
		ret = command_usage_error(c->name);
	}
	free(copy);
	free(label);
	optind = 0;
	return ret;
}

int command_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

int cmd_version(int argc, char **argv, struct app *app)
{
	(void)argc;
	(void)argv;
	(void)app;
	printf("idpmetrics %s\n", IDPM_VERSION);
	return EXIT_OK;
}
