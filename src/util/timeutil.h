/* Timestamps: ISO 8601 parsing and formatting, time zones (GLib GDateTime). */
#ifndef IDPM_TIMEUTIL_H
#define IDPM_TIMEUTIL_H

#include <glib.h>
#include <stdint.h>

/* "No time": stored as NULL. */
#define TIME_NONE INT64_MIN

/*
 * Parse an ISO 8601 time ("2023-10-30T11:00:46.211Z", "...-08:00", "2026-07-01",
 * "2026-07-01 10:00", "2026-07-01T10:00:00") into Unix seconds (fractions
 * dropped).  A time without an offset is taken in TZ (UTC when TZ is NULL).
 * Returns 0, or -1 when S is not such a time.
 */
int time_parse_iso(const char *s, GTimeZone *tz, int64_t *out);
/*
 * The time zone NAME (an IANA name such as Asia/Seoul, UTC, or an offset such as +09:00), or NULL
 * when it is none.  Unlike g_time_zone_new_identifier(), which opens whatever file a name leads to,
 * a name that is a path (leading '/', '.' or '..' components, more than 64 bytes, characters other
 * than letters, digits, '_', '-', '+', ':' and '/') is refused without touching the file system.
 */
GTimeZone *time_zone_named(const char *name);

/* Format T as "YYYY-MM-DDTHH:MM:SSZ" into BUF (at least 21 bytes). */
void time_format_iso(int64_t t, char *buf, size_t size);

/* Format T as "YYYY-MM-DD" in TZ (UTC when NULL) into BUF (at least 11 bytes). */
void time_format_date(int64_t t, GTimeZone *tz, char *buf, size_t size);

/* Unix seconds for local midnight of YEAR-MONTH-DAY in TZ (month may run past 12). */
int64_t time_local_midnight(GTimeZone *tz, int year, int month, int day);

/* Current wall-clock time in Unix seconds. */
int64_t time_now(void);

#endif
