/* idpmetrics init: create or upgrade the database; write an example configuration if none exists. */
#include <stdio.h>

#include "cli/commands.h"
#include "util/embedded.h"
#include "util/fsutil.h"
#include "util/safefile.h"

int cmd_init(int argc, char **argv, struct app *app)
{
	const struct embedded_file *example = embedded_find(embedded_docs, "idpmetrics.example");
	struct strbuf err = STRBUF_INIT;
	int ret = EXIT_OK;

	if (argc > 1) {
		return command_usage_error(argv[0]);
	}
	log_info(&app->log, "database '%s' is at schema version %d", app->db_path, db_schema_version(app->db));
	if (!fs_exists(app->config_path) && example) {
		if (safefile_write(app->config_path, example->data, example->len, 0600, &err)) {
			log_error(&app->log, "%s", err.buf);
			ret = EXIT_IO;
		} else {
			log_info(&app->log, "wrote an example configuration to '%s': edit it, then run 'idpmetrics doctor'",
				 app->config_path);
		}
	}
	strbuf_release(&err);
	return ret;
}
