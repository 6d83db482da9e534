/* idpmetrics run: the nightly job: collect every configured source, compute, refresh the dashboard. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "collect/collectors.h"
#include "util/xalloc.h"

int cmd_run(int argc, char **argv, struct app *app)
{
	struct run_stats total = { 0 };
	struct period periods[2], last;
	char *out_dir;
	int ret = EXIT_OK;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: idpmetrics run\n");
		return EXIT_USAGE;
	}
	/* A failing source does not stop the others. */
	for (const struct collector *const *c = collectors; *c; c++)
		if ((*c)->configured(&app->cfg))
			ret = exit_worst(ret, pipeline_collect(app, *c, &total));
	app_period(app, NULL, -1, &periods[0]);
	app_period(app, NULL, 0, &periods[1]);
	ret = exit_worst(ret, pipeline_compute(app, periods, 2));
	out_dir = config_path(&app->cfg, app->cfg.reporting.output_dir);
	last = periods[1];
	ret = exit_worst(ret, pipeline_report(app, &last, "dashboard,json", out_dir));
	free(out_dir);
	return ret;
}
