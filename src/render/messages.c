/* Report text from the message catalogue (reports/messages-<lang>.json) and value formatting by unit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/messages.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

const char *msg_opt(const struct report_model *m, const char *key)
{
	const char *s = json_string_value(json_object_get(m->messages, key));

	if (!s)
		s = json_string_value(json_object_get(m->messages_en, key));
	return s;
}

const char *msg(const struct report_model *m, const char *key)
{
	const char *s = msg_opt(m, key);

	return s ? s : key;
}

char *msg_fmt(const struct report_model *m, const char *key, int nargs, const char *const *args)
{
	const char *t = msg(m, key);
	struct strbuf out = STRBUF_INIT;

	for (const char *p = t; *p; p++) {
		if (p[0] == '{' && p[1] >= '0' && p[1] <= '9' && p[2] == '}') {
			int i = p[1] - '0';

			if (i < nargs && args[i])
				strbuf_addstr(&out, args[i]);
			p += 2;
			continue;
		}
		strbuf_addch(&out, *p);
	}
	return strbuf_detach(&out, NULL);
}

const char *msg_title(const struct report_model *m, const json_t *title, const char *fallback_key)
{
	const char *s;

	if (json_is_string(title))
		return json_string_value(title);
	if (json_is_object(title)) {
		if ((s = json_string_value(json_object_get(title, m->lang))) ||
		    (s = json_string_value(json_object_get(title, "en"))))
			return s;
	}
	return msg(m, fallback_key);
}

/* A message looked up by a key built from a prefix and a name; NULL when absent. */
static const char *msg2(const struct report_model *m, const char *prefix, const char *name)
{
	char key[160];

	snprintf(key, sizeof(key), "%s%s", prefix, name);
	return msg_opt(m, key);
}

const char *metric_title(const struct report_model *m, const char *name)
{
	const char *s = msg2(m, "metric.", name);

	return s ? s : name;
}

const char *metric_definition(const struct report_model *m, const char *name)
{
	const char *s = msg2(m, "definition.", name);
	const struct metric_def *d;

	if (s)
		return s;
	d = metric_def_find(name);
	return d ? d->definition : "";
}

const char *band_word(const struct report_model *m, const char *band)
{
	const char *s;

	if (!band)
		return "";
	s = msg2(m, "band.", band);
	return s ? s : band;
}

const char *tier_word(const struct report_model *m, const char *tier)
{
	const char *s;

	if (!tier)
		return "";
	s = msg2(m, "tier.", tier);
	return s ? s : tier;
}

/* The bands.json rule that lists METRIC, or NULL. */
static json_t *band_rule(const struct report_model *m, const char *metric)
{
	json_t *rules = json_object_get(m->bands, "rules"), *r, *v;
	size_t i, k;

	json_array_foreach(rules, i, r) {
		json_array_foreach(json_object_get(r, "metrics"), k, v)
			if (json_is_string(v) && !strcmp(json_string_value(v), metric))
				return r;
	}
	return NULL;
}

const char *metric_target(const struct report_model *m, const char *metric)
{
	json_t *r = band_rule(m, metric);
	char key[32];
	const char *s;

	if (!r)
		return NULL;
	snprintf(key, sizeof(key), "target_text_%s", m->lang);
	s = json_string_value(json_object_get(r, key));
	return s ? s : json_string_value(json_object_get(r, "target_text"));
}

double metric_target_value(const struct report_model *m, const char *metric)
{
	json_t *r = band_rule(m, metric), *c;
	size_t i;

	json_array_foreach(json_object_get(r, "classes"), i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));

		if (name && !strcmp(name, "target") && json_is_number(json_object_get(c, "value")))
			return json_number_value(json_object_get(c, "value"));
	}
	return NAN;
}

unsigned band_rgb(const char *band)
{
	/* Okabe-Ito: bluish green, sky blue, orange, vermillion; the word is always shown too. */
	if (!band)
		return 0xBBBBBB;
	if (!strcmp(band, "target"))
		return 0x009E73;
	if (!strcmp(band, "good"))
		return 0x56B4E9;
	if (!strcmp(band, "average"))
		return 0xE69F00;
	if (!strcmp(band, "poor"))
		return 0xD55E00;
	return 0xBBBBBB;
}

unsigned tier_rgb(const char *tier)
{
	if (!tier)
		return 0xBBBBBB;
	if (!strcmp(tier, "elite"))
		return 0x009E73;
	if (!strcmp(tier, "high"))
		return 0x56B4E9;
	if (!strcmp(tier, "medium"))
		return 0xE69F00;
	if (!strcmp(tier, "low"))
		return 0xD55E00;
	return 0xBBBBBB;
}

void fmt_num(double v, char *buf, size_t size)
{
	size_t n;

	if (fabs(v) >= 100)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.1f", v);
	n = strlen(buf);
	if (n > 2 && !strcmp(buf + n - 2, ".0"))
		buf[n - 2] = '\0';
	if (!strcmp(buf, "-0"))
		snprintf(buf, size, "0");
}

static char *with_unit(const struct report_model *m, const char *key, double v)
{
	char num[48];
	const char *args[1] = { num };

	fmt_num(v, num, sizeof(num));
	return msg_fmt(m, key, 1, args);
}

