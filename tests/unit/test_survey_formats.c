/* Unit test: survey export formats (detection, columns, filters, keys, bad rows), onboarding and Jira parsing. */
#include <stdlib.h>

#include "collect/onboarding.h"
#include "collect/survey_formats.h"
#include "collect/tickets.h"
#include "compute/onboarding.h"
#include "compute/tickets.h"
#include "test.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static GTimeZone *utc;

static void opts_init(struct survey_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->tz = utc;
	o->salt = "test-salt";
}

static int parse(const char *text, const struct survey_opts *o, struct survey_result *r, struct strbuf *err)
{
	strbuf_reset(err);
	return survey_parse("s.csv", text, strlen(text), o, r, err);
}

static const char *iso(int64_t t)
{
	static char buf[4][32];
	static int k;

	k = (k + 1) % 4;
	time_format_iso(t, buf[k], sizeof(buf[k]));
	return buf[k];
}

static void test_formats__score_parse(void)
{
	static const struct {
		const char *in;
		int want; /* -1: rejected */
	} cases[] = {
		{ "9", 9 }, { " 10 ", 10 }, { "0", 0 }, { "7.0", 7 }, { "10 - Extremely likely", 10 },
		{ "0 (Not at all likely)", 0 }, { "11", -1 }, { "ten", -1 }, { "", -1 }, { "  ", -1 },
		{ "9.5", -1 }, { "-1", -1 }, { "9a", -1 }, { "100", -1 }, { "1000", -1 },
	};
	const char *why;
	int s;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = survey_score_parse(cases[i].in, &s, &why);

		if (cases[i].want < 0 ? !rc : rc || s != cases[i].want) {
			fprintf(stderr, "score '%s': rc %d score %d\n", cases[i].in, rc, rc ? -1 : s);
			test_failures++;
		}
	}
	survey_score_parse("", &s, &why);
	CHECK_STREQ(why, "empty");
	survey_score_parse("11", &s, &why);
	CHECK_STREQ(why, "outside 0-10");
}

static void test_formats__google_forms(void)
{
	/* Forms download in a Korean account: localised Timestamp header, GMT+9, e-mail collected. */
	const char *text = "\xEF\xBB\xBF"
			   "타임스탬프,Email Address,How likely are you to recommend the platform?,Team,"
			   "What should the platform team fix?\r\n"
			   "2026/07/03 9:05:00 AM GMT+9,kim@example.com,9,payments,\"빌드가 느려요,\r\n정말로\"\r\n"
			   "2026/07/03 1:00:00 PM GMT+9,lee@example.com,3,search,\r\n"
			   "\r\n"
			   "2026/07/04 10:00:00 AM GMT+9,park@example.com,10,,Great docs\r\n";
	struct survey_opts o;
	struct survey_result r, r2;
	struct strbuf err = STRBUF_INIT;

	opts_init(&o);
	CHECK(!parse(text, &o, &r, &err));
	CHECK_INTEQ(r.format, SURVEY_GOOGLE_FORMS);
	CHECK_INTEQ(r.n, 3);
	CHECK_INTEQ(r.problems.bad, 0);
	CHECK_INTEQ(r.skipped_blank, 1);
	CHECK_INTEQ(r.rows[0].score, 9);
	CHECK_STREQ(iso(r.rows[0].responded_at), "2026-07-03T00:05:00Z");
	CHECK_STREQ(r.rows[0].team, "payments");
	CHECK_STREQ(r.rows[0].comment, "빌드가 느려요,\n정말로");
	CHECK_INTEQ(r.rows[0].line, 2);
	CHECK_INTEQ(r.rows[1].line, 4);
	CHECK(r.rows[1].comment == NULL);
	CHECK_STREQ(iso(r.rows[1].responded_at), "2026-07-03T04:00:00Z");
	CHECK(r.rows[2].team == NULL);
	CHECK_INTEQ(r.rows[2].line, 6);
	CHECK(strstr(r.columns, "google_forms") && strstr(r.columns, "comments:"));
	/* parsing again gives the same keys; a question added later (a trailing empty cell) changes none */
	CHECK(!parse(text, &o, &r2, &err));
	for (size_t i = 0; i < 3; i++)
		CHECK_STREQ(r2.rows[i].key, r.rows[i].key);
	survey_result_release(&r2);
	CHECK(!parse("Timestamp,Email Address,How likely are you to recommend the platform?,Team,x,New question\n"
		     "2026/07/03 1:00:00 PM GMT+9,lee@example.com,3,search,,\n", &o, &r2, &err));
	CHECK_STREQ(r2.rows[0].key, r.rows[1].key);
	survey_result_release(&r2);
	/* a different salt gives a different key */
	o.salt = "other";
	CHECK(!parse(text, &o, &r2, &err));
	CHECK(strcmp(r2.rows[0].key, r.rows[0].key));
	survey_result_release(&r2);
	survey_result_release(&r);
	strbuf_release(&err);
}

