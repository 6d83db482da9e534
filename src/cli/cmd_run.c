/*
 * idpmetrics run: the nightly job.  Collect every configured source, compute
 * the current and previous quarter, refresh dashboard.html and metrics.json,
 * and on the first night of a quarter render the closed quarter's report.
 * main.c holds the run lock (CMD_LOCK) around all of it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/nightly.h"
#include "cli/pipeline.h"
#include "collect/collectors.h"
#include "util/xalloc.h"

int cmd_run(int argc, char **argv, struct app *app)
{
	struct nightly_summary s;
	struct period periods[2];
	char *out_dir = NULL;
	int ret = EXIT_OK;

	if (argc > 1) {
		return command_usage_error(argv[0]);
	}
	nightly_summary_init(&s, app);
	nightly_record_start(app);
	ret = nightly_collect(app, collectors, &s);
	app_period(app, NULL, -1, &periods[0]);
	app_period(app, NULL, 0, &periods[1]);
	ret = exit_worst(ret, pipeline_compute(app, periods, 2));
	out_dir = config_path(&app->cfg, app->cfg.reporting.output_dir);
	ret = exit_worst(ret, pipeline_report(app, &periods[1], "dashboard,json", out_dir));
	if (app->cfg.reporting.quarterly_report)
		ret = exit_worst(ret, nightly_quarterly_report(app, &periods[0], out_dir, &s));
	nightly_finish(app, &s, ret);
	ret = s.exit_code;
	nightly_summary_release(&s);
	free(out_dir);
	return ret;
}
