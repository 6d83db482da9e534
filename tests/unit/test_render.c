/* Unit tests: CSV quoting and formula neutralisation, HTML escaping and text cleaning. */
#include <stdlib.h>
#include <string.h>

#include "compute/report_model.h"
#include "render/csvw.h"
#include "render/escape.h"
#include "render/html_team.h"
#include "render/messages.h"
#include "render/openmetrics.h"
#include "test.h"
#include "util/defs.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static void test_render__team_slug(void)
{
	char *a, *b;

	a = team_slug("team:payments");
	CHECK_STREQ(a, "payments");
	free(a);
	a = team_slug("team:data-platform");
	CHECK_STREQ(a, "data-platform");
	free(a);
	/* anything that is not already a slug gets a hash of the name: safe and distinct */
	a = team_slug("team:<script>alert(1)</script>");
	CHECK(!strncmp(a, "script-alert-1-script-", 22));
	CHECK(strspn(a, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(a));
	free(a);
	a = team_slug("team:결제팀");
	b = team_slug("team:배포팀");
	CHECK(!strncmp(a, "team-", 5) && strlen(a) == 13);
	CHECK(strcmp(a, b) != 0);
	free(a);
	free(b);
	a = team_slug("team:Payments");
	b = team_slug("team:payments");
	CHECK(strcmp(a, b) != 0); /* two teams, two files */
	free(a);
	free(b);
	a = team_slug("team:x/..\\y.z");
	CHECK(!strchr(a, '/') && !strchr(a, '.'));
	free(a);
}

static void test_render__csv(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct csvw w;

	csvw_init(&w, fp, 1);
	csvw_text(&w, "=HYPERLINK(\"http://x\")");
	csvw_text(&w, "-5");
	csvw_text(&w, "a,b\nc");
	csvw_raw(&w, "plain");
	csvw_num(&w, 0.25);
	csvw_num(&w, NAN);
	csvw_end(&w);
	fclose(fp);
	CHECK_STREQ(buf, "\xEF\xBB\xBF\"'=HYPERLINK(\"\"http://x\"\")\",\"'-5\",\"a,b\nc\",plain,0.25,\r\n");
	free(buf);
}

static void test_render__html(void)
{
	char *e = html_escape("<script>alert('x')</script> & \"q\"");
	char *c;

	CHECK_STREQ(e, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;");
	free(e);
	c = text_clean("ok\xe2\x80\xae" "evil\x01\xff 빌드");
	CHECK_STREQ(c, "okevil\xef\xbf\xbd 빌드");
	free(c);
}

static void test_render__csv_cleans(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct csvw w;

	csvw_init(&w, fp, 0);
	/* a bidi override first must not hide a formula from the check */
	csvw_text(&w, "\xe2\x80\xae=1+1");
	csvw_text(&w, "\xe2\x80\x8f@SUM(A1)");
	csvw_end(&w);
	fclose(fp);
	CHECK_STREQ(buf, "\"'=1+1\",\"'@SUM(A1)\"\r\n");
	free(buf);
}

/* A model with just the message catalogues, as the renderers see it. */
static void model_init(struct report_model *m, const char *lang)
{
	struct strbuf err = STRBUF_INIT;
	char name[32];

	memset(m, 0, sizeof(*m));
	m->lang = lang;
	snprintf(name, sizeof(name), "messages-%s", lang);
	CHECK(!defs_load(NULL, "messages-en", &m->messages_en, &err));
	CHECK(!defs_load(NULL, name, &m->messages, &err));
	CHECK(!defs_load(NULL, "bands", &m->bands, &err));
	strbuf_release(&err);
}

static void model_free(struct report_model *m)
{
	json_decref(m->messages);
	json_decref(m->messages_en);
	json_decref(m->bands);
}

#define CHECK_FMT(expr, want)            \
	do {                             \
		char *s_ = (expr);       \
		CHECK_STREQ(s_, want);   \
		free(s_);                \
	} while (0)

static void test_render__format(void)
{
	struct report_model m;
	const char *args[2] = { "A", "B" };
	char buf[32];

	model_init(&m, "en");
	fmt_num(23.449, buf, sizeof(buf));
	CHECK_STREQ(buf, "23.4");
	fmt_num(30.0, buf, sizeof(buf));
	CHECK_STREQ(buf, "30");
	fmt_num(-0.01, buf, sizeof(buf));
	CHECK_STREQ(buf, "0");
	fmt_num(1234.5, buf, sizeof(buf));
	CHECK_STREQ(buf, "1234");
	CHECK_FMT(fmt_value(&m, "minutes", 42), "42 min");
	CHECK_FMT(fmt_value(&m, "minutes", 95), "1.6 h");
	CHECK_FMT(fmt_value(&m, "minutes", 3000), "2.1 days");
	CHECK_FMT(fmt_value(&m, "hours", 0.8), "48 min");
	CHECK_FMT(fmt_value(&m, "days", 7.5), "7.5 days");
	CHECK_FMT(fmt_value(&m, "fraction", 0.724), "72.4 %");
	CHECK_FMT(fmt_value(&m, "nps", 23.4), "+23");
	CHECK_FMT(fmt_value(&m, "nps", -0.2), "0");
	CHECK_FMT(fmt_value(&m, "nps", -12.6), "-13");
	CHECK_FMT(fmt_value(&m, "count", 12), "12");
	CHECK_FMT(fmt_value(&m, "per_week", 4.26), "4.3/week");
	CHECK_FMT(fmt_value(&m, "minutes", NAN), "no data");
	CHECK_FMT(fmt_delta(&m, "fraction", 0.8, 0.7), "+10 pp");
	CHECK_FMT(fmt_delta(&m, "minutes", 30, 90), "-60 min");
	CHECK_FMT(fmt_delta(&m, "nps", 20, 20), "±0 pts");
	CHECK(fmt_delta(&m, "nps", NAN, 20) == NULL);
	CHECK_INTEQ(delta_sense(metric_def_find("service_creation_lead_time_p50_minutes"), 30, 90), 1);
	CHECK_INTEQ(delta_sense(metric_def_find("developer_nps"), 10, 20), -1);
	CHECK_INTEQ(delta_sense(metric_def_find("deployments"), 10, 20), 0);
	CHECK_FMT(msg_fmt(&m, "nps.interval_value", 2, args), "A to B");
	CHECK_STREQ(msg(&m, "no.such.key"), "no.such.key");
	CHECK_STREQ(metric_target(&m, "golden_path_adoption_rate"), "≥ 80 %");
	CHECK_NEAR(metric_target_value(&m, "developer_nps"), 40, 0);
	CHECK(isnan(metric_target_value(&m, "deployments")));
	model_free(&m);

	model_init(&m, "ko");
	CHECK_FMT(fmt_value(&m, "minutes", 42), "42분");
	CHECK_FMT(fmt_value(&m, "fraction", 0.5), "50%");
	CHECK_STREQ(band_word(&m, "poor"), "미흡");
	/* a key the Korean catalogue lacks falls back to English */
	CHECK_STREQ(msg(&m, "short.service_creation_lead_time_p50_minutes"), "p50");
	model_free(&m);
}

static void add_row(struct metric_rows *rows, const char *metric, const char *scope, const char *unit,
		    const char *band, const char *tier, double v)
{
	struct metric_row *r;

	if (!rows->strings) /* the rows' strings live in the set's chunk, as store_metrics_load() keeps them */
		rows->strings = g_string_chunk_new(1024);
	XGROW(rows->v, rows->alloc, rows->n + 1);
	r = &rows->v[rows->n++];
	memset(r, 0, sizeof(*r));
	r->metric = g_string_chunk_insert_const(rows->strings, metric);
	r->period = g_string_chunk_insert_const(rows->strings, "2026-Q3");
	r->scope = g_string_chunk_insert(rows->strings, scope);
	r->unit = g_string_chunk_insert_const(rows->strings, unit);
	r->band = band ? g_string_chunk_insert_const(rows->strings, band) : NULL;
	r->tier = tier ? g_string_chunk_insert_const(rows->strings, tier) : NULL;
	r->value = v;
}

static void test_render__openmetrics(void)
{
	struct metric_rows set = { 0 };
	struct source_status *src = xcalloc(2, sizeof(*src));
	struct strbuf lab = STRBUF_INIT, err = STRBUF_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	add_row(&set, "developer_nps", "org", "nps", "good", NULL, 23.5);
	add_row(&set, "developer_nps", "team:a\"b\\c\nd", "nps", NULL, NULL, NAN);
	add_row(&set, "lead_time_for_changes_p50_hours", "service:x", "hours", NULL, "elite", 3);
	src[0].source = xstrdup("github");
	src[0].last_ok = 1700000000;
	src[0].last_status = xstrdup("partial");
	src[1].source = xstrdup("surveys");
	src[1].last_ok = TIME_NONE;
	src[1].last_status = xstrdup("failed");
	openmetrics_label(&lab, "a\"b\\c\nd");
	CHECK_STREQ(lab.buf, "a\\\"b\\\\c\\nd");
	fp = open_memstream(&buf, &len);
	CHECK(!openmetrics_write(fp, &set, src, 2, &err));
	fclose(fp);
	CHECK(strstr(buf, "# TYPE idpmetrics_developer_nps gauge\n") != NULL);
	CHECK(strstr(buf, "idpmetrics_developer_nps{scope=\"org\",period=\"2026-Q3\",band=\"good\"} 23.5\n") != NULL);
	/* no data: no sample (never a fake 0) */
	CHECK(strstr(buf, "team:a") == NULL);
	CHECK(strstr(buf, "# UNIT idpmetrics_lead_time_for_changes_p50_hours hours\n") != NULL);
	CHECK(strstr(buf, "{scope=\"service:x\",period=\"2026-Q3\",tier=\"elite\"} 3\n") != NULL);
	CHECK(strstr(buf, "idpmetrics_source_last_success_timestamp_seconds{source=\"github\"} 1700000000\n") != NULL);
	CHECK(strstr(buf, "{source=\"surveys\"} 0\n") != NULL);
	CHECK(len > 6 && !strcmp(buf + len - 6, "# EOF\n"));
	free(buf);
	strbuf_release(&lab);
	strbuf_release(&err);
	metric_rows_release(&set);
	report_sources_free(src, 2);
}

int main(void)
{
	RUN(test_render__team_slug);
	RUN(test_render__csv);
	RUN(test_render__csv_cleans);
	RUN(test_render__format);
	RUN(test_render__openmetrics);
	RUN(test_render__html);
	return TEST_RESULT();
}
