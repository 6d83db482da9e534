/* Unit tests: Jira times, search pages, JQL bounds; Typeform forms and responses (the reference bodies in fixtures/api/). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "collect/jira_parse.h"
#include "collect/typeform_parse.h"
#include "test.h"
#include "util/config.h"
#include "util/timeutil.h"

static json_t *fixture(const char *name)
{
	char *path = g_build_filename(IDPM_SOURCE_DIR, "fixtures", "api", name, NULL);
	json_t *doc = json_load_file(path, 0, NULL);

	if (!doc)
		fprintf(stderr, "cannot read %s\n", path);
	g_free(path);
	return doc;
}

static int64_t at(const char *iso)
{
	int64_t t = 0;

	time_parse_iso(iso, NULL, &t);
	return t;
}

static void test_jira__times(void)
{
	int64_t t = 0;

	/* as Jira sends them: milliseconds, an offset without a colon */
	CHECK(!jira_time_parse("2020-06-12T08:15:36.123+0800", &t));
	CHECK_INTEQ(t, at("2020-06-12T00:15:36Z"));
	CHECK(!jira_time_parse("2023-06-24T19:24:50.000+0000", &t));
	CHECK_INTEQ(t, at("2023-06-24T19:24:50Z"));
	CHECK(!jira_time_parse("2026-03-01T00:30:00.5-0530", &t));
	CHECK_INTEQ(t, at("2026-03-01T06:00:00Z"));
	CHECK(!jira_time_parse("2026-03-01T00:30:00+05:30", &t));
	CHECK_INTEQ(t, at("2026-02-28T19:00:00Z"));
	CHECK(!jira_time_parse("2026-03-01T00:30Z", &t));
	CHECK_INTEQ(t, at("2026-03-01T00:30:00Z"));
	/* no guessing: no offset, impossible dates, junk after the time */
	CHECK(jira_time_parse("2026-03-01T00:30:00.000", &t));
	CHECK(jira_time_parse("2026-02-30T00:30:00.000+0000", &t));
	CHECK(jira_time_parse("2026-13-01T00:30:00.000+0000", &t));
	CHECK(jira_time_parse("2026-03-01T00:30:00.000+0000x", &t));
	CHECK(jira_time_parse("2026-03-01T24:30:00.000+0000", &t));
	CHECK(jira_time_parse("2026-03-01T00:30:00.+0000", &t));
	CHECK(jira_time_parse("1", &t));
	CHECK(jira_time_parse("", &t));
	CHECK(jira_time_parse(NULL, &t));
}

static void test_jira__reference_issue(void)
{
	/* the real issue EE-2: localised names, statusCategory done, labels, no components */
	json_t *issue = fixture("jira-issue-cloud.json"), *doc = json_pack("{s:[O]}", "issues", issue);
	struct jira_page p;
	struct strbuf err = STRBUF_INIT;

	CHECK(!jira_parse_page(doc, "u", "labels", &p, &err));
	CHECK_INTEQ(p.n, 1);
	CHECK_STREQ(p.v[0].key, "EE-2");
	CHECK_INTEQ(p.v[0].id, 10064);
	CHECK_INTEQ(p.v[0].created, at("2020-06-12T00:15:36Z"));
	CHECK_INTEQ(p.v[0].resolved, at("2020-06-23T10:20:58Z"));
	CHECK_STREQ(p.v[0].labels, "[\"frontEnd\",\"Saas\"]");
	CHECK_STREQ(p.v[0].components, "[]");
	CHECK_STREQ(p.v[0].team, "frontEnd");
	CHECK(p.is_last && !p.next_token);
	jira_page_release(&p);
	/* the same issue reopened: category "new" although Jira kept the resolutiondate */
	json_object_set_new(json_object_get(json_object_get(json_object_get(issue, "fields"), "status"), "statusCategory"),
			    "key", json_string("new"));
	CHECK(!jira_parse_page(doc, "u", "customfield_10000", &p, &err));
	CHECK_INTEQ(p.v[0].resolved, TIME_NONE);
	jira_page_release(&p);
	/* done without a resolutiondate: when the category changed */
	json_object_set_new(json_object_get(json_object_get(json_object_get(issue, "fields"), "status"), "statusCategory"),
			    "key", json_string("done"));
	json_object_set_new(json_object_get(issue, "fields"), "resolutiondate", json_null());
	json_object_set_new(json_object_get(issue, "fields"), "customfield_10000",
			    json_pack("[{s:s,s:s}]", "value", "Payments", "id", "1"));
	CHECK(!jira_parse_page(doc, "u", "customfield_10000", &p, &err));
	CHECK_INTEQ(p.v[0].resolved, at("2020-06-23T10:20:59Z"));
	CHECK_STREQ(p.v[0].team, "Payments");
	jira_page_release(&p);
	json_decref(doc);
	json_decref(issue);
	strbuf_release(&err);
}

