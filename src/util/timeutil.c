/* Timestamps: ISO 8601 parsing and formatting, time zones (GLib GDateTime). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/timeutil.h"

/* "YYYY-MM-DD" alone, or a time with hours and minutes but no seconds, gets ":00" padding. */
static void normalise(const char *s, char *buf, size_t size)
{
	size_t len = strlen(s);
	const char *t = strpbrk(s, "Tt ");

	if (len == 10 && s[4] == '-' && s[7] == '-') {
		snprintf(buf, size, "%sT00:00:00", s);
		return;
	}
	/* "YYYY-MM-DDTHH:MM" optionally followed by Z or an offset */
	if (t && t - s == 10 && strlen(t) >= 6 && t[3] == ':' && (t[6] == '\0' || t[6] == 'Z' || t[6] == '+' || t[6] == '-')) {
		snprintf(buf, size, "%.16s:00%s", s, t + 6);
		return;
	}
	snprintf(buf, size, "%s", s);
}

int time_parse_iso(const char *s, GTimeZone *tz, int64_t *out)
{
	char buf[64];
	GDateTime *dt;
	GTimeZone *utc = NULL;

	if (!s || !*s || strlen(s) >= sizeof(buf) - 8)
		return -1;
	normalise(s, buf, sizeof(buf));
	if (!tz)
		tz = utc = g_time_zone_new_utc();
	dt = g_date_time_new_from_iso8601(buf, tz);
	if (utc)
		g_time_zone_unref(utc);
	if (!dt)
		return -1;
	*out = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return 0;
}

void time_format_iso(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_format_date(int64_t t, GTimeZone *tz, char *buf, size_t size)
{
	GDateTime *u = g_date_time_new_from_unix_utc(t);
	GDateTime *l = tz ? g_date_time_to_timezone(u, tz) : g_date_time_ref(u);

	snprintf(buf, size, "%04d-%02d-%02d", g_date_time_get_year(l), g_date_time_get_month(l),
		 g_date_time_get_day_of_month(l));
	g_date_time_unref(l);
	g_date_time_unref(u);
}

int64_t time_local_midnight(GTimeZone *tz, int year, int month, int day)
{
	GDateTime *dt;
	int64_t t;

	while (month > 12) {
		month -= 12;
		year++;
	}
	while (month < 1) {
		month += 12;
		year--;
	}
	dt = g_date_time_new(tz, year, month, day, 0, 0, 0);
	t = dt ? g_date_time_to_unix(dt) : 0;
	if (dt)
		g_date_time_unref(dt);
	return t;
}

int64_t time_now(void)
{
	return (int64_t)time(NULL);
}

GTimeZone *time_zone_named(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (!n || n > 64 || name[0] == '/' || name[n - 1] == '/')
		return NULL;
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (!g_ascii_isalnum(c) && !strchr("_-+:/", c))
			return NULL;
		if (c == '/' && p[1] == '/')
			return NULL;
	}
	/* no '.' at all: so neither "." nor ".." */
	return g_time_zone_new_identifier(name);
}