static void test_formats__typeform(void)
{
	const char *text = "#,How likely are you to recommend us?,Why?,email,Response Type,Start Date (UTC),"
			   "Stage Date (UTC),Submit Date (UTC),Network ID,Tags,Ending\n"
			   "abc123,8,'=SUM(A1),x@y.z,completed,2026-07-01 06:24:12,,2026-07-01 06:27:59,938f4331f1,,\n"
			   "def456,9,,q@y.z,partial,2026-07-01 07:00:00,,,938f4331f2,,\n"
			   "ghi789,6,slow CI,r@y.z,completed,2026-07-02 08:00:00,,2026-07-02 08:01:00,938f4331f3,,\n";
	struct survey_opts o;
	struct survey_result r, r2;
	struct strbuf err = STRBUF_INIT;

	opts_init(&o);
	o.tz = g_time_zone_new_identifier("Asia/Seoul"); /* "(UTC)" columns ignore it */
	CHECK(!parse(text, &o, &r, &err));
	CHECK_INTEQ(r.format, SURVEY_TYPEFORM);
	CHECK_INTEQ(r.n, 2);
	CHECK_INTEQ(r.skipped_unfinished, 1);
	CHECK_STREQ(iso(r.rows[0].responded_at), "2026-07-01T06:27:59Z");
	CHECK_STREQ(r.rows[0].comment, "=SUM(A1)"); /* Typeform's formula guard removed */
	CHECK_STREQ(r.rows[1].comment, "slow CI");
	/* keyed by the response token: other cells changing keeps the key */
	CHECK(!parse("#,How likely are you to recommend us?,Why?,email,Response Type,Start Date (UTC),"
		     "Stage Date (UTC),Submit Date (UTC),Network ID,Tags,Ending\n"
		     "ghi789,7,edited,r@y.z,completed,2026-07-02 08:00:00,,2026-07-02 08:01:00,938f4331f3,,\n",
		     &o, &r2, &err));
	CHECK_STREQ(r2.rows[0].key, r.rows[1].key);
	survey_result_release(&r2);
	survey_result_release(&r);
	g_time_zone_unref(o.tz);
	strbuf_release(&err);
}