static void test_jira__reference_pages(void)
{
	json_t *cloud = fixture("jira-search-jql.json"), *dc = fixture("jira-search-dc.json");
	struct jira_page p;
	struct strbuf err = STRBUF_INIT;

	/* the documented examples ask for other fields: ED-1 has no created time and is skipped, named */
	CHECK(!jira_parse_page(cloud, "u", "components", &p, &err));
	CHECK_INTEQ(p.listed, 1);
	CHECK_INTEQ(p.n, 0);
	CHECK_INTEQ(p.skipped, 1);
	CHECK(p.first_skipped && strstr(p.first_skipped, "ED-1"));
	CHECK(p.is_last);
	jira_page_release(&p);
	CHECK(!jira_parse_page(dc, "u", "components", &p, &err));
	CHECK_INTEQ(p.start_at, 0);
	CHECK_INTEQ(p.max_results, 50);
	CHECK_INTEQ(p.total, 1);
	jira_page_release(&p);
	/* a page that is not the last; a body that is not a search answer */
	json_object_set_new(cloud, "isLast", json_false());
	json_object_set_new(cloud, "nextPageToken", json_string("CAEaAggD"));
	CHECK(!jira_parse_page(cloud, "u", NULL, &p, &err));
	CHECK(!p.is_last);
	CHECK_STREQ(p.next_token, "CAEaAggD");
	jira_page_release(&p);
	CHECK(jira_parse_page(json_object_get(dc, "warningMessages"), "https://x/rest/api/2/search", NULL, &p, &err));
	CHECK(strstr(err.buf, "https://x/rest/api/2/search: not a Jira search answer"));
	jira_page_release(&p);
	json_decref(cloud);
	json_decref(dc);
	strbuf_release(&err);
}

static void test_jira__jql(void)
{
	GTimeZone *seoul = g_time_zone_new_identifier("Asia/Seoul"), *utc = g_time_zone_new_utc();
	int64_t since = at("2026-11-26T12:00:00Z");
	char *s;

	s = jira_jql_bounded("project = INFRA", since, seoul);
	CHECK_STREQ(s, "(project = INFRA) AND updated >= \"2026-11-26 21:00\" ORDER BY key ASC");
	free(s);
	s = jira_jql_bounded("project = INFRA order  by created DESC", since, utc);
	CHECK_STREQ(s, "(project = INFRA) AND updated >= \"2026-11-26 12:00\" order  by created DESC");
	free(s);
	/* "order by" inside a quoted value is not the clause */
	s = jira_jql_bounded("summary ~ \"order by x\"", TIME_NONE, utc);
	CHECK_STREQ(s, "summary ~ \"order by x\" ORDER BY key ASC");
	free(s);
	s = jira_jql_bounded("", since, utc);
	CHECK_STREQ(s, "updated >= \"2026-11-26 12:00\" ORDER BY key ASC");
	free(s);
	g_time_zone_unref(seoul);
	g_time_zone_unref(utc);
}

