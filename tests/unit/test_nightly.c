/* Unit test: the nightly job's steps with fake collectors: worst exit code, summary, quarterly report once. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/app.h"
#include "cli/nightly.h"
#include "collect/collectors.h"
#include "test.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static int yes(const struct config *cfg)
{
	(void)cfg;
	return 1;
}

static int no(const struct config *cfg)
{
	(void)cfg;
	return 0;
}

static int run_ok(struct collect_ctx *ctx, struct strbuf *err)
{
	(void)err;
	ctx->stats.rows += 3;
	ctx->stats.requests += 5;
	ctx->stats.not_modified += 2;
	return 0;
}

static int run_fail(struct collect_ctx *ctx, struct strbuf *err)
{
	ctx->stats.requests += 1;
	strbuf_addstr(err, "GET http://127.0.0.1/rate_limit: HTTP 401 (Bad credentials)");
	return -1;
}

static int run_partial(struct collect_ctx *ctx, struct strbuf *err)
{
	(void)err;
	log_warn(ctx->log, "repository 'acme/gone' vanished");
	ctx->stats.rows += 1;
	ctx->partial = 1;
	return 0;
}

static int run_never(struct collect_ctx *ctx, struct strbuf *err)
{
	(void)ctx;
	(void)err;
	test_failures++; /* an unconfigured source must not run */
	return 0;
}

static const struct collector alpha = { .name = "alpha", .summary = "ok", .configured = yes, .run = run_ok };
static const struct collector beta = { .name = "beta", .summary = "fails", .configured = yes, .run = run_fail };
static const struct collector gamma_ = { .name = "gamma", .summary = "partial", .configured = yes, .run = run_partial };
static const struct collector delta = { .name = "delta", .summary = "not configured", .configured = no, .run = run_never };

static FILE *logfp;

static void setup(struct app *app)
{
	struct strbuf err = STRBUF_INIT;

	memset(app, 0, sizeof(*app));
	config_init(&app->cfg);
	logfp = tmpfile();
	log_init(&app->log, logfp);
	app->log.level = LOG_WARN; /* as under cron */
	app->lock.fd = -1;
	CHECK(!time_parse_iso("2026-10-02T02:30:00Z", NULL, &app->now));
	CHECK(app_configure(app) == EXIT_OK);
	free(app->db_path);
	app->db_path = xstrdup(":memory:");
	CHECK(app_open_db(app, 1) == EXIT_OK);
	strbuf_release(&err);
}

static char *logged(void)
{
	long n = ftell(logfp);
	char *buf = calloc(1, (size_t)n + 1);

	rewind(logfp);
	if (fread(buf, 1, (size_t)n, logfp) != (size_t)n)
		buf[0] = '\0';
	fclose(logfp);
	logfp = tmpfile();
	return buf;
}