static void test_formats__surveymonkey(void)
{
	const char *text = "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,"
			   "Custom Data 1,How likely is it that you would recommend the platform to a colleague?,"
			   "What is the one thing we should fix?,Which team are you in?\n"
			   ",,,,,,,,,Response,Open-Ended Response,Response\n"
			   "114,4242,11/05/2026 10:20:00 AM,11/05/2026 10:21:33 AM,10.0.0.1,,,,,10,Nothing,Mobile\n"
			   "115,4242,11/05/2026 11:20:00 AM,11/05/2026 11:21:33 PM,10.0.0.2,,,,,ten,x,Mobile\n";
	struct survey_opts o;
	struct survey_result r;
	struct strbuf err = STRBUF_INIT;

	opts_init(&o);
	o.team_column = "which team";
	CHECK(!parse(text, &o, &r, &err));
	CHECK_INTEQ(r.format, SURVEY_SURVEYMONKEY);
	CHECK_INTEQ(r.n, 1);
	CHECK_INTEQ(r.problems.bad, 1);
	CHECK_STREQ(r.problems.v[0], "s.csv:4: score 'ten' is not a whole number from 0 to 10; row skipped");
	CHECK_STREQ(iso(r.rows[0].responded_at), "2026-11-05T10:21:33Z");
	CHECK_STREQ(r.rows[0].team, "Mobile");
	CHECK_STREQ(r.rows[0].comment, "Nothing");
	survey_result_release(&r);
	strbuf_release(&err);
}

static const char *qualtrics =
	"StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,"
	"RecipientEmail,Q1,Q1_NPS_GROUP,Q2,Q3\n"
	"Start Date,End Date,Response Type,IP Address,Progress,Duration,Finished,Recorded Date,Response ID,"
	"Recipient Email,How likely are you to recommend the platform?,How likely - group,Why?,Team\n"
	"\"{\"\"ImportId\"\":\"\"startDate\"\",\"\"timeZone\"\":\"\"America/Denver\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\","
	"\"\"timeZone\"\":\"\"America/Denver\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"ipAddress\"\"}\","
	"\"{\"\"ImportId\"\":\"\"progress\"\"}\",\"{\"\"ImportId\"\":\"\"duration\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\","
	"\"{\"\"ImportId\"\":\"\"recordedDate\"\",\"\"timeZone\"\":\"\"America/Denver\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\","
	"\"{\"\"ImportId\"\":\"\"recipientEmail\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID1_NPS_GROUP\"\"}\","
	"\"{\"\"ImportId\"\":\"\"QID2_TEXT\"\"}\",\"{\"\"ImportId\"\":\"\"QID3\"\"}\"\n"
	"2026-07-01 08:00:00,2026-07-01 08:05:00,0,1.2.3.4,100,300,1,2026-07-01 08:05:01,R_aaa,a@x.y,9,3,\"Docs,\nplease\",Payments\n"
	"2026-07-01 09:00:00,2026-07-01 09:05:00,1,1.2.3.5,100,300,1,2026-07-01 09:05:01,R_bbb,b@x.y,10,3,,Payments\n"
	"2026-07-01 10:00:00,2026-07-01 10:05:00,IP Address,1.2.3.6,40,300,0,2026-07-01 10:05:01,R_ccc,c@x.y,2,1,,Search\n"
	"2026-07-01 11:00:00,2026-07-01 11:05:00,Survey Test,1.2.3.7,100,300,1,2026-07-01 11:05:01,R_ddd,d@x.y,5,1,,Search\n"
	"2026-07-01 12:00:00,2026-07-01 12:05:00,IP Address,1.2.3.8,100,300,True,2026-07-01 12:05:01,R_eee,e@x.y,11,,,Search\n";

