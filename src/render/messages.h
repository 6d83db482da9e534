/* Report text from the message catalogue (reports/messages-<lang>.json) and value formatting by unit. */
#ifndef IDPM_MESSAGES_H
#define IDPM_MESSAGES_H

#include <jansson.h>
#include <stdint.h>

#include "compute/metric_defs.h"
#include "compute/report_model.h"

/* Message KEY in the report's language, else English, else KEY itself.  Owned by M (or KEY). */
const char *msg(const struct report_model *m, const char *key);
/* The same, but NULL when neither catalogue has KEY. */
const char *msg_opt(const struct report_model *m, const char *key);
/*
 * Message KEY with {0}..{N-1} replaced by ARGS (plain text, not escaped); a
 * new string the caller frees.
 */
char *msg_fmt(const struct report_model *m, const char *key, int nargs, const char *const *args);
/* A title from a definition: text, {lang: text}, or (NULL) the message FALLBACK_KEY.  Owned by M. */
const char *msg_title(const struct report_model *m, const json_t *title, const char *fallback_key);

/* The short human name of a metric (message metric.<name>), or the name itself. */
const char *metric_title(const struct report_model *m, const char *name);
/* The definition of a metric in the report's language (definition.<name>, else metric_defs). */
const char *metric_definition(const struct report_model *m, const char *name);
/* The word for a band or tier (band.<b>, tier.<t>); "" for NULL. */
const char *band_word(const struct report_model *m, const char *band);
const char *tier_word(const struct report_model *m, const char *tier);
/* The target of METRIC from bands.json (target_text_<lang> or target_text), or NULL. */
const char *metric_target(const struct report_model *m, const char *metric);
/* The lowest value that reaches the target band of METRIC, with its direction; NaN when none. */
double metric_target_value(const struct report_model *m, const char *metric);

/* Colours (0xRRGGBB) of bands and tiers, colour-blind safe (Okabe-Ito); grey for NULL. */
unsigned band_rgb(const char *band);
unsigned tier_rgb(const char *tier);

/* A number with one decimal below 100 and none above, a trailing ".0" dropped, no "-0".  BUF >= 32. */
void fmt_num(double v, char *buf, size_t size);
/*
 * VALUE of UNIT for people: "42 min", "3.5 h", "2.1 days", "72.4 %", "+23",
 * "4.2/week"; NaN gives the message value.no_data.  A new string.
 */
char *fmt_value(const struct report_model *m, const char *unit, double value);
/* The value of METRIC for people: fmt_value() by its unit, except margins, which read "±6 pts". */
char *fmt_metric(const struct report_model *m, const char *metric, double value);
/* The change CUR - PREV in UNIT with its sign ("+4.2 pp", "-12 min"); NULL when either is NaN.  A new string. */
char *fmt_delta(const struct report_model *m, const char *unit, double cur, double prev);
/* +1 when CUR is better than PREV for DEF, -1 when worse, 0 when equal, unknown or a plain count. */
int delta_sense(const struct metric_def *def, double cur, double prev);
/* T as "2026-10-01 00:00 UTC" in the reporting time zone into BUF (>= 40 bytes); "-" for TIME_NONE. */
void fmt_time(const struct report_model *m, int64_t t, char *buf, size_t size);
/* The flags of ROW parsed (a JSON array, never NULL); the caller decrefs. */
json_t *row_flags(const struct metric_row *row);
/* 1 when ROW carries FLAG. */
int row_has_flag(const struct metric_row *row, const char *flag);
/* The detail object of ROW parsed, or NULL; the caller decrefs. */
json_t *row_detail(const struct metric_row *row);
/* A number from DETAIL[KEY], or NaN. */
double detail_num(const json_t *detail, const char *key);

#endif
