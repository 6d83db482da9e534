/* What every report format says the same way: scorecard lines, the executive summary, warnings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart_data.h"
#include "render/messages.h"
#include "render/summary.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* The fewest observations a band or tier is shown from (n as each metric defines it; docs/METRICS.md). */
static const struct {
	const char *metric;
	int min_n;
	int snapshot;  /* a state on one day (the latest snapshot), not a sum over the days elapsed: never too early */
} minimums[] = {
	{ "service_creation_lead_time_p50_minutes", 5, 0 },
	{ "service_creation_lead_time_p95_minutes", 20, 0 },
	{ "golden_path_adoption_rate", 10, 1 },
	{ "golden_path_repos", 0, 1 },
	{ "active_repos", 0, 1 },
	{ "developer_nps", 10, 0 },
	{ "onboarding_time_p50_days", 5, 0 },
	{ "lead_time_for_changes_p50_hours", 5, 0 },
	{ "lead_time_for_changes_p90_hours", 10, 0 },
	{ "change_failure_rate", 10, 0 },
	{ "failed_deployment_recovery_time_p50_hours", 3, 0 },
};

int metric_min_n(const char *metric)
{
	for (size_t i = 0; metric && i < sizeof(minimums) / sizeof(minimums[0]); i++)
		if (!strcmp(minimums[i].metric, metric))
			return minimums[i].min_n;
	return 0;
}

/* 1 when METRIC is a state on the day of the latest snapshot (golden-path adoption), not a sum over the period. */
static int metric_snapshot(const char *metric)
{
	for (size_t i = 0; metric && i < sizeof(minimums) / sizeof(minimums[0]); i++)
		if (!strcmp(minimums[i].metric, metric))
			return minimums[i].snapshot;
	return 0;
}

int report_period_day(const struct report_model *m, int *day, int *days)
{
	int64_t len = m->period.end - m->period.start, gone = m->generated_at - m->period.start;

	if (m->period_complete || len <= 0)
		return 0;
	/* rounded: a quarter with a daylight-saving change is an hour longer or shorter than its days */
	*days = (int)((len + 43200) / 86400);
	*day = gone < 0 ? 1 : (int)(gone / 86400) + 1;
	if (*day > *days)
		*day = *days;
	return 1;
}

enum hold row_hold(const struct report_model *m, const struct metric_row *row)
{
	int day, days;

	if (!row || isnan(row->value))
		return HOLD_NONE;
	if (!strcmp(row->period, m->period.label) && report_period_day(m, &day, &days) && day - 1 < HOLD_MIN_DAYS &&
	    !metric_snapshot(row->metric))
		return HOLD_TOO_EARLY;
	if (row->n < metric_min_n(row->metric))
		return HOLD_TOO_FEW;
	return HOLD_NONE;
}

enum hold row_class(const struct report_model *m, const struct metric_row *row, const char **band, const char **tier)
{
	enum hold h;

	*band = row ? row->band : NULL;
	*tier = row ? row->tier : NULL;
	if (!*band && !*tier)
		return HOLD_NONE;
	if ((h = row_hold(m, row)) != HOLD_NONE)
		*band = *tier = NULL;
	return h;
}

char *row_so_far(const struct report_model *m, const struct metric_row *row)
{
	int day, days;
	char a[16], b[16];
	const char *args[2] = { a, b };

	if (!row || strcmp(row->period, m->period.label) || !report_period_day(m, &day, &days))
		return NULL;
	snprintf(a, sizeof(a), "%d", day);
	snprintf(b, sizeof(b), "%d", days);
	return msg_fmt(m, "value.so_far", 2, args);
}

char *hold_text(const struct report_model *m, const struct metric_row *row, enum hold h)
{
	char a[24], b[24];
	const char *args[2] = { a, b };
	int day, days;

	if (h == HOLD_TOO_EARLY && report_period_day(m, &day, &days)) {
		snprintf(a, sizeof(a), "%d", day);
		snprintf(b, sizeof(b), "%d", HOLD_MIN_DAYS + 1);
		return msg_fmt(m, "hold.too_early", 2, args);
	}
	if (h == HOLD_TOO_FEW && row) {
		snprintf(a, sizeof(a), "%lld", (long long)row->n);
		snprintf(b, sizeof(b), "%d", metric_min_n(row->metric));
		return msg_fmt(m, "hold.too_few", 2, args);
	}
	return NULL;
}