static void test_typeform__reference_form(void)
{
	json_t *form = fixture("typeform-form.json"), *fields, *nps;
	struct typeform_form f;
	struct strbuf err = STRBUF_INIT;
	const char *comments[] = { "long-text-typeform" };

	/* 0-5 and 1-10 scales only: no 0-10 question, and the message says which scales there are */
	CHECK(typeform_parse_form(form, "u", NULL, NULL, 0, NULL, &f, &err));
	CHECK(strstr(err.buf, "opinion-scale-typeform (0-5)") && strstr(err.buf, "opinion-scale-no-labels-typeform (1-10)"));
	typeform_form_release(&f);
	strbuf_reset(&err);
	/* an 11-step scale starting at 0 inside a group is found; comments and team by ref */
	fields = json_object_get(json_array_get(json_object_get(form, "fields"), 0), "properties");
	nps = json_pack("{s:s,s:s,s:s,s:{s:i,s:b}}", "id", "NpS", "ref", "nps", "type", "opinion_scale", "properties",
			"steps", 11, "start_at_one", 0);
	json_array_append_new(json_object_get(fields, "fields"), nps);
	CHECK(!typeform_parse_form(form, "u", NULL, comments, 1, "select-dropdown-typeform", &f, &err));
	CHECK_STREQ(f.score_id, "NpS");
	CHECK_INTEQ(f.ncomment, 1);
	CHECK_STREQ(f.comment_ids[0], "gCx4CXfFPddk");
	CHECK_STREQ(f.team_id, "o0cye0lMrUcW");
	typeform_form_release(&f);
	/* an nps field wins over an opinion scale; unknown refs are errors */
	json_array_append_new(json_object_get(form, "fields"), json_pack("{s:s,s:s}", "id", "N2", "type", "nps"));
	CHECK(!typeform_parse_form(form, "u", NULL, NULL, 0, NULL, &f, &err));
	CHECK_STREQ(f.score_id, "N2");
	CHECK_INTEQ(f.ncomment, 1); /* every long_text by default */
	typeform_form_release(&f);
	CHECK(typeform_parse_form(form, "u", "opinion-scale-typeform", NULL, 0, NULL, &f, &err));
	CHECK(strstr(err.buf, "not a 0-10 question"));
	typeform_form_release(&f);
	CHECK(typeform_parse_form(form, "u", NULL, NULL, 0, "team", &f, &err));
	CHECK(strstr(err.buf, "team_field 'team'"));
	typeform_form_release(&f);
	json_decref(form);
	strbuf_release(&err);
}

static void test_typeform__reference_responses(void)
{
	json_t *doc = fixture("typeform-responses.json");
	struct typeform_form f;
	struct typeform_page p;
	struct strbuf err = STRBUF_INIT;
	char score[] = "NRsxU591jIW9", team[] = "hVONkQcnSNRj", comment[] = "DlXFaesGBpoF";
	char *ids[] = { comment };

	/* read the reference page as if its 1-5 opinion scale were the score question */
	memset(&f, 0, sizeof(f));
	f.score_id = score;
	f.score_min = 0;
	f.score_max = 10;
	f.comment_ids = ids;
	f.ncomment = 1;
	f.team_id = team;
	CHECK(!typeform_parse_responses(doc, "u", &f, &p, &err));
	CHECK_INTEQ(p.items, 4);
	CHECK_INTEQ(p.n, 3);
	CHECK_INTEQ(p.unfinished, 1); /* submitted_at 0001-01-01, answers null */
	CHECK_INTEQ(p.total_items, 4);
	CHECK_STREQ(p.last_token, "5fcb3f9c162e1fcdaadff4405b741080");
	CHECK_STREQ(p.v[0].token, "21085286190ffad1248d17c4135ee56f");
	CHECK_INTEQ(p.v[0].submitted, at("2017-09-14T22:38:22Z"));
	CHECK_INTEQ(p.v[0].score, 1);
	CHECK_STREQ(p.v[0].team, "Job opportunities");
	CHECK(p.v[0].comment && strstr(p.v[0].comment, "big, busy city"));
	CHECK_INTEQ(p.v[2].score, 4);
	CHECK(p.v[2].team == NULL);
	/* nothing personal: the e-mail and the name answers are never taken */
	for (size_t i = 0; i < p.n; i++)
		CHECK(!p.v[i].comment || (!strstr(p.v[i].comment, "@") && !strstr(p.v[i].comment, "Lian")));
	typeform_page_release(&p);
	CHECK_INTEQ(typeform_time("0001-01-01T00:00:00Z"), TIME_NONE);
	CHECK(typeform_parse_responses(json_object_get(doc, "items"), "https://t/forms/x/responses", &f, &p, &err));
	CHECK(strstr(err.buf, "https://t/forms/x/responses: not a page"));
	typeform_page_release(&p);
	json_decref(doc);
	strbuf_release(&err);
}

