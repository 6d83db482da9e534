/* idpmetrics compute [--period P]... [--all]: compute KPI values. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "collect/collectors.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Every quarter from the oldest collected row to the current one. */
static int all_quarters(struct app *app, struct period **out, size_t *n, size_t *alloc)
{
	struct strbuf err = STRBUF_INIT;
	int64_t oldest, t;
	struct period p, cur;

	if (sources_oldest_data(app->db, &t, &err)) {
		log_error(&app->log, "%s", err.buf);
		strbuf_release(&err);
		return EXIT_IO;
	}
	oldest = t != TIME_NONE && t < app->now ? t : app->now;
	period_at(oldest, PERIOD_QUARTER, &app->pcfg, &p);
	period_at(app->now, PERIOD_QUARTER, &app->pcfg, &cur);
	for (; p.start <= cur.start; period_shift(&p, 1, &app->pcfg, &p)) {
		XGROW(*out, *alloc, *n + 1);
		(*out)[(*n)++] = p;
	}
	strbuf_release(&err);
	return EXIT_OK;
}

static const struct option longopts[] = {
	{ "period", required_argument, NULL, 'p' }, { "all", no_argument, NULL, 'a' }, { NULL, 0, NULL, 0 }
};
const struct command_opts cmd_compute_opts = { "p:a", longopts };

int cmd_compute(int argc, char **argv, struct app *app)
{
	struct period *periods = NULL;
	size_t n = 0, alloc = 0;
	int c, all = 0, ret = EXIT_OK;

	while ((c = getopt_long(argc, argv, cmd_compute_opts.shorts, cmd_compute_opts.longs, NULL)) != -1) {
		if (c == 'a') {
			all = 1;
			continue;
		}
		if (c != 'p') {
			ret = command_usage_error(argv[0]);
			goto out;
		}
		XGROW(periods, alloc, n + 1);
		if ((ret = app_period(app, optarg, 0, &periods[n])))
			goto out;
		n++;
	}
	if (all && (ret = all_quarters(app, &periods, &n, &alloc)))
		goto out;
	if (!n) {
		XGROW(periods, alloc, 2);
		app_period(app, NULL, -1, &periods[0]);
		app_period(app, NULL, 0, &periods[1]);
		n = 2;
	}
	ret = pipeline_compute(app, periods, n);
out:
	free(periods);
	return ret;
}
