/* Dates and times as survey tools, spreadsheets and Jira write them in CSV exports. */
#include <string.h>

#include "util/datetext.h"

struct scan {
	const char *p;
};

struct parsed {
	int year, month, day;
	int a, b;              /* the two leading numbers of a year-last numeric date */
	int year_last_numeric; /* a and b still need an order */
	int hour, minute;
	double second;
	int ampm;              /* 0 none, 1 AM, 2 PM */
	int has_zone;
	int zone_seconds;      /* offset east of UTC */
};

static const char *const months_en[] = { "jan", "feb", "mar", "apr", "may", "jun",
					 "jul", "aug", "sep", "oct", "nov", "dec" };

static void skip_spaces(struct scan *s)
{
	while (*s->p == ' ' || *s->p == '\t')
		s->p++;
}

/* Read 1..MAXD digits; returns the count read (0 = none). */
static int digits(struct scan *s, int maxd, int *out)
{
	int n = 0, v = 0;

	while (n < maxd && g_ascii_isdigit(s->p[n])) {
		v = v * 10 + (s->p[n] - '0');
		n++;
	}
	if (n && g_ascii_isdigit(s->p[n]))
		return 0; /* more digits than allowed */
	s->p += n;
	*out = v;
	return n;
}

static int accept(struct scan *s, const char *word)
{
	size_t n = strlen(word);

	if (g_ascii_strncasecmp(s->p, word, n))
		return 0;
	s->p += n;
	return 1;
}

static int is_sep(char c)
{
	return c == '-' || c == '/' || c == '.';
}

/* A month name: "Jan".."Dec" (full English names too) or Korean "7월". */
static int month_name(struct scan *s, int *month)
{
	int v;
	const char *save = s->p;

	if (digits(s, 2, &v) && accept(s, "월") && v >= 1 && v <= 12) {
		*month = v;
		return 1;
	}
	s->p = save;
	for (int i = 0; i < 12; i++) {
		if (!g_ascii_strncasecmp(s->p, months_en[i], 3)) {
			s->p += 3;
			while (g_ascii_isalpha(*s->p))
				s->p++; /* "July", "Sept" */
			*month = i + 1;
			return 1;
		}
	}
	return 0;
}

static int year_of(int v, int ndigits)
{
	if (ndigits == 4)
		return v;
	return v <= 68 ? 2000 + v : 1900 + v;
}

static int parse_date(struct scan *s, struct parsed *d)
{
	int v, n, sep;

	n = digits(s, 4, &v);
	if (n == 4) {
		/* year first: 2026-07-03, 2026/07/03, 2026. 7. 3. */
		d->year = v;
		if (!is_sep(*s->p))
			return -1;
		sep = *s->p++;
		skip_spaces(s);
		if (!digits(s, 2, &d->month) || *s->p != sep)
			return -1;
		s->p++;
		skip_spaces(s);
		if (!digits(s, 2, &d->day))
			return -1;
		if (sep == '.' && *s->p == '.')
			s->p++;
		return 0;
	}
	if (n < 1 || n > 2 || !is_sep(*s->p))
		return -1;
	sep = *s->p++;
	if (month_name(s, &d->month)) {
		/* Jira: 3/Jul/26 */
		d->day = v;
		if (*s->p != sep)
			return -1;
		s->p++;
		n = digits(s, 4, &d->year);
		if (n != 2 && n != 4)
			return -1;
		d->year = year_of(d->year, n);
		return 0;
	}
	d->a = v;
	if (!digits(s, 2, &d->b) || *s->p != sep)
		return -1;
	s->p++;
	n = digits(s, 4, &d->year);
	if (n != 2 && n != 4)
		return -1;
	d->year = year_of(d->year, n);
	d->year_last_numeric = 1;
	return 0;
}

static int parse_ampm(struct scan *s, int *ampm)
{
	if (accept(s, "오전") || accept(s, "a.m.") || accept(s, "am")) {
		*ampm = 1;
		return 1;
	}
	if (accept(s, "오후") || accept(s, "p.m.") || accept(s, "pm")) {
		*ampm = 2;
		return 1;
	}
	return 0;
}

static int parse_time(struct scan *s, struct parsed *d)
{
	int sec = 0;

	if (!digits(s, 2, &d->hour) || *s->p != ':')
		return -1;
	s->p++;
	if (digits(s, 2, &d->minute) != 2)
		return -1;
	d->second = 0;
	if (*s->p == ':') {
		s->p++;
		if (digits(s, 2, &sec) != 2)
			return -1;
		d->second = sec;
		if (*s->p == '.' || *s->p == ',') {
			s->p++;
			if (!g_ascii_isdigit(*s->p))
				return -1;
			while (g_ascii_isdigit(*s->p))
				s->p++; /* fractions are dropped */
		}
	}
	return 0;
}