static int load(struct config *cfg, const char *text, struct strbuf *err)
{
	config_release(cfg);
	config_init(cfg);
	strbuf_reset(err);
	return config_load_text(cfg, "t.yaml", text, strlen(text), err);
}

static void test_config__jira_typeform_keys(void)
{
	struct config cfg;
	struct strbuf err = STRBUF_INIT;

	config_init(&cfg);
	/* defaults: incidents from GitHub only, team from components */
	CHECK(config_incidents_from(&cfg, "github") && !config_incidents_from(&cfg, "jira"));
	CHECK_STREQ(cfg.jira.team_field, "components");
	CHECK(!load(&cfg, "jira:\n  base_url: https://acme.atlassian.net\n  email: bot@acme.example\n"
			  "  token: \"${JIRA_TOKEN_UNSET_HERE}\"\n  tickets_jql: 'project = INFRA'\n"
			  "  team_field: customfield_10001\n", &err));
	CHECK_STREQ(cfg.jira.tickets_jql, "project = INFRA");
	CHECK_STREQ(cfg.jira.team_field, "customfield_10001");
	CHECK(!load(&cfg, "dora:\n  incidents: jira\n", &err));
	CHECK(!config_incidents_from(&cfg, "github") && config_incidents_from(&cfg, "jira"));
	CHECK(load(&cfg, "dora:\n  incidents: jiraa\n", &err));
	CHECK(strstr(err.buf, "t.yaml:2:") && strstr(err.buf, "jiraa"));
	CHECK(load(&cfg, "jira:\n  base_url: acme.atlassian.net\n", &err));
	CHECK(strstr(err.buf, "https://"));
	CHECK(load(&cfg, "jira:\n  token: abc\n", &err)); /* a token never lives in the file */
	/* a Typeform source: the form id instead of a path, the API URL defaulted */
	CHECK(!load(&cfg, "surveys:\n  - typeform: hu2FodCY\n    token: \"${TF_UNSET}\"\n    team_field: team\n"
			  "    comment_fields: [why, fix]\n    population: { default: 180 }\n", &err));
	CHECK_INTEQ(cfg.surveys.n, 1);
	CHECK_STREQ(cfg.surveys.v[0].typeform, "hu2FodCY");
	CHECK(cfg.surveys.v[0].path == NULL);
	CHECK_STREQ(cfg.surveys.v[0].api_url, "https://api.typeform.com");
	CHECK_INTEQ(cfg.surveys.v[0].comment_fields.n, 2);
	CHECK_STREQ(cfg.surveys.v[0].token.missing_var, "TF_UNSET");
	CHECK(load(&cfg, "surveys:\n  - typeform: x\n    api_url: api.typeform.com\n", &err));
	CHECK(strstr(err.buf, "t.yaml:3:") && strstr(err.buf, "https://"));
	CHECK(load(&cfg, "surveys:\n  - typeform: x\n    path: a.csv\n", &err));
	CHECK(strstr(err.buf, "both 'path' and 'typeform'"));
	config_release(&cfg);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_config__jira_typeform_keys);
	RUN(test_jira__times);
	RUN(test_jira__reference_issue);
	RUN(test_jira__reference_pages);
	RUN(test_jira__jql);
	RUN(test_typeform__reference_form);
	RUN(test_typeform__reference_responses);
	return TEST_RESULT();
}
