/* idpmetrics demo [--out DIR]: build the synthetic organisation, compute every quarter, write the reports. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "demo/demo.h"
#include "store/runs.h"
#include "util/embedded.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

/* Refuse to overwrite a database that is not a demo database. */
static int prepare_db(struct app *app)
{
	struct db *db = NULL;
	struct strbuf err = STRBUF_INIT;
	char *marker = NULL, *side;
	int ret = EXIT_OK;

	if (!fs_exists(app->db_path))
		return EXIT_OK;
	if (db_open(&db, app->db_path, 0600, 0, &err) || store_state_get(db, "demo", "organisation", &marker, &err)) {
		log_error(&app->log, "'%s' exists and is not a demo database (%s): choose another --db or --out",
			  app->db_path, err.buf);
		ret = EXIT_IO;
		goto out;
	}
	if (!marker) {
		log_error(&app->log, "'%s' exists and is not a demo database: choose another --db or --out", app->db_path);
		ret = EXIT_IO;
		goto out;
	}
	db_close(db);
	db = NULL;
	unlink(app->db_path);
	side = xasprintf("%s-wal", app->db_path);
	unlink(side);
	free(side);
	side = xasprintf("%s-shm", app->db_path);
	unlink(side);
	free(side);
out:
	db_close(db);
	free(marker);
	strbuf_release(&err);
	return ret;
}

static const struct option longopts[] = { { "out", required_argument, NULL, 'o' }, { NULL, 0, NULL, 0 } };
const struct command_opts cmd_demo_opts = { "o:", longopts };

int cmd_demo(int argc, char **argv, struct app *app)
{
	const struct embedded_file *demo_cfg = embedded_find(embedded_docs, "demo");
	const char *out_dir = "out";
	struct strbuf err = STRBUF_INIT;
	struct period periods[DEMO_QUARTERS], last;
	int c, ret;

	while ((c = getopt_long(argc, argv, cmd_demo_opts.shorts, cmd_demo_opts.longs, NULL)) != -1) {
		if (c != 'o') {
			return command_usage_error(argv[0]);
		}
		out_dir = optarg;
	}
	/* The demo ignores any configuration file: its data matches its own settings. */
	config_release(&app->cfg);
	config_init(&app->cfg);
	if (!demo_cfg || config_load_text(&app->cfg, "docs/demo.yaml", demo_cfg->data, demo_cfg->len, &err)) {
		log_error(&app->log, "built-in demo configuration: %s", err.buf);
		ret = EXIT_CONFIG;
		goto out;
	}
	if ((ret = app_configure(app)))
		goto out;
	if (!app->db_override) {
		free(app->db_path);
		app->db_path = fs_join(out_dir, "demo.db");
	}
	if (fs_mkdir_p(out_dir, 0700, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	if ((ret = prepare_db(app)) || (ret = app_open_db(app, 1)))
		goto out;
	if (demo_build(app->db, &app->cfg, &app->pcfg, app->now, &app->log, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	log_info(&app->log, "built the demo organisation '%s' in %s", DEMO_ORG, app->db_path);
	app_period(app, NULL, 0, &periods[DEMO_QUARTERS - 1]);
	for (int i = 0; i < DEMO_QUARTERS - 1; i++)
		period_shift(&periods[DEMO_QUARTERS - 1], i - (DEMO_QUARTERS - 1), &app->pcfg, &periods[i]);
	if ((ret = pipeline_compute(app, periods, DEMO_QUARTERS)))
		goto out;
	app_period(app, NULL, -1, &last);
	ret = pipeline_report(app, &last, NULL, out_dir);
	if (!ret)
		printf("demo reports for %s are in %s/ (open %s/report.html)\n", last.label, out_dir, out_dir);
out:
	strbuf_release(&err);
	return ret;
}