const char *hold_name(enum hold h)
{
	return h == HOLD_TOO_EARLY ? "too_early" : h == HOLD_TOO_FEW ? "too_few" : NULL;
}

void scorecard_build(const struct report_model *m, char *const *metrics, size_t n, const char *scope,
		     struct scorecard *out)
{
	const struct period *prev = report_prev_period(m);

	out->v = xcalloc(n + 1, sizeof(*out->v));
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		struct score_line *l = &out->v[i];
		const char *unit;
		double cur, pv;

		l->metric = metrics[i];
		l->def = metric_def_find(metrics[i]);
		unit = l->def ? l->def->unit : "";
		l->cur = report_value(m, metrics[i], m->period.label, scope);
		l->prev = prev ? report_value(m, metrics[i], prev->label, scope) : NULL;
		cur = l->cur ? l->cur->value : NAN;
		pv = l->prev ? l->prev->value : NAN;
		l->has_value = !isnan(cur);
		l->value = fmt_metric(m, metrics[i], cur);
		l->prev_value = fmt_metric(m, metrics[i], pv);
		l->delta = fmt_delta(m, unit, cur, pv);
		l->dir = isnan(cur) || isnan(pv) || cur == pv ? 0 : cur > pv ? 1 : -1;
		l->sense = delta_sense(l->def, cur, pv);
		l->hold = row_class(m, l->cur, &l->band, &l->tier);
		/* a change is shown only between values that both mean something */
		l->delta_held = row_hold(m, l->cur) ? row_hold(m, l->cur) : row_hold(m, l->prev);
		if (l->delta_held) {
			free(l->delta);
			l->delta = NULL;
			l->dir = 0;
			l->sense = 0;
		}
		l->target = metric_target(m, metrics[i]);
		l->spark_first = report_first_period(m, (const char *const *)&metrics[i], 1, scope);
		for (size_t h = l->spark_first; h < m->nhistory; h++) {
			const struct metric_row *r = report_value(m, metrics[i], m->history[h].label, scope);

			l->spark[l->nspark++] = r ? r->value : NAN;
		}
	}
}

void scorecard_release(struct scorecard *sc)
{
	for (size_t i = 0; i < sc->n; i++) {
		free(sc->v[i].value);
		free(sc->v[i].prev_value);
		free(sc->v[i].delta);
	}
	free(sc->v);
	memset(sc, 0, sizeof(*sc));
}

void text_list_release(struct text_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->level);
	memset(l, 0, sizeof(*l));
}

static void push(struct text_list *l, const char *level, char *owned)
{
	XGROW(l->v, l->alloc, l->n + 1);
	XGROW(l->level, l->level_alloc, l->n + 1);
	l->level[l->n] = (char *)level;
	l->v[l->n++] = owned;
}