static void test_formats__qualtrics(void)
{
	struct survey_opts o;
	struct survey_result r;
	struct strbuf err = STRBUF_INIT;

	opts_init(&o);
	CHECK(!parse(qualtrics, &o, &r, &err));
	CHECK_INTEQ(r.format, SURVEY_QUALTRICS);
	/* R_bbb preview (1), R_ddd test: skipped; R_ccc unfinished; R_eee scores 11 */
	CHECK_INTEQ(r.n, 1);
	CHECK_INTEQ(r.skipped_tests, 2);
	CHECK_INTEQ(r.skipped_unfinished, 1);
	CHECK_INTEQ(r.problems.bad, 1);
	CHECK_STREQ(r.problems.v[0], "s.csv:9: score '11' is outside 0-10; row skipped");
	CHECK_INTEQ(r.rows[0].score, 9);
	CHECK_INTEQ(r.rows[0].line, 4);
	/* RecordedDate, in the ImportId row's America/Denver (UTC-6 in July) */
	CHECK_STREQ(iso(r.rows[0].responded_at), "2026-07-01T14:05:01Z");
	CHECK_STREQ(r.rows[0].comment, "Docs,\nplease");
	CHECK_STREQ(r.rows[0].team, "Payments"); /* the label row says Team */
	CHECK(strstr(r.columns, "score: column 11") != NULL); /* found through Q1_NPS_GROUP */
	survey_result_release(&r);
	o.include_tests = 1;
	CHECK(!parse(qualtrics, &o, &r, &err));
	CHECK_INTEQ(r.n, 3);
	CHECK_INTEQ(r.skipped_tests, 0);
	survey_result_release(&r);
	strbuf_release(&err);
}

static void test_formats__qualtrics_legacy_same_key(void)
{
	const char *legacy = "\xEF\xBB\xBFV1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2,\n"
			     "ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,"
			     "EndDate,Finished,How likely are you to recommend the platform?,Why?,\n"
			     "R_aaa,Default Response Set,Anonymous,,,1.2.3.4,0,2026-07-01 08:00:00,2026-07-01 08:05:00,1,9,,\n";
	struct survey_opts o;
	struct survey_result r, cur;
	struct strbuf err = STRBUF_INIT;

	opts_init(&o);
	CHECK(!parse(legacy, &o, &r, &err));
	CHECK_INTEQ(r.format, SURVEY_QUALTRICS_LEGACY);
	CHECK_INTEQ(r.n, 1);
	CHECK(!parse(qualtrics, &o, &cur, &err));
	/* the same ResponseID in the legacy and the current export is the same response */
	CHECK_STREQ(r.rows[0].key, cur.rows[0].key);
	survey_result_release(&r);
	survey_result_release(&cur);
	strbuf_release(&err);
}

static void test_formats__ms_forms_and_generic(void)
{
	const char *ms = "ID,Start time,Completion time,Email,Name,How likely are you to recommend the platform?,Team\n"
			 "1,9/9/26 18:01,9/9/26 18:02,anonymous,,7,Data\n";
	const char *gen = "when,squad,nps score,free text,reporter\n"
			  "18/03/2026 18:42,core,4,too many tickets,alice\n"
			  "2/03/2026 08:00,core,8,,bob\n";
	struct survey_opts o;
	struct survey_result r;
	struct strbuf err = STRBUF_INIT;
	const char *comments[] = { "free text" };

	opts_init(&o);
	CHECK(!parse(ms, &o, &r, &err));
	CHECK_INTEQ(r.format, SURVEY_MS_FORMS);
	CHECK_STREQ(iso(r.rows[0].responded_at), "2026-09-09T18:02:00Z");
	CHECK_STREQ(r.rows[0].team, "Data");
	survey_result_release(&r);
	opts_init(&o);
	o.score_column = "/^nps/";
	o.timestamp_column = "when";
	o.team_column = "squad";
	o.comment_columns = comments;
	o.ncomment = 1;
	CHECK(!parse(gen, &o, &r, &err));
	CHECK_INTEQ(r.format, SURVEY_GENERIC);
	CHECK_INTEQ(r.n, 2);
	/* 18/03 can only be day first, so the whole file is read day first: 2/03 is 2 March */
	CHECK_STREQ(iso(r.rows[0].responded_at), "2026-03-18T18:42:00Z");
	CHECK_STREQ(iso(r.rows[1].responded_at), "2026-03-02T08:00:00Z");
	CHECK_STREQ(r.rows[0].comment, "too many tickets");
	survey_result_release(&r);
	strbuf_release(&err);
}

