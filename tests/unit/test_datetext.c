/* Unit test: dates and times as survey tools, spreadsheets and Jira write them. */
#include "test.h"
#include "util/datetext.h"
#include "util/timeutil.h"

static const struct {
	const char *in;
	enum datetext_order order;
	const char *zone;   /* zone for times without an offset; NULL = UTC */
	const char *want;   /* UTC ISO, or NULL when it must not parse */
} cases[] = {
	/* Google Forms download: the form owner's offset is in the text */
	{ "2023/06/04 1:28:19 PM GMT+5:30", DATETEXT_AUTO, NULL, "2023-06-04T07:58:19Z" },
	{ "2026/07/03 9:05:00 AM GMT+9", DATETEXT_AUTO, NULL, "2026-07-03T00:05:00Z" },
	{ "2026/07/03 12:05:00 AM GMT-3", DATETEXT_AUTO, NULL, "2026-07-03T03:05:00Z" },
	{ "2026/07/03 12:30:00 PM GMT", DATETEXT_AUTO, NULL, "2026-07-03T12:30:00Z" },
	/* Korean Sheets locale: 오전/오후 before the time, dotted date */
	{ "2026. 7. 3 오후 1:28:19", DATETEXT_AUTO, "Asia/Seoul", "2026-07-03T04:28:19Z" },
	{ "2026. 7. 3. 오전 9:00:00", DATETEXT_AUTO, "Asia/Seoul", "2026-07-03T00:00:00Z" },
	/* Sheets US, Typeform, Qualtrics, ISO */
	{ "3/18/2020 18:42:05", DATETEXT_AUTO, NULL, "2020-03-18T18:42:05Z" },
	{ "3/18/20 18:42", DATETEXT_AUTO, NULL, "2020-03-18T18:42:00Z" },
	{ "2023-01-23 06:24:12", DATETEXT_AUTO, NULL, "2023-01-23T06:24:12Z" },
	{ "2017-07-18 08:28:09", DATETEXT_AUTO, "Europe/Zurich", "2017-07-18T06:28:09Z" },
	{ "2026-07-03T10:00:00.123+02:00", DATETEXT_AUTO, NULL, "2026-07-03T08:00:00Z" },
	{ "2026-07-03T10:00:00Z", DATETEXT_AUTO, "Asia/Seoul", "2026-07-03T10:00:00Z" },
	{ "2026-07-03 10:00 +0900", DATETEXT_AUTO, NULL, "2026-07-03T01:00:00Z" },
	{ "2026-07-03", DATETEXT_AUTO, "Asia/Seoul", "2026-07-02T15:00:00Z" },
	/* day/month order */
	{ "4/3/2026", DATETEXT_MDY, NULL, "2026-04-03T00:00:00Z" },
	{ "4/3/2026", DATETEXT_DMY, NULL, "2026-03-04T00:00:00Z" },
	{ "4/3/2026", DATETEXT_AUTO, NULL, "2026-04-03T00:00:00Z" },
	{ "18/03/2020 18:42:05", DATETEXT_AUTO, NULL, "2020-03-18T18:42:05Z" },
	{ "18.03.2020 18:42", DATETEXT_DMY, NULL, "2020-03-18T18:42:00Z" },
	/* Jira */
	{ "12/Mar/24 9:41 AM", DATETEXT_AUTO, NULL, "2024-03-12T09:41:00Z" },
	{ "30/Sep/26 12:00 AM", DATETEXT_AUTO, NULL, "2026-09-30T00:00:00Z" },
	{ "03-Jul-2026 14:05", DATETEXT_AUTO, NULL, "2026-07-03T14:05:00Z" },
	{ "15/1월/24 10:30 오후", DATETEXT_AUTO, NULL, "2024-01-15T22:30:00Z" },
	{ "  2026-07-03 10:00  ", DATETEXT_AUTO, NULL, "2026-07-03T10:00:00Z" },
	/* not times */
	{ "", DATETEXT_AUTO, NULL, NULL },
	{ "yesterday", DATETEXT_AUTO, NULL, NULL },
	{ "2026-02-30", DATETEXT_AUTO, NULL, NULL },
	{ "13/13/2026", DATETEXT_AUTO, NULL, NULL },
	{ "2026-07-03 25:00", DATETEXT_AUTO, NULL, NULL },
	{ "2026-07-03 13:00 PM", DATETEXT_AUTO, NULL, NULL },
	{ "2026-07-03 10:00 GMT+25", DATETEXT_AUTO, NULL, NULL },
	{ "2026-07-03 10:00 and more", DATETEXT_AUTO, NULL, NULL },
	{ "20260703", DATETEXT_AUTO, NULL, NULL },
};

static void test_datetext__table(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		GTimeZone *tz = cases[i].zone ? g_time_zone_new_identifier(cases[i].zone) : NULL;
		int64_t t = 0;
		int rc = datetext_parse(cases[i].in, cases[i].order, tz, &t);
		char buf[32] = "";

		if (!rc)
			time_format_iso(t, buf, sizeof(buf));
		if (cases[i].want ? rc || strcmp(buf, cases[i].want) : !rc) {
			fprintf(stderr, "'%s': got %s, want %s\n", cases[i].in, rc ? "(no parse)" : buf,
				cases[i].want ? cases[i].want : "(no parse)");
			test_failures++;
		}
		if (tz)
			g_time_zone_unref(tz);
	}
}

static void test_datetext__orders(void)
{
	CHECK_INTEQ(datetext_orders("4/3/2026"), DATETEXT_CAN_MDY | DATETEXT_CAN_DMY);
	CHECK_INTEQ(datetext_orders("18/3/2026 10:00"), DATETEXT_CAN_DMY);
	CHECK_INTEQ(datetext_orders("3/18/2026"), DATETEXT_CAN_MDY);
	CHECK_INTEQ(datetext_orders("2026-03-04"), 0);
	CHECK_INTEQ(datetext_orders("12/Mar/24 9:41 AM"), 0);
	CHECK_INTEQ(datetext_orders("nonsense"), 0);
}

int main(void)
{
	RUN(test_datetext__table);
	RUN(test_datetext__orders);
	return TEST_RESULT();
}
