/*
 * The subcommand table.
 *
 * Adding a subcommand: write cli/cmd_<name>.c with
 * `int cmd_<name>(int argc, char **argv, struct app *app)` returning an exit
 * code (enum exit_code); declare it in commands.h; add a row below with the
 * flags the dispatcher must satisfy first; document it in docs/COMMANDS.md
 * command list (a test checks that every command appears there).
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "collect/collectors.h"
#include "collect/importers.h"

const struct command commands[] = {
	{ "init", cmd_init, CMD_CONFIG | CMD_DB_CREATE | CMD_CONFIG_MAY_MISS, "",
	  "create or upgrade the database, write an example configuration if none exists", NULL },
	{ "collect", cmd_collect, CMD_CONFIG | CMD_DB_CREATE | CMD_LOCK, "[SOURCE...]",
	  "collect from the sources named (default: every configured source; 'help collect' lists them)", NULL },
	{ "import", cmd_import, CMD_CONFIG | CMD_DB_CREATE | CMD_LOCK,
	  "KIND FILE [--strict] [--encoding E] ...",
	  "import one CSV export: a survey, onboarding records or a Jira ticket export ('help import' lists the kinds)",
	  "A survey file takes the settings of the configured survey source whose path matches it; the\n"
	  "options override them.  Bad rows are reported with FILE:LINE and skipped (exit 1);\n"
	  "--strict imports nothing from a file with a bad row.  Importing a file again adds nothing." },
	{ "compute", cmd_compute, CMD_CONFIG | CMD_DB, "[--period P]... [--all]",
	  "compute KPI values (default: the current and previous quarter)", NULL },
	{ "report", cmd_report, CMD_CONFIG | CMD_DB, "[--period P] [--format LIST] [--out DIR] [--lang en|ko] [--jobs N]",
	  "render reports (default: the last complete quarter, every format)", NULL },
	{ "export", cmd_export, CMD_CONFIG | CMD_DB,
	  "--format json|csv|openmetrics [--period P] [--metric NAME]... [--scope SCOPE]",
	  "print metric values to standard output (default: the current quarter)", NULL },
	{ "run", cmd_run, CMD_CONFIG | CMD_DB_CREATE | CMD_LOCK, "",
	  "the nightly job: collect, compute, refresh the dashboard",
	  "Collects every configured source (a failing one does not stop the others), computes the\n"
	  "current and previous quarter, refreshes dashboard.html and metrics.json in\n"
	  "reporting.output_dir, and on the first night of a quarter renders the closed quarter's\n"
	  "report into <output_dir>/<quarter>/.  Ends with one summary line.  Holds the lock\n"
	  "<database>.lock: a second run exits 5 at once.  Not at a terminal it prints nothing\n"
	  "unless something failed or warned.  Exit code: the worst seen (0, 1, 3, 4, 5)." },
	{ "demo", cmd_demo, CMD_CONFIG, "[--out DIR]",
	  "build a synthetic organisation, compute and report on it (reports in ./out)", NULL },
	{ "status", cmd_status, CMD_CONFIG | CMD_DB, "",
	  "what was collected when, how fresh each source is, the latest KPI values",
	  "The last run (finished with its exit code and summary, in progress, or killed), per\n"
	  "source the last run, its requests, 304s and rows, the last success and the data's age\n"
	  "(STALE after 36 hours), the last failure and its message, the rows stored; then the\n"
	  "latest value of every KPI and when it was computed." },
	{ "doctor", cmd_doctor, 0, "",
	  "check the configuration, tokens, API access and permissions, rate limit, surveys, database, fonts",
	  "One line per check (OK, WARN, FAIL, SKIP) with a fix for each problem.  Contacts\n"
	  "Backstage (one request per plugin) and GitHub (/rate_limit, which is free, then the\n"
	  "organisation and one repository).  Exit 1 when any check fails." },
	{ "prune", cmd_prune, CMD_CONFIG | CMD_DB | CMD_LOCK, "[--keep N|Nq|PERIOD] [--dry-run]",
	  "drop raw rows and metric values older than the retention (default 8 quarters), then VACUUM",
	  "--keep N or Nq keeps the current quarter and the N-1 before it (default\n"
	  "storage.retention_quarters, 8); --keep 2025-Q1 keeps that period and later.  At least\n"
	  "the previous quarter is kept: run recomputes it.  Computed values of kept periods are\n"
	  "never touched.  --dry-run prints what would go and changes nothing.  Holds the run lock." },
	{ "teams", cmd_teams, CMD_CONFIG | CMD_DB, "[--repos] [--unowned] [--format text|csv]",
	  "which team owns which repository (catalog, teams.repositories) and which are unowned",
	  "Without --repos: every catalog group with its direct and total members and its repositories,\n"
	  "the teams only teams.repositories names, and the list of unowned repositories.  --repos lists\n"
	  "every repository (GitHub's listing and the catalog's) with its team and how it was found\n"
	  "(catalog, config or none); --unowned only the unowned ones; --format csv for a spreadsheet." },
	{ "help", cmd_help, 0, "[COMMAND]", "show help", NULL },
	{ "version", cmd_version, 0, "", "show the version", NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL }
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
	printf("usage: idpmetrics %s %s\n\n%s\n", c->name, c->usage, c->summary);
	if (c->help)
		printf("\n%s\n", c->help);
	/* the registries describe themselves: their lists are never kept by hand here */
	if (c->fn == cmd_collect) {
		printf("\nsources:\n");
		for (const struct collector *const *s = collectors; *s; s++)
			printf("  %-11s %s\n", (*s)->name, (*s)->summary);
	} else if (c->fn == cmd_import) {
		printf("\nkinds:\n");
		for (const struct importer *const *im = importers; *im; im++)
			printf("  import %s %s\n      %s\n", (*im)->name, (*im)->usage, (*im)->summary);
	}
	return EXIT_OK;
}

int cmd_version(int argc, char **argv, struct app *app)
{
	(void)argc;
	(void)argv;
	(void)app;
	printf("idpmetrics %s\n", IDPM_VERSION);
	return EXIT_OK;
}