static void test_formats__errors(void)
{
	struct survey_opts o;
	struct survey_result r;
	struct strbuf err = STRBUF_INIT;
	const char *comments[] = { "Email Address" };
	const char *mixed = "Timestamp,How likely to recommend?\n18/03/2026 10:00,5\n03/18/2026 10:00,5\n";

	opts_init(&o);
	CHECK(parse("a,b\n1,2\n", &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "s.csv: cannot tell which survey tool exported this file") != NULL);
	survey_result_release(&r);
	CHECK(parse("", &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "the file is empty") != NULL);
	survey_result_release(&r);
	CHECK(parse("Timestamp,Score\n2026-07-01,5\n", &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "no column looks like the 0-10 score question") != NULL);
	survey_result_release(&r);
	o.score_column = "How likely";
	CHECK(parse("Timestamp,How likely (platform),How likely (docs)\n2026-07-01,5,5\n", &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "score_column 'How likely' matches 2 columns") != NULL);
	survey_result_release(&r);
	o.score_column = "nothing like this";
	CHECK(parse("Timestamp,How likely\n2026-07-01,5\n", &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "score_column 'nothing like this' matches no column; the header has 'Timestamp', "
			      "'How likely'") != NULL);
	survey_result_release(&r);
	o.score_column = "/(/";
	CHECK(parse("Timestamp,How likely\n2026-07-01,5\n", &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "is not a valid regular expression") != NULL);
	survey_result_release(&r);
	/* personal data cannot be made a comment */
	opts_init(&o);
	o.comment_columns = comments;
	o.ncomment = 1;
	CHECK(parse("Timestamp,Email Address,How likely to recommend?\n2026-07-01,a@b.c,5\n", &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "holds personal data") != NULL);
	survey_result_release(&r);
	/* a 1-11 scale */
	opts_init(&o);
	CHECK(parse("Timestamp,How likely to recommend?\n2026-07-01,11\n2026-07-02,11\n2026-07-03,5\n", &o, &r, &err) ==
	      -1);
	CHECK(strstr(err.buf, "choice positions 1-11") != NULL);
	survey_result_release(&r);
	/* month first and day first in one file */
	CHECK(parse(mixed, &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "month first on line 3 but day first on line 2") != NULL);
	survey_result_release(&r);
	/* broken CSV: the line where the record starts */
	CHECK(parse("Timestamp,How likely to recommend?\n2026-07-01,5\n2026-07-02,\"5\n", &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "s.csv:3: the quoted cell opened on line 3 is never closed") != NULL);
	survey_result_release(&r);
	/* a forced format that is not what the file is */
	o.format = SURVEY_TYPEFORM;
	CHECK(parse("Timestamp,How likely to recommend?\n2026-07-01,5\n", &o, &r, &err) == -1);
	CHECK(strstr(err.buf, "no submission time column for a typeform export") != NULL);
	survey_result_release(&r);
	strbuf_release(&err);
}

static void test_formats__bad_rows(void)
{
	const char *text = "Timestamp,How likely to recommend?,Why\n"
			   "2026-07-01 10:00,9,\"a\nmulti-line\ncomment\"\n"
			   "2026-07-01 11:00,11,\n"
			   "2026-07-01 12:00,ten,\n"
			   "2026-07-01 13:00,,\n"
			   "not a time,5,\n"
			   "2026-07-01 14:00,0,\n";
	struct survey_opts o;
	struct survey_result r;
	struct strbuf err = STRBUF_INIT;

	opts_init(&o);
	CHECK(!parse(text, &o, &r, &err));
	CHECK_INTEQ(r.n, 2);
	CHECK_INTEQ(r.problems.bad, 4);
	CHECK_INTEQ(r.problems.n, 4);
	CHECK_STREQ(r.problems.v[0], "s.csv:5: score '11' is outside 0-10; row skipped");
	CHECK_STREQ(r.problems.v[1], "s.csv:6: score 'ten' is not a whole number from 0 to 10; row skipped");
	CHECK_STREQ(r.problems.v[2], "s.csv:7: the score is empty; row skipped");
	CHECK_STREQ(r.problems.v[3], "s.csv:8: 'not a time' is not a date and time; row skipped");
	CHECK_INTEQ(r.rows[1].line, 9);
	survey_result_release(&r);
	strbuf_release(&err);
}

