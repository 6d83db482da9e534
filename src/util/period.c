/* Reporting periods: fiscal quarters ("2026-Q3") and months ("2026-09") in a time zone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/period.h"
#include "util/timeutil.h"

static void fill(enum period_kind kind, int year, int index, const struct period_cfg *cfg, struct period *out)
{
	int month;

	out->kind = kind;
	out->year = year;
	out->index = index;
	if (kind == PERIOD_QUARTER) {
		month = cfg->fy_start_month + 3 * (index - 1);
		out->start = time_local_midnight(cfg->tz, year, month, 1);
		out->end = time_local_midnight(cfg->tz, year, month + 3, 1);
		snprintf(out->label, sizeof(out->label), "%04d-Q%d", year, index);
	} else {
		out->start = time_local_midnight(cfg->tz, year, index, 1);
		out->end = time_local_midnight(cfg->tz, year, index + 1, 1);
		snprintf(out->label, sizeof(out->label), "%04d-%02d", year, index);
	}
}

int period_parse(const char *s, const struct period_cfg *cfg, struct period *out, struct strbuf *err)
{
	char *end;
	long year, index;

	year = strtol(s, &end, 10);
	if (end - s != 4 || *end != '-' || year < 1970 || year > 9999)
		goto bad;
	if (end[1] == 'Q' || end[1] == 'q') {
		index = strtol(end + 2, &end, 10);
		if (*end || index < 1 || index > 4 || strlen(s) != 7)
			goto bad;
		fill(PERIOD_QUARTER, (int)year, (int)index, cfg, out);
		return 0;
	}
	index = strtol(end + 1, &end, 10);
	if (*end || index < 1 || index > 12 || strlen(s) != 7)
		goto bad;
	fill(PERIOD_MONTH, (int)year, (int)index, cfg, out);
	return 0;
bad:
	strbuf_addf(err, "invalid period '%s' (expected YYYY-Qn or YYYY-MM)", s);
	return -1;
}

void period_at(int64_t t, enum period_kind kind, const struct period_cfg *cfg, struct period *out)
{
	GDateTime *u = g_date_time_new_from_unix_utc(t);
	GDateTime *l = g_date_time_to_timezone(u, cfg->tz);
	int year = g_date_time_get_year(l), month = g_date_time_get_month(l);

	g_date_time_unref(l);
	g_date_time_unref(u);
	if (kind == PERIOD_MONTH) {
		fill(PERIOD_MONTH, year, month, cfg, out);
		return;
	}
	if (month < cfg->fy_start_month)
		year--;
	fill(PERIOD_QUARTER, year, (month - cfg->fy_start_month + 12) % 12 / 3 + 1, cfg, out);
}

void period_shift(const struct period *p, int delta, const struct period_cfg *cfg, struct period *out)
{
	int per_year = p->kind == PERIOD_QUARTER ? 4 : 12;
	int k = p->year * per_year + (p->index - 1) + delta;

	fill(p->kind, k / per_year, k % per_year + 1, cfg, out);
}

double period_days(const struct period *p)
{
	return (double)(p->end - p->start) / 86400.0;
}
