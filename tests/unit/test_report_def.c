/* Unit tests: the report definition (reports/quarterly.json) is checked entry by entry; sheet names. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "compute/report_def.h"
#include "test.h"
#include "util/fsutil.h"
#include "util/safefile.h"
#include "util/xalloc.h"

static void test_report_def__builtin(void)
{
	struct report_def d;
	struct strbuf err = STRBUF_INIT;
	const struct report_dataset *ds;

	CHECK(!report_def_load(NULL, "quarterly", &d, &err));
	CHECK_STREQ(err.buf, "");
	CHECK_INTEQ(d.history, 8);
	CHECK_INTEQ(d.scorecard.n, 10);
	CHECK(d.nsections >= 10);
	CHECK_INTEQ(d.sections[0].kind, SEC_SCORECARD);
	ds = report_def_dataset(&d, "scaffolder_tasks");
	CHECK(ds != NULL);
	CHECK_STREQ(ds ? ds->query : NULL, "report/scaffolder_tasks");
	CHECK_INTEQ(ds ? ds->nfigures : 0, 4);
	CHECK(ds && ds->figures[3].kind == FIG_RATIO && ds->figures[3].nden == 3);
	CHECK(report_def_chart(&d, "lead_time_distribution") != NULL);
	CHECK(report_def_chart(&d, "nope") == NULL);
	report_def_release(&d);
	strbuf_release(&err);
}

/* Load TEXT as quarterly.json from a definitions directory; returns the error text (caller frees) or NULL. */
static char *load_text(const char *text)
{
	char dir[] = "/tmp/idpm-def-XXXXXX";
	struct config cfg;
	struct report_def d;
	struct strbuf err = STRBUF_INIT;
	char *file, *res = NULL;

	if (!mkdtemp(dir))
		return xstrdup("mkdtemp failed");
	file = fs_join(dir, "quarterly.json");
	safefile_write(file, text, strlen(text), 0600, &err);
	config_init(&cfg);
	cfg.reporting.definitions_dir = xstrdup(dir);
	if (report_def_load(&cfg, "quarterly", &d, &err))
		res = xstrdup(err.buf);
	else
		report_def_release(&d);
	config_release(&cfg);
	unlink(file);
	rmdir(dir);
	free(file);
	strbuf_release(&err);
	return res;
}

static void expect_error(const char *text, const char *part)
{
	char *e = load_text(text);

	CHECK(e != NULL);
	if (e && !strstr(e, part)) {
		fprintf(stderr, "error '%s' lacks '%s'\n", e, part);
		CHECK(0);
	}
	if (e)
		CHECK(strstr(e, "quarterly.json") != NULL);
	free(e);
}

static void test_report_def__errors(void)
{
	char *ok = load_text("{\"sections\":[{\"id\":\"s\",\"kind\":\"scorecard\"}],\"scorecard\":[\"developer_nps\"]}");

	CHECK(ok == NULL);
	free(ok);
	expect_error("{\"sections\":[], \"scorecard\":[\"nope\"]}", "unknown metric 'nope'");
	expect_error("{\"sections\":[{\"id\":\"s\",\"kind\":\"pie\"}]}", "section 's'");
	expect_error("{\"sections\":[{\"id\":\"a b\",\"kind\":\"kpi\"}]}", "letters, digits");
	expect_error("{\"sections\":[{\"id\":\"s\",\"kind\":\"kpi\"},{\"id\":\"s\",\"kind\":\"kpi\"}]}", "used twice");
	expect_error("{\"sections\":[{\"id\":\"s\",\"kind\":\"kpi\",\"charts\":[\"c\"]}]}", "chart");
	expect_error("{\"sections\":[],\"datasets\":[{\"name\":\"d\",\"query\":\"store/metric_put\"}]}", "under report/");
	expect_error("{\"sections\":[],\"datasets\":[{\"name\":\"d\",\"query\":\"report/scaffolder_tasks\","
		     "\"sheet\":\"a:b\"}]}", "sheet name");
	expect_error("{\"sections\":[],\"datasets\":[{\"name\":\"d\",\"query\":\"report/scaffolder_tasks\","
		     "\"figures\":[{\"metric\":\"services_created\",\"count\":[{\"status\":\"x\\\")+cmd(\\\"\"}]}]}]}",
		     "plain text");
	expect_error("{\"sections\":[],\"datasets\":[{\"name\":\"d\",\"query\":\"report/scaffolder_tasks\","
		     "\"figures\":[{\"metric\":\"services_created\",\"percentile\":2,\"column\":\"x\"}]}]}", "from 0 to 1");
	expect_error("{\"sections\":[],\"charts\":[{\"name\":\"c\",\"type\":\"histogram\",\"dataset\":\"none\","
		     "\"column\":\"x\",\"bins\":[0,5]}]}", "dataset");
	expect_error("{\"sections\":[],\"charts\":[{\"name\":\"c\",\"type\":\"trend\",\"metrics\":[]}]}", "needs 'metrics'");
	expect_error("{\"sections\":[],\"history_quarters\":12}", "4 to 8");
	expect_error("{\"sections\": [", "quarterly.json:");
}

static void test_report_def__sheet_names(void)
{
	struct strbuf err = STRBUF_INIT;

	CHECK(!report_sheet_name_check("Scaffolder tasks", &err));
	CHECK(!report_sheet_name_check("it's fine", &err));
	CHECK(report_sheet_name_check("", &err));
	CHECK(report_sheet_name_check("a/b", &err));
	CHECK(report_sheet_name_check("[x]", &err));
	CHECK(report_sheet_name_check("'quoted'", &err));
	CHECK(report_sheet_name_check("0123456789012345678901234567890123", &err));
	CHECK(report_sheet_name_check("팀별", &err)); /* ASCII only: 1.1.4 mishandles long UTF-8 names */
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_report_def__builtin);
	RUN(test_report_def__errors);
	RUN(test_report_def__sheet_names);
	return TEST_RESULT();
}