static void test_formats__names(void)
{
	enum survey_format f;

	CHECK(!survey_format_from_name("Qualtrics_Legacy", &f));
	CHECK_INTEQ(f, SURVEY_QUALTRICS_LEGACY);
	CHECK(!survey_format_from_name("auto", &f));
	CHECK_INTEQ(f, SURVEY_AUTO);
	CHECK(survey_format_from_name("excel", &f) == -1);
	CHECK_STREQ(survey_format_name(SURVEY_GOOGLE_FORMS), "google_forms");
}

static void test_onboarding__parse(void)
{
	const char *text = "Name,Team,Start date,First merged PR\n"
			   "Kim Minji,payments,2026-07-01,2026-07-09\n"
			   "LEE JOON,search,2026-07-06,\n"
			   "Park,search,2026-07-10,2026-07-02\n"
			   ",search,2026-07-10,2026-07-12\n"
			   "Choi,mobile,someday,2026-07-12\n";
	struct onboarding_result r, r2;
	struct strbuf err = STRBUF_INIT;
	struct onboarding_obs obs[3] = { { "a", 8 }, { "a", -1 }, { "b", 2 } };
	struct onboarding_summary s;

	CHECK(!onboarding_parse("o.csv", text, strlen(text), utc, DATETEXT_AUTO, "salt", &r, &err));
	CHECK_INTEQ(r.n, 2);
	CHECK_INTEQ(r.problems.bad, 3);
	CHECK_STREQ(r.problems.v[0], "o.csv:4: the first productive date 2026-07-02 is before the start date 2026-07-10; "
				   "row skipped");
	CHECK_STREQ(r.problems.v[1], "o.csv:5: the person is empty; row skipped");
	CHECK_STREQ(r.problems.v[2], "o.csv:6: start date 'someday' is not a date; row skipped");
	CHECK_STREQ(r.rows[0].start_date, "2026-07-01");
	CHECK_STREQ(r.rows[0].productive_date, "2026-07-09");
	CHECK_INTEQ(r.rows[0].days, 8);
	CHECK_STREQ(r.rows[1].productive_date, "");
	CHECK(strlen(r.rows[0].key) == HASHKEY_LEN && !strstr(r.rows[0].key, "Kim"));
	/* the person is matched case-insensitively: "lee joon" is the same person */
	text = "person,start,productive\nlee joon,2026-07-06,2026-07-08\n";
	CHECK(!onboarding_parse("o2.csv", text, strlen(text), utc, DATETEXT_AUTO, "salt", &r2, &err));
	CHECK_STREQ(r2.rows[0].key, r.rows[1].key);
	onboarding_result_release(&r2);
	text = "who,when\nx,y\n";
	CHECK(onboarding_parse("o3.csv", text, strlen(text), utc, DATETEXT_AUTO, "salt", &r2, &err) == -1);
	CHECK(strstr(err.buf, "o3.csv:1: no person") != NULL);
	onboarding_result_release(&r2);
	onboarding_result_release(&r);
	onboarding_summarise(obs, 3, &s);
	CHECK_INTEQ(s.started, 3);
	CHECK_INTEQ(s.productive, 2);
	CHECK_NEAR(s.p50_days, 5.0, 1e-12); /* type 7 median of 2 and 8 */
	strbuf_release(&err);
}

