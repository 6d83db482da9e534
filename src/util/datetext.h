/* Dates and times as survey tools, spreadsheets and Jira write them in CSV exports. */
#ifndef IDPM_DATETEXT_H
#define IDPM_DATETEXT_H

#include <glib.h>
#include <stdint.h>

/* How to read a numeric date whose year comes last ("3/4/2026"). */
enum datetext_order {
	DATETEXT_AUTO, /* month first unless the first number exceeds 12 */
	DATETEXT_MDY,  /* US: 3/4/2026 is March 4 */
	DATETEXT_DMY   /* most other locales: 3/4/2026 is April 3 */
};

/* Bits returned by datetext_orders(). */
#define DATETEXT_CAN_MDY 1u
#define DATETEXT_CAN_DMY 2u

/*
 * Parse S into Unix seconds.  Accepted shapes (case-insensitive, surrounding
 * spaces ignored):
 *   dates: 2026-07-03, 2026/07/03, 2026.07.03, "2026. 7. 3." (Korean),
 *          7/3/2026, 3.7.2026, 7/3/26 (numeric, ORDER decides), 3/Jul/26 and
 *          03-Jul-2026 (Jira; English month abbreviations or Korean "7월");
 *   then optionally "T" or spaces and a time: 14:05, 2:05:09 PM, 14:05:09.123,
 *          with AM/PM or 오전/오후 (before or after the time);
 *   then optionally a zone: Z, UTC, GMT, GMT+9, GMT-3, GMT+5:30, +09:00, +0900.
 * A time without a zone is local time in TZ (UTC when NULL); a date without a
 * time is local midnight.  Two-digit years are 2000-2068 for 00-68, else 19xx.
 * Returns 0, or -1 when S is not such a time or names an impossible one.
 */
int datetext_parse(const char *s, enum datetext_order order, GTimeZone *tz, int64_t *out);

/*
 * For a numeric date with the year last: which readings are possible
 * (DATETEXT_CAN_MDY and/or DATETEXT_CAN_DMY); 0 for any other shape.  An
 * importer ORs these over a column to decide the order of a whole file.
 */
unsigned datetext_orders(const char *s);

#endif
