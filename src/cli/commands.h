/* The subcommand table. */
#ifndef IDPM_COMMANDS_H
#define IDPM_COMMANDS_H

#include "cli/app.h"

enum command_flags {
	CMD_CONFIG = 1 << 0,  /* load the configuration first */
	CMD_DB = 1 << 1,      /* open an existing database (and migrate it) */
	CMD_DB_CREATE = 1 << 2, /* open the database, creating it when missing */
	CMD_CONFIG_MAY_MISS = 1 << 3, /* a missing --config file is fine (init writes it) */
	CMD_LOCK = 1 << 4     /* take the run lock "<db>.lock" before opening the database (exit 5 when held) */
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct app *app); /* argv[0] is the command name; returns an exit code */
	unsigned flags;
	const char *usage;    /* arguments after the name */
	const char *summary;  /* one line */
	const char *help;     /* longer text for 'help COMMAND'; may be NULL */
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

#endif
