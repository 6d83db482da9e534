/* idpmetrics collect [SOURCE...]: run collectors, each recorded in collection_runs. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "collect/collectors.h"

int cmd_collect(int argc, char **argv, struct app *app)
{
	int ret = EXIT_OK, ran = 0;

	for (int i = 1; i < argc; i++) {
		if (!collector_find(argv[i])) {
			fprintf(stderr, "idpmetrics: unknown source '%s' (sources:", argv[i]);
			for (const struct collector *const *c = collectors; *c; c++)
				fprintf(stderr, " %s", (*c)->name);
			fprintf(stderr, ")\n");
			return EXIT_USAGE;
		}
	}
	for (int i = 1; i < argc; i++)
		ret = exit_worst(ret, pipeline_collect(app, collector_find(argv[i]), NULL));
	if (argc > 1)
		return ret;
	for (const struct collector *const *c = collectors; *c; c++) {
		if (!(*c)->configured(&app->cfg))
			continue;
		ran++;
		ret = exit_worst(ret, pipeline_collect(app, *c, NULL));
	}
	if (!ran)
		log_warn(&app->log, "no source is configured in '%s': nothing to collect", app->config_path);
	return ret;
}