/* +09:00, +0900, +9, -3, +5:30 (after "GMT"/"UTC" or alone) */
static int parse_offset(struct scan *s, int *seconds)
{
	int sign = *s->p == '-' ? -1 : 1, h, m = 0, n;

	if (*s->p != '+' && *s->p != '-')
		return -1;
	s->p++;
	n = digits(s, 4, &h);
	if (n == 4) {
		m = h % 100;
		h /= 100;
	} else if (n == 3 || n == 0) {
		return -1;
	} else if (*s->p == ':') {
		s->p++;
		if (digits(s, 2, &m) != 2)
			return -1;
	}
	if (h > 14 || m > 59)
		return -1;
	*seconds = sign * (h * 3600 + m * 60);
	return 0;
}

static int parse_zone(struct scan *s, struct parsed *d)
{
	if (accept(s, "gmt") || accept(s, "utc") || accept(s, "z")) {
		d->has_zone = 1;
		d->zone_seconds = 0;
		if (*s->p == '+' || *s->p == '-')
			return parse_offset(s, &d->zone_seconds);
		return 0;
	}
	if (*s->p == '+' || *s->p == '-') {
		d->has_zone = 1;
		return parse_offset(s, &d->zone_seconds);
	}
	return 0;
}

static int parse_all(const char *str, struct parsed *d)
{
	struct scan s = { str };

	memset(d, 0, sizeof(*d));
	skip_spaces(&s);
	if (parse_date(&s, d))
		return -1;
	if (*s.p == ',')
		s.p++;
	if (*s.p == 'T' || *s.p == 't') {
		s.p++;
	} else if (*s.p && *s.p != ' ' && *s.p != '\t') {
		return -1;
	}
	skip_spaces(&s);
	if (!*s.p)
		return 0;
	if (parse_ampm(&s, &d->ampm))
		skip_spaces(&s);
	if (g_ascii_isdigit(*s.p)) {
		if (parse_time(&s, d))
			return -1;
		skip_spaces(&s);
		if (!d->ampm && parse_ampm(&s, &d->ampm))
			skip_spaces(&s);
	} else if (d->ampm) {
		return -1;
	}
	if (parse_zone(&s, d))
		return -1;
	skip_spaces(&s);
	return *s.p ? -1 : 0;
}

unsigned datetext_orders(const char *s)
{
	struct parsed d;
	unsigned r = 0;

	if (!s || parse_all(s, &d) || !d.year_last_numeric)
		return 0;
	if (d.a >= 1 && d.a <= 12 && d.b >= 1 && d.b <= 31)
		r |= DATETEXT_CAN_MDY;
	if (d.b >= 1 && d.b <= 12 && d.a >= 1 && d.a <= 31)
		r |= DATETEXT_CAN_DMY;
	return r;
}

int datetext_parse(const char *str, enum datetext_order order, GTimeZone *tz, int64_t *out)
{
	struct parsed d;
	GTimeZone *zone = NULL;
	GDateTime *dt = NULL;
	int ret = -1;

	if (!str || parse_all(str, &d))
		return -1;
	if (d.year_last_numeric) {
		if (order == DATETEXT_DMY || (order == DATETEXT_AUTO && d.a > 12)) {
			d.day = d.a;
			d.month = d.b;
		} else {
			d.month = d.a;
			d.day = d.b;
		}
	}
	if (d.ampm) {
		if (d.hour < 1 || d.hour > 12)
			return -1;
		d.hour = d.hour % 12 + (d.ampm == 2 ? 12 : 0);
	}
	if (d.month < 1 || d.month > 12 || d.day < 1 || d.year < 1 ||
	    d.day > g_date_get_days_in_month((GDateMonth)d.month, (GDateYear)d.year) || d.hour > 23 || d.minute > 59 ||
	    d.second > 59)
		return -1;
	if (d.has_zone)
		zone = g_time_zone_new_offset(d.zone_seconds);
	else
		zone = tz ? g_time_zone_ref(tz) : g_time_zone_new_utc();
	dt = g_date_time_new(zone, d.year, d.month, d.day, d.hour, d.minute, d.second);
	if (dt) {
		*out = g_date_time_to_unix(dt);
		ret = 0;
	}
	if (dt)
		g_date_time_unref(dt);
	g_time_zone_unref(zone);
	return ret;
}
