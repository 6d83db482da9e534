/* Unit tests: periods, fiscal quarters, time zones and ISO 8601 parsing. */
#include "test.h"
#include "util/period.h"
#include "util/timeutil.h"

static void test_period__calendar_quarter(void)
{
	GTimeZone *utc = g_time_zone_new_utc();
	struct period_cfg cfg = { utc, 1 };
	struct period p, q;
	struct strbuf err = STRBUF_INIT;
	int64_t t;

	CHECK(!period_parse("2026-Q3", &cfg, &p, &err));
	CHECK_STREQ(p.label, "2026-Q3");
	CHECK(!time_parse_iso("2026-07-01T00:00:00Z", NULL, &t));
	CHECK_INTEQ(p.start, t);
	CHECK(!time_parse_iso("2026-10-01T00:00:00Z", NULL, &t));
	CHECK_INTEQ(p.end, t);
	period_shift(&p, -1, &cfg, &q);
	CHECK_STREQ(q.label, "2026-Q2");
	period_shift(&p, 2, &cfg, &q);
	CHECK_STREQ(q.label, "2027-Q1");
	period_at(t - 1, PERIOD_QUARTER, &cfg, &q);
	CHECK_STREQ(q.label, "2026-Q3");
	CHECK(period_parse("2026-Q5", &cfg, &p, &err));
	CHECK(period_parse("26-Q1", &cfg, &p, &err));
	CHECK(period_parse("2026-13", &cfg, &p, &err));
	CHECK(!period_parse("2026-09", &cfg, &p, &err));
	CHECK_INTEQ(p.end - p.start, 30 * 86400);
	strbuf_release(&err);
	g_time_zone_unref(utc);
}

static void test_period__fiscal_and_zone(void)
{
	GTimeZone *seoul = g_time_zone_new_identifier("Asia/Seoul");
	struct period_cfg cfg = { seoul, 4 };
	struct period p;
	struct strbuf err = STRBUF_INIT;
	int64_t t;

	/* Fiscal year starting in April: 2026-Q1 is April-June 2026, local midnight in Seoul (UTC+9). */
	CHECK(!period_parse("2026-Q1", &cfg, &p, &err));
	CHECK(!time_parse_iso("2026-03-31T15:00:00Z", NULL, &t));
	CHECK_INTEQ(p.start, t);
	/* 2027-02-10 belongs to fiscal 2026-Q4 */
	CHECK(!time_parse_iso("2027-02-10T12:00:00Z", NULL, &t));
	period_at(t, PERIOD_QUARTER, &cfg, &p);
	CHECK_STREQ(p.label, "2026-Q4");
	/* 2026-06-30T16:00Z is already July 1st in Seoul: fiscal Q2 */
	CHECK(!time_parse_iso("2026-06-30T16:00:00Z", NULL, &t));
	period_at(t, PERIOD_QUARTER, &cfg, &p);
	CHECK_STREQ(p.label, "2026-Q2");
	strbuf_release(&err);
	g_time_zone_unref(seoul);
}

static void test_period__iso8601(void)
{
	int64_t t;

	CHECK(!time_parse_iso("2023-10-30T11:00:46.211Z", NULL, &t));
	CHECK_INTEQ(t, 1698663646);
	CHECK(!time_parse_iso("2020-01-08T23:48:37.000-08:00", NULL, &t));
	CHECK_INTEQ(t, 1578556117);
	CHECK(!time_parse_iso("2026-07-01", NULL, &t));
	CHECK_INTEQ(t, 1782864000);
	CHECK(!time_parse_iso("2026-07-01T10:00Z", NULL, &t));
	CHECK_INTEQ(t, 1782900000);
	CHECK(time_parse_iso("yesterday", NULL, &t));
	CHECK(time_parse_iso("", NULL, &t));
}

int main(void)
{
	RUN(test_period__calendar_quarter);
	RUN(test_period__fiscal_and_zone);
	RUN(test_period__iso8601);
	return TEST_RESULT();
}