static void test_nightly__worst_exit_and_summary(void)
{
	static const struct collector *const list[] = { &alpha, &beta, &gamma_, &delta, NULL };
	struct app app;
	struct nightly_summary s;
	struct strbuf line = STRBUF_INIT;
	char *out, *st = NULL;
	sqlite3_stmt *q;

	setup(&app);
	app.log.fp = logfp;
	nightly_summary_init(&s, &app);
	nightly_record_start(&app);
	CHECK_INTEQ(nightly_collect(&app, list, &s), EXIT_PARTIAL);
	CHECK_INTEQ(s.sources_ok, 1);
	CHECK_INTEQ(s.sources_partial, 1);
	CHECK_INTEQ(s.sources_failed, 1);
	CHECK_STREQ(s.failed.buf, "beta");
	CHECK_STREQ(s.partial.buf, "gamma");
	CHECK_INTEQ(s.total.rows, 4);
	CHECK_INTEQ(s.total.requests, 6);
	CHECK_INTEQ(s.total.not_modified, 2);
	/* every configured source ran and is recorded, the failure with its message */
	q = db_stmt(app.db, "cli/status_sources", &line);
	CHECK(q != NULL);
	CHECK_INTEQ(db_step(app.db, q, &line), 1);
	CHECK_STREQ(db_col_text(q, 0), "alpha");
	CHECK_STREQ(db_col_text(q, 6), "ok");
	CHECK_INTEQ(db_col_int(q, 7, -1), 5);
	CHECK_INTEQ(db_col_int(q, 8, -1), 2);
	CHECK_INTEQ(db_step(app.db, q, &line), 1);
	CHECK_STREQ(db_col_text(q, 0), "beta");
	CHECK_STREQ(db_col_text(q, 6), "failed");
	CHECK_STREQ(db_col_text(q, 12), "GET http://127.0.0.1/rate_limit: HTTP 401 (Bad credentials)");
	CHECK_INTEQ(db_step(app.db, q, &line), 1);
	CHECK_STREQ(db_col_text(q, 0), "gamma");
	CHECK_STREQ(db_col_text(q, 6), "partial");
	CHECK_INTEQ(db_step(app.db, q, &line), 0);
	nightly_finish(&app, &s, EXIT_PARTIAL);
	out = logged();
	CHECK(strstr(out, "error: beta: GET http://127.0.0.1/rate_limit: HTTP 401") != NULL);
	CHECK(strstr(out, "warning: repository 'acme/gone' vanished") != NULL);
	CHECK(strstr(out, "error: run finished in ") != NULL);
	free(out);
	/* the same summary for log shippers: one JSON line with the failed and partial sources as arrays */
	app.log.fp = logfp;
	app.log.format = LOG_JSON;
	nightly_finish(&app, &s, EXIT_PARTIAL);
	out = logged();
	CHECK(strstr(out, "\"event\":\"run_summary\",\"exit\":1,\"sources_ok\":1,\"sources_partial\":1,"
			  "\"sources_failed\":1,\"rows\":4,\"requests\":6,\"not_modified\":2,") != NULL);
	CHECK(strstr(out, "\"failed\":[\"beta\"],\"partial\":[\"gamma\"],\"report\":null,") != NULL);
	app.log.format = LOG_TEXT;
	CHECK(strstr(out, ", exit 1: 1 source ok, 1 partial (gamma), 1 failed (beta); 4 rows, 6 requests, "
			  "2 not modified (304), 1 warning") != NULL);
	free(out);
	nightly_summary_format(&s, &line);
	CHECK(strncmp(line.buf, "run finished in ", 16) == 0);
	CHECK(store_state_get(app.db, "run", "last_state", &st, &line) == 0);
	CHECK_STREQ(st, "finished");
	free(st);
	CHECK(store_state_get(app.db, "run", "last_exit", &st, &line) == 0);
	CHECK_STREQ(st, "1");
	free(st);
	nightly_summary_release(&s);
	strbuf_release(&line);
	app_release(&app);
	fclose(logfp);
}

static void test_nightly__clean_night_is_silent(void)
{
	static const struct collector *const list[] = { &alpha, &delta, NULL };
	struct app app;
	struct nightly_summary s;
	char *out;

	setup(&app);
	app.log.fp = logfp;
	nightly_summary_init(&s, &app);
	CHECK_INTEQ(nightly_collect(&app, list, &s), EXIT_OK);
	nightly_finish(&app, &s, EXIT_OK);
	out = logged();
	CHECK_STREQ(out, ""); /* cron mails nothing */
	free(out);
	/* a terminal (info level) sees the summary */
	app.log.level = LOG_INFO;
	app.log.fp = logfp;
	nightly_finish(&app, &s, EXIT_OK);
	out = logged();
	CHECK(strstr(out, "idpmetrics: run finished in ") != NULL);
	CHECK(strstr(out, "exit 0: 1 source ok; 3 rows, 5 requests, 2 not modified (304), 0 warnings") != NULL);
	free(out);
	nightly_summary_release(&s);
	app_release(&app);
	fclose(logfp);
}

static void test_nightly__quarterly_report_once(void)
{
	struct app app;
	struct nightly_summary s;
	struct period closed;
	char dir[] = "/tmp/idpm-nightly-XXXXXX";
	char *report, *state = NULL;
	struct strbuf err = STRBUF_INIT;

	CHECK(mkdtemp(dir) != NULL);
	setup(&app);
	app.log.fp = logfp;
	nightly_summary_init(&s, &app);
	app_period(&app, NULL, -1, &closed);
	CHECK_STREQ(closed.label, "2026-Q3");
	CHECK_INTEQ(nightly_quarterly_report(&app, &closed, dir, &s), EXIT_OK);
	CHECK_STREQ(s.report, "2026-Q3");
	report = xasprintf("%s/2026-Q3/metrics.json", dir);
	CHECK(access(report, F_OK) == 0);
	CHECK(store_state_get(app.db, "run", "report:2026-Q3", &state, &err) == 0);
	CHECK_STREQ(state, "2026-10-02T02:30:00Z");
	free(state);
	/* the next night does not render it again */
	unlink(report);
	s.report[0] = '\0';
	app.now += 86400;
	CHECK_INTEQ(nightly_quarterly_report(&app, &closed, dir, &s), EXIT_OK);
	CHECK(access(report, F_OK) != 0);
	CHECK_STREQ(s.report, "");
	free(report);
	nightly_summary_release(&s);
	app_release(&app);
	fclose(logfp);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_nightly__worst_exit_and_summary);
	RUN(test_nightly__clean_night_is_silent);
	RUN(test_nightly__quarterly_report_once);
	return TEST_RESULT();
}
