/* idpmetrics report [--period P] [--format LIST] [--out DIR] [--lang en|ko] [--jobs N]: render reports. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "util/xalloc.h"

static const struct option longopts[] = {
	{ "period", required_argument, NULL, 'p' }, { "format", required_argument, NULL, 'f' },
	{ "out", required_argument, NULL, 'o' },    { "lang", required_argument, NULL, 'l' },
	{ "jobs", required_argument, NULL, 'j' },   { NULL, 0, NULL, 0 }
};
const struct command_opts cmd_report_opts = { "p:f:o:l:j:", longopts };

int cmd_report(int argc, char **argv, struct app *app)
{
	const char *period_arg = NULL, *formats = NULL, *out_dir = NULL;
	char *dir = NULL;
	struct period p;
	int c, ret;

	while ((c = getopt_long(argc, argv, cmd_report_opts.shorts, cmd_report_opts.longs, NULL)) != -1) {
		switch (c) {
		case 'p': period_arg = optarg; break;
		case 'f': formats = optarg; break;
		case 'o': out_dir = optarg; break;
		case 'l':
			if (strcmp(optarg, "en") && strcmp(optarg, "ko")) {
				fprintf(stderr, "idpmetrics: --lang must be en or ko\n");
				return EXIT_USAGE;
			}
			free(app->cfg.reporting.lang);
			app->cfg.reporting.lang = xstrdup(optarg);
			break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (end == optarg || *end || n < 1 || n > 64) {
				fprintf(stderr, "idpmetrics: --jobs must be a number from 1 to 64\n");
				return EXIT_USAGE;
			}
			app->cfg.reporting.jobs = (int)n;
			break;
		}
		default:
			return command_usage_error(argv[0]);
		}
	}
	if ((ret = app_period(app, period_arg, -1, &p)))
		return ret;
	dir = out_dir ? xstrdup(out_dir) : config_path(&app->cfg, app->cfg.reporting.output_dir);
	ret = pipeline_report(app, &p, formats, dir);
	free(dir);
	return ret;
}