static void test_tickets__parse_and_filter(void)
{
	const char *text = "Summary,Issue key,Issue id,Issue Type,Status,Created,Resolved,Labels,Labels,Components,"
			   "Component/s,Custom field (Team),Description\n"
			   "Need a DB,OPS-1,1,Task,Done,12/Mar/26 9:41 AM,14/Mar/26 10:00 AM,infra,urgent,Databases,,payments,"
			   "\"multi\nline\"\n"
			   "Feature,OPS-2,2,Story,To Do,13/Mar/26 8:00 PM,,feature,,,,,x\n"
			   "Broken,OPS-3,3,Bug,To Do,not a date,,,,,,,\n"
			   "Access,OPS-4,4,Task,Done,14/Mar/26 8:00 AM,,access  vpn,,Infrastructure,Networking,search,\n";
	struct ticket_result r;
	struct strbuf err = STRBUF_INIT;
	struct config cfg;

	CHECK(!tickets_parse("j.csv", text, strlen(text), utc, DATETEXT_AUTO, &r, &err));
	CHECK_INTEQ(r.n, 3);
	CHECK_INTEQ(r.problems.bad, 1);
	CHECK_STREQ(r.problems.v[0], "j.csv:5: OPS-3: Created 'not a date' is not a date and time; row skipped");
	CHECK_STREQ(r.rows[0].key, "OPS-1");
	CHECK_STREQ(iso(r.rows[0].created_at), "2026-03-12T09:41:00Z");
	CHECK_STREQ(iso(r.rows[0].resolved_at), "2026-03-14T10:00:00Z");
	CHECK_STREQ(r.rows[0].labels, "[\"infra\",\"urgent\"]");
	CHECK_STREQ(r.rows[0].components, "[\"Databases\"]");
	CHECK_STREQ(r.rows[0].team, "payments");
	CHECK(r.rows[1].resolved_at == TIME_NONE);
	CHECK(r.rows[1].team == NULL);
	CHECK_STREQ(r.rows[2].labels, "[\"access\",\"vpn\"]");
	CHECK_STREQ(r.rows[2].components, "[\"Infrastructure\",\"Networking\"]");
	CHECK(r.has_labels && r.has_components && r.has_team);
	config_init(&cfg);
	CHECK(tickets_is_infra(&cfg, r.rows[1].labels, r.rows[1].components)); /* no filter: everything */
	cfg.tickets.labels.v = xcalloc(1, sizeof(char *));
	cfg.tickets.labels.v[0] = xstrdup("INFRA*");
	cfg.tickets.labels.n = 1;
	cfg.tickets.components.v = xcalloc(1, sizeof(char *));
	cfg.tickets.components.v[0] = xstrdup("infrastructure");
	cfg.tickets.components.n = 1;
	CHECK(tickets_is_infra(&cfg, r.rows[0].labels, r.rows[0].components));  /* label, case-insensitive glob */
	CHECK(!tickets_is_infra(&cfg, r.rows[1].labels, r.rows[1].components));
	CHECK(tickets_is_infra(&cfg, r.rows[2].labels, r.rows[2].components));  /* component */
	config_release(&cfg);
	ticket_result_release(&r);
	text = "Summary,Created\nx,1/1/26\n";
	CHECK(tickets_parse("j.csv", text, strlen(text), utc, DATETEXT_AUTO, &r, &err) == -1);
	CHECK(strstr(err.buf, "no 'Issue key' column") != NULL);
	ticket_result_release(&r);
	strbuf_release(&err);
}

int main(void)
{
	utc = g_time_zone_new_utc();
	RUN(test_formats__score_parse);
	RUN(test_formats__google_forms);
	RUN(test_formats__typeform);
	RUN(test_formats__surveymonkey);
	RUN(test_formats__qualtrics);
	RUN(test_formats__qualtrics_legacy_same_key);
	RUN(test_formats__ms_forms_and_generic);
	RUN(test_formats__errors);
	RUN(test_formats__bad_rows);
	RUN(test_formats__names);
	RUN(test_onboarding__parse);
	RUN(test_tickets__parse_and_filter);
	g_time_zone_unref(utc);
	return TEST_RESULT();
}
