/* idpmetrics doctor: one line per check (OK, WARN, FAIL, SKIP) with a fix for each problem; exit 1 when any fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "collect/collectors.h"
#include "doctor/doctor.h"
#include "util/termtext.h"
#include "util/xalloc.h"

static const char *const status_names[] = { "OK", "WARN", "FAIL", "SKIP" };

/* Print TEXT (redacted) with every line after the first indented by INDENT columns. */
static void print_block(struct app *app, const char *text, int indent)
{
	char *safe = log_redact(&app->log, text);
	struct strbuf line = STRBUF_INIT;

	/* each line as a terminal shows it literally: a server's text can hold escapes */
	for (const char *p = safe, *nl;; p = nl + 1) {
		nl = strchr(p, '\n');
		strbuf_reset(&line);
		termtext_add(&line, p, nl ? (size_t)(nl - p) : strlen(p));
		fputs(line.buf, stdout);
		if (!nl)
			break;
		printf("\n%*s", indent, "");
	}
	putchar('\n');
	strbuf_release(&line);
	free(safe);
}

int cmd_doctor(int argc, char **argv, struct app *app)
{
	struct doctor_report r = { 0 };
	struct doctor_env env;
	size_t fails, warns;
	int ok;

	if (argc > 1) {
		return command_usage_error(argv[0]);
	}
	ok = doctor_config(&r, &app->cfg, app->config_path);
	/* what app_configure does, without giving up on a bad time zone: doctor reports it instead */
	sources_register_secrets(&app->cfg, &app->log);
	free(app->db_path);
	app->db_path = app->db_override ? xstrdup(app->db_override) : config_path(&app->cfg, app->cfg.storage.path);
	memset(&env, 0, sizeof(env));
	env.cfg = &app->cfg;
	env.config_ok = ok;
	env.db_path = app->db_path;
	env.log = &app->log;
	env.now = app->now;
	doctor_checks(&r, &env);
	for (size_t i = 0; i < r.n; i++) {
		const struct doctor_check *c = &r.v[i];

		printf("%-5s %-20s  ", status_names[c->status], c->name);
		print_block(app, c->detail, 28);
		if (c->fix) {
			printf("%28sfix: ", "");
			print_block(app, c->fix, 33);
		}
	}
	fails = doctor_count(&r, DOCTOR_FAIL);
	warns = doctor_count(&r, DOCTOR_WARN);
	if (fails)
		printf("\n%zu check%s failed, %zu warning%s: the nightly run would fail or miss data until fixed\n", fails,
		       fails == 1 ? "" : "s", warns, warns == 1 ? "" : "s");
	else if (warns)
		printf("\nno check failed; %zu warning%s\n", warns, warns == 1 ? "" : "s");
	else
		printf("\nall checks passed\n");
	doctor_report_release(&r);
	return fails ? EXIT_PARTIAL : EXIT_OK;
}
