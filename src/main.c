/* idpmetrics: parse the global options, dispatch to a subcommand, map its status to the exit code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/termtext.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "util/timeutil.h"

static int parse_global(int argc, char **argv, struct app *app)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "now", required_argument, NULL, 'n' },    { "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },      { "log-format", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "+c:d:n:qvhV", opts, NULL)) != -1) {
		switch (c) {
		case 'c': app->config_path = optarg; app->config_explicit = 1; break;
		case 'd': app->db_override = optarg; break;
		case 'n':
			if (time_parse_iso(optarg, NULL, &app->now)) {
				fprintf(stderr, "idpmetrics: --now '%s' is not an ISO 8601 time\n", optarg);
				return EXIT_USAGE;
			}
			app->now_fixed = 1;
			break;
		case 'q': app->quiet = 1; break;
		case 'v': app->verbose++; break;
		case 'L':
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				fprintf(stderr, "idpmetrics: --log-format must be text or json\n");
				return EXIT_USAGE;
			}
			app->log_format = strcmp(optarg, "json") ? LOG_TEXT : LOG_JSON;
			break;
		case 'h': commands_usage(stdout); exit(EXIT_OK);
		case 'V': printf("idpmetrics %s\n", IDPM_VERSION); exit(EXIT_OK);
		default: commands_usage(stderr); return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct app app;
	struct progress progress;
	const struct command *cmd;
	int ret, first;

	memset(&app, 0, sizeof(app));
	config_init(&app.cfg);
	log_init(&app.log, stderr);
	app.config_path = "idpmetrics.yaml";
	app.now = time_now();
	app.started_ms = app_clock_ms();
	app.lock.fd = -1;
	ret = parse_global(argc, argv, &app);
	if (ret)
		goto out;
	/* Quiet for cron, chatty at a terminal; -q and -v override. */
	app.log.level = app.quiet ? LOG_ERROR : app.verbose ? LOG_DEBUG : isatty(2) ? LOG_INFO : LOG_WARN;
	app.log.format = app.log_format;
	app.log.timestamps = !isatty(2) || app.verbose;
	/* Under systemd, journald stamps each line itself and understands "<N>" priorities. */
	app.log.journal = app.log_format == LOG_TEXT && log_fd_is_journal(2);
	if (app.log.journal)
		app.log.timestamps = 0;
	/* Progress bars only for a person at a terminal: never in cron mail, journald or JSON logs. */
	if (isatty(2) && app.log_format == LOG_TEXT && !app.quiet && !app.log.journal) {
		progress_init(&progress, stderr, 0);
		app.progress = &progress;
		app.log.before_write = progress_clear;
		app.log.before_write_data = &progress;
	}
	if (optind >= argc) {
		commands_usage(stderr);
		ret = EXIT_USAGE;
		goto out;
	}
	cmd = command_find(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "idpmetrics: unknown command '%s'\n", argv[optind]);
		commands_usage(stderr);
		ret = EXIT_USAGE;
		goto out;
	}
	first = optind;
	/* 'COMMAND --help' needs neither a configuration nor a database. */
	if (command_wants_help(argc - first, argv + first)) {
		command_help(cmd, stdout);
		ret = EXIT_OK;
		goto out;
	}
	/* A bad option is a usage error (exit 2) before anything is read or opened. */
	if ((ret = command_check_options(cmd, argc - first, argv + first)))
		goto out;
	app.command = cmd->name;
	app.log.command = cmd->name;
	if (cmd->flags & CMD_CONFIG_MAY_MISS)
		app.config_explicit = 0;
	if ((cmd->flags & (CMD_CONFIG | CMD_DB | CMD_DB_CREATE | CMD_LOCK)) && (ret = app_load_config(&app)))
		goto out;
	/* The lock comes before the database is opened (or migrated), so a second run touches nothing. */
	if ((cmd->flags & CMD_LOCK) && (ret = app_lock(&app)))
		goto out;
	if ((cmd->flags & (CMD_DB | CMD_DB_CREATE)) && (ret = app_open_db(&app, !!(cmd->flags & CMD_DB_CREATE))))
		goto out;
	if ((cmd->flags & CMD_LOCK) && app.db && (ret = app_mark_interrupted(&app)))
		goto out;
	optind = 0; /* glibc: full re-initialisation for the command's own options */
	ret = cmd->fn(argc - first, argv + first, &app);
out:
	app_release(&app);
	termtext_release();
	return ret;
}
