/* Reporting periods: fiscal quarters ("2026-Q3") and months ("2026-09") in a time zone. */
#ifndef IDPM_PERIOD_H
#define IDPM_PERIOD_H

#include <glib.h>
#include <stdint.h>

#include "util/strbuf.h"

enum period_kind { PERIOD_QUARTER, PERIOD_MONTH };

/* How periods map onto time; owned by the caller, must outlive the periods made with it. */
struct period_cfg {
	GTimeZone *tz;          /* local day boundaries */
	int fy_start_month;     /* 1..12; quarter 1 starts on the first of this month */
};

struct period {
	enum period_kind kind;
	int year;               /* fiscal year, named by the calendar year it starts in */
	int index;              /* 1..4 for quarters, 1..12 for months */
	int64_t start;          /* Unix seconds, inclusive: local midnight on the first day */
	int64_t end;            /* Unix seconds, exclusive: start of the next period */
	char label[16];         /* "2026-Q3" or "2026-09" */
};

/* Parse "YYYY-Qn" or "YYYY-MM" into OUT.  Returns 0, or -1 with a message in ERR. */
int period_parse(const char *s, const struct period_cfg *cfg, struct period *out, struct strbuf *err);
/* The period of KIND that contains T. */
void period_at(int64_t t, enum period_kind kind, const struct period_cfg *cfg, struct period *out);
/* The period DELTA steps after P (negative: before). */
void period_shift(const struct period *p, int delta, const struct period_cfg *cfg, struct period *out);
/* Number of whole days (as a real number, local days) in P. */
double period_days(const struct period *p);

#endif