/* Names of the lines selected by WANT, joined with ", ". */
static char *join_titles(const struct report_model *m, const struct scorecard *sc, int (*want)(const struct score_line *))
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sc->n; i++) {
		if (!want(&sc->v[i]))
			continue;
		if (sb.len)
			strbuf_addstr(&sb, msg(m, "list.separator"));
		strbuf_addstr(&sb, metric_title(m, sc->v[i].metric));
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

static int is_poor(const struct score_line *l)
{
	return (l->band && !strcmp(l->band, "poor")) || (l->tier && !strcmp(l->tier, "low"));
}

static int is_held(const struct score_line *l)
{
	return l->hold != HOLD_NONE;
}

static int is_missing(const struct score_line *l)
{
	return !l->has_value;
}

/* Relative size of a line's change, for picking the biggest improvement or decline. */
static double rel_change(const struct score_line *l)
{
	double c = l->cur->value, p = l->prev->value;

	return fabs(c - p) / (fabs(p) > 1e-9 ? fabs(p) : 1);
}

void summary_sentences(const struct report_model *m, const struct scorecard *sc, struct text_list *out)
{
	size_t with = 0, good = 0, poor = 0, classed = 0;
	const struct score_line *best = NULL, *worst = NULL;
	char a[32], b[32], c[32], *s;

	for (size_t i = 0; i < sc->n; i++) {
		const struct score_line *l = &sc->v[i];

		if (!l->has_value)
			continue;
		with++;
		classed += l->band || l->tier;
		if ((l->band && (!strcmp(l->band, "target") || !strcmp(l->band, "good"))) ||
		    (l->tier && (!strcmp(l->tier, "elite") || !strcmp(l->tier, "high"))))
			good++;
		if (is_poor(l))
			poor++;
		if (l->sense > 0 && (!best || rel_change(l) > rel_change(best)))
			best = l;
		if (l->sense < 0 && (!worst || rel_change(l) > rel_change(worst)))
			worst = l;
	}
	snprintf(a, sizeof(a), "%zu", with);
	snprintf(b, sizeof(b), "%zu", sc->n);
	{
		const char *args[3] = { a, b, m->period.label };

		push(out, "info", msg_fmt(m, "summary.coverage", 3, args));
	}
	if (classed) {
		const char *args[3] = { a, b, c };

		/* over the KPIs whose band or DORA tier is shown: held-back ones are said below */
		snprintf(a, sizeof(a), "%zu", good);
		snprintf(b, sizeof(b), "%zu", classed);
		snprintf(c, sizeof(c), "%zu", poor);
		push(out, "info", msg_fmt(m, "summary.bands", 3, args));
	}
	if ((s = join_titles(m, sc, is_held))) {
		const char *args[1] = { s };

		push(out, "info", msg_fmt(m, "summary.held", 1, args));
		free(s);
	}
	if (best) {
		const char *args[4] = { metric_title(m, best->metric), best->prev_value, best->value, best->delta };

		push(out, "info", msg_fmt(m, "summary.improved", 4, args));
	}
	if (worst) {
		const char *args[4] = { metric_title(m, worst->metric), worst->prev_value, worst->value, worst->delta };

		push(out, "info", msg_fmt(m, "summary.declined", 4, args));
	}
	if ((s = join_titles(m, sc, is_poor))) {
		const char *args[1] = { s };

		push(out, "info", msg_fmt(m, "summary.poor", 1, args));
		free(s);
	}
	if ((s = join_titles(m, sc, is_missing))) {
		const char *args[1] = { s };

		push(out, "info", msg_fmt(m, "summary.missing", 1, args));
		free(s);
	}
}

int row_suppressed(const struct metric_row *row)
{
	return row && (row_has_flag(row, "suppressed") || row_has_flag(row, "small_group"));
}

/* "lifecycles production, experimental; tiers tier-1" from the "filter" of a row's detail (catalog.filters), or NULL. */
static char *filter_text(const struct metric_row *r)
{
	json_t *detail = r->detail ? json_loads(r->detail, 0, NULL) : NULL;
	json_t *filter = json_object_get(detail, "filter"), *list, *v;
	struct strbuf sb = STRBUF_INIT;
	const char *key;
	size_t i;

	json_object_foreach(filter, key, list) {
		strbuf_addf(&sb, "%s%s ", sb.len ? "; " : "", key);
		json_array_foreach(list, i, v)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", json_string_value(v) ? json_string_value(v) : "");
	}
	json_decref(detail);
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* Flag texts for the org values of the period, one warning per (metric, flag). */
static void flag_warnings(const struct report_model *m, struct text_list *out)
{
	for (size_t i = 0; i < m->rows.n; i++) {
		const struct metric_row *r = &m->rows.v[i];
		json_t *flags, *f;
		size_t k;

		if (strcmp(r->period, m->period.label) || strcmp(r->scope, "org"))
			continue;
		flags = row_flags(r);
		json_array_foreach(flags, k, f) {
			const char *name = json_string_value(f);
			char key[160], *filter = name && !strcmp(name, "filtered") ? filter_text(r) : NULL;
			const char *args[2] = { metric_title(m, r->metric), filter ? filter : name };
			int info = name && (!strcmp(name, "approximate") || !strcmp(name, "filtered") ||
					    !strcmp(name, "catalog_population"));

			if (!name)
				continue;
			/* a flag's wording for this metric (flag.partial_period.deployments), else the flag's own */
			snprintf(key, sizeof(key), "flag.%s.%s", name, r->metric);
			if (!msg_opt(m, key))
				snprintf(key, sizeof(key), "flag.%s", name);
			push(out, info ? "info" : "warning", msg_fmt(m, msg_opt(m, key) ? key : "flag.other", 2, args));
			free(filter);
		}
		json_decref(flags);
	}
}

static void source_warnings(const struct report_model *m, struct text_list *out)
{
	char when[48];
	/* Fresh enough when collected after the end of the reported data (the period's end, or now). */
	int64_t ref = m->generated_at < m->period.end ? m->generated_at : m->period.end;

	if (!m->nsources)
		push(out, "info", xstrdup(msg(m, "warn.no_runs")));
	for (size_t i = 0; i < m->nsources; i++) {
		const struct source_status *s = &m->sources[i];
		const char *st = s->last_status ? s->last_status : "";

		if (!strcmp(st, "failed") || !strcmp(st, "partial")) {
			const char *args[3] = { s->source, st, s->last_message ? s->last_message : "" };

			push(out, !strcmp(st, "failed") ? "error" : "warning",
			     msg_fmt(m, !strcmp(st, "failed") ? "warn.source_failed" : "warn.source_partial", 3, args));
		}
		if (s->last_ok == TIME_NONE) {
			const char *args[1] = { s->source };

			push(out, "error", msg_fmt(m, "warn.source_never", 1, args));
		} else if ((double)(ref - s->last_ok) > m->def.stale_after_hours * 3600) {
			const char *args[2] = { s->source, when };

			fmt_time(m, s->last_ok, when, sizeof(when));
			push(out, "warning", msg_fmt(m, "warn.source_stale", 2, args));
		}
	}
}

static int level_rank(const char *l)
{
	return !strcmp(l, "error") ? 0 : !strcmp(l, "warning") ? 1 : 2;
}

void report_warnings(const struct report_model *m, struct text_list *out)
{
	struct text_list all = { 0 };
	size_t suppressed = 0;
	char when[48], nbuf[32];

	if (!m->period_complete) {
		char day[16], days[16], min[16];
		const char *args[5] = { m->period.label, when, day, days, min };
		int d = 0, ds = 0;

		report_period_day(m, &d, &ds);
		snprintf(day, sizeof(day), "%d", d);
		snprintf(days, sizeof(days), "%d", ds);
		snprintf(min, sizeof(min), "%d", HOLD_MIN_DAYS + 1);
		fmt_time(m, m->generated_at, when, sizeof(when));
		push(&all, "info", msg_fmt(m, d - 1 < HOLD_MIN_DAYS ? "warn.in_progress_early" : "warn.in_progress", 5, args));
	}
	source_warnings(m, &all);
	flag_warnings(m, &all);
	{
		const struct metric_row *rate = report_value(m, "survey_response_rate", m->period.label, "org");

		if (rate && !isnan(rate->value) && rate->value < m->def.low_response_rate &&
		    !row_has_flag(rate, "low_response_rate")) {
			char *v = fmt_value(m, "fraction", rate->value), *lim = fmt_value(m, "fraction", m->def.low_response_rate);
			const char *args[2] = { v, lim };

			push(&all, "warning", msg_fmt(m, "warn.low_response_rate", 2, args));
			free(v);
			free(lim);
		}
	}
	for (size_t i = 0; i < m->def.scorecard.n; i++) {
		const struct metric_row *r = report_value(m, m->def.scorecard.v[i], m->period.label, "org");

		if (!r || isnan(r->value)) {
			const char *args[2] = { metric_title(m, m->def.scorecard.v[i]), m->period.label };

			push(&all, "info", msg_fmt(m, "warn.no_data", 2, args));
		}
	}
	for (size_t i = 0; i < m->rows.n; i++)
		if (!strcmp(m->rows.v[i].period, m->period.label) && row_suppressed(&m->rows.v[i]))
			suppressed++;
	if (suppressed) {
		char minbuf[32];
		const char *args[2] = { nbuf, minbuf };

		snprintf(nbuf, sizeof(nbuf), "%zu", suppressed);
		snprintf(minbuf, sizeof(minbuf), "%d", m->cfg ? m->cfg->surveys.min_team_responses : 5);
		push(&all, "info", msg_fmt(m, "warn.suppressed", 2, args));
	}
	for (size_t i = 0; i < m->ndatasets; i++)
		if (m->datasets[i].truncated) {
			const char *args[2] = { m->datasets[i].def->name, nbuf };

			snprintf(nbuf, sizeof(nbuf), "%d", REPORT_DATASET_MAX_ROWS);
			push(&all, "warning", msg_fmt(m, "warn.truncated", 2, args));
		}
	/* stable order by level */
	for (int lv = 0; lv < 3; lv++)
		for (size_t i = 0; i < all.n; i++)
			if (level_rank(all.level[i]) == lv) {
				push(out, all.level[i], all.v[i]);
				all.v[i] = NULL;
			}
	text_list_release(&all);
}