/* A duration in minutes, shown in the largest unit that keeps it readable. */
static char *duration(const struct report_model *m, double minutes)
{
	double a = fabs(minutes);

	if (a < 90)
		return with_unit(m, "unit.min", minutes);
	if (a < 48 * 60)
		return with_unit(m, "unit.h", minutes / 60);
	return with_unit(m, "unit.d", minutes / 1440);
}

static double to_minutes(const char *unit, double v)
{
	if (!strcmp(unit, "hours"))
		return v * 60;
	if (!strcmp(unit, "days"))
		return v * 1440;
	return v;
}

static int is_duration(const char *unit)
{
	return !strcmp(unit, "minutes") || !strcmp(unit, "hours") || !strcmp(unit, "days");
}

char *fmt_value(const struct report_model *m, const char *unit, double v)
{
	char num[48];

	if (isnan(v))
		return xstrdup(msg(m, "value.no_data"));
	if (!unit)
		unit = "";
	if (is_duration(unit))
		return duration(m, to_minutes(unit, v));
	if (!strcmp(unit, "fraction"))
		return with_unit(m, "unit.percent", v * 100);
	if (!strcmp(unit, "nps")) {
		snprintf(num, sizeof(num), "%+.0f", v);
		return xstrdup(!strcmp(num, "+0") || !strcmp(num, "-0") ? "0" : num);
	}
	if (!strcmp(unit, "count")) {
		snprintf(num, sizeof(num), "%.0f", v);
		return xstrdup(num);
	}
	if (!strcmp(unit, "per_week"))
		return with_unit(m, "unit.per_week", v);
	if (!strcmp(unit, "per_month"))
		return with_unit(m, "unit.per_month", v);
	fmt_num(v, num, sizeof(num));
	return xasprintf("%s %s", num, unit);
}

char *fmt_metric(const struct report_model *m, const char *metric, double v)
{
	const struct metric_def *d = metric_def_find(metric);

	if (!isnan(v) && !strcmp(metric, "nps_margin_of_error")) {
		char *s = with_unit(m, "unit.points", v), *out = xasprintf("±%s", s);

		free(s);
		return out;
	}
	return fmt_value(m, d ? d->unit : NULL, v);
}

char *fmt_delta(const struct report_model *m, const char *unit, double cur, double prev)
{
	double d = cur - prev;
	char *abs_text, *out;
	const char *sign;

	if (isnan(cur) || isnan(prev))
		return NULL;
	if (!unit)
		unit = "";
	sign = d > 0 ? "+" : d < 0 ? "-" : "±";
	if (!strcmp(unit, "fraction"))
		abs_text = with_unit(m, "unit.pp", fabs(d) * 100);
	else if (!strcmp(unit, "nps"))
		abs_text = with_unit(m, "unit.points", fabs(d));
	else
		abs_text = fmt_value(m, unit, fabs(d));
	out = xasprintf("%s%s", sign, abs_text);
	free(abs_text);
	return out;
}

int delta_sense(const struct metric_def *def, double cur, double prev)
{
	if (!def || isnan(cur) || isnan(prev) || cur == prev || def->higher_is_better < 0)
		return 0;
	return (cur > prev) == (def->higher_is_better == 1) ? 1 : -1;
}

void fmt_time(const struct report_model *m, int64_t t, char *buf, size_t size)
{
	GDateTime *dt, *local;
	gchar *s;

	if (t == TIME_NONE) {
		snprintf(buf, size, "-");
		return;
	}
	dt = g_date_time_new_from_unix_utc(t);
	local = dt && m->pcfg && m->pcfg->tz ? g_date_time_to_timezone(dt, m->pcfg->tz) : NULL;
	s = g_date_time_format(local ? local : dt, "%Y-%m-%d %H:%M");
	snprintf(buf, size, "%s %s", s ? s : "?", m->cfg && m->cfg->reporting.timezone ? m->cfg->reporting.timezone : "UTC");
	g_free(s);
	if (local)
		g_date_time_unref(local);
	if (dt)
		g_date_time_unref(dt);
}

json_t *row_flags(const struct metric_row *row)
{
	json_t *a = row && row->flags ? json_loads(row->flags, 0, NULL) : NULL;

	if (!json_is_array(a)) {
		json_decref(a);
		a = json_array();
	}
	return a;
}

int row_has_flag(const struct metric_row *row, const char *flag)
{
	json_t *a, *v;
	size_t i;
	int found = 0;

	/* without an escape the flags' text holds each flag as written: a flag it does not hold is
	   not there (most rows, "[]"), and nothing need be parsed (41,000 rows a report at full size) */
	if (!row || !row->flags || (!strchr(row->flags, '\\') && !strstr(row->flags, flag)))
		return 0;
	a = row_flags(row);
	json_array_foreach(a, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), flag))
			found = 1;
	json_decref(a);
	return found;
}

json_t *row_detail(const struct metric_row *row)
{
	json_t *o = row && row->detail ? json_loads(row->detail, 0, NULL) : NULL;

	if (o && !json_is_object(o)) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

double detail_num(const json_t *detail, const char *key)
{
	json_t *v = json_object_get(detail, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}
