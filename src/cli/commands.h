/* The subcommand table. */
#ifndef IDPM_COMMANDS_H
#define IDPM_COMMANDS_H

#include <getopt.h>
#include <stdio.h>

#include "cli/app.h"

enum command_flags {
	CMD_CONFIG = 1 << 0,  /* load the configuration first */
	CMD_DB = 1 << 1,      /* open an existing database (and migrate it) */
	CMD_DB_CREATE = 1 << 2, /* open the database, creating it when missing */
	CMD_CONFIG_MAY_MISS = 1 << 3, /* a missing --config file is fine (init writes it) */
	CMD_LOCK = 1 << 4     /* take the run lock "<db>.lock" before opening the database (exit 5 when held) */
};

/* A command's options for getopt_long: its own loop and the dispatcher's check before anything is loaded. */
struct command_opts {
	const char *shorts;
	const struct option *longs;
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct app *app); /* argv[0] is the command name; returns an exit code */
	unsigned flags;
	const char *usage;    /* arguments after the name */
	const char *summary;  /* one line */
	const char *help;     /* longer text for 'help COMMAND' and 'COMMAND --help': the options; may be NULL */
	void (*more_help)(FILE *fp); /* after HELP: lists read from a registry (formats ...); may be NULL */
	const struct command_opts *opts; /* NULL: the command takes no options */
};

/* The table, NULL-terminated, in the order help lists it. */
extern const struct command commands[];

const struct command *command_find(const char *name);

int cmd_init(int argc, char **argv, struct app *app);
int cmd_collect(int argc, char **argv, struct app *app);
int cmd_compute(int argc, char **argv, struct app *app);
int cmd_report(int argc, char **argv, struct app *app);
int cmd_export(int argc, char **argv, struct app *app);
int cmd_run(int argc, char **argv, struct app *app);
int cmd_demo(int argc, char **argv, struct app *app);
int cmd_status(int argc, char **argv, struct app *app);
int cmd_import(int argc, char **argv, struct app *app);
int cmd_teams(int argc, char **argv, struct app *app);
int cmd_help(int argc, char **argv, struct app *app);
int cmd_version(int argc, char **argv, struct app *app);
int cmd_doctor(int argc, char **argv, struct app *app);
int cmd_prune(int argc, char **argv, struct app *app);

/* Print the global usage to FP. */
void commands_usage(FILE *fp);

/* Print C's usage line, "usage: idpmetrics NAME USAGE", to FP. */
void command_usage(const struct command *c, FILE *fp);
/* Print C's whole help to FP: the usage line, the summary, the help text and its registry lists. */
void command_help(const struct command *c, FILE *fp);
/*
 * A bad command line for command NAME (a command's argv[0]): print its usage
 * line and where to find its help to stderr.  Returns EXIT_USAGE.
 */
int command_usage_error(const char *name);
/*
 * Check a command's ARGV (argv[0] its name) against C's options, as its own
 * getopt_long loop will, before any configuration or database is opened.
 * Returns EXIT_OK, or EXIT_USAGE after printing the problem and C's usage.
 */
int command_check_options(const struct command *c, int argc, char **argv);
/* Whether a command's ARGV (argv[0] its name) asks for its help: -h or --help before "--". */
int command_wants_help(int argc, char **argv);

extern const struct command_opts cmd_compute_opts, cmd_demo_opts, cmd_export_opts, cmd_import_opts, cmd_prune_opts,
	cmd_report_opts, cmd_teams_opts;

#endif
