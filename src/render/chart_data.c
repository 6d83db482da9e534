/* From the report model to charts: the data of each chart the report definition names. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart_data.h"
#include "render/chart_scale.h"
#include "render/messages.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void chart_table_release(struct chart_table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		free(t->head[i]);
	for (size_t i = 0; i < t->ncols * t->nrows; i++)
		free(t->cells[i]);
	free(t->head);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

static void table_init(struct chart_table *t, size_t ncols, size_t nrows)
{
	if (!t)
		return;
	t->ncols = ncols;
	t->nrows = nrows;
	t->head = xcalloc(ncols + 1, sizeof(char *));
	t->cells = xcalloc(ncols * nrows + 1, sizeof(char *));
}

static void table_set(struct chart_table *t, size_t row, size_t col, char *owned)
{
	if (!t) {
		free(owned);
		return;
	}
	free(t->cells[row * t->ncols + col]);
	t->cells[row * t->ncols + col] = owned;
}

size_t report_first_period(const struct report_model *m, const char *const *metrics, size_t nmetrics, const char *scope)
{
	size_t first = m->nhistory;

	for (size_t i = 0; i < m->nhistory && first == m->nhistory; i++)
		for (size_t k = 0; k < nmetrics; k++) {
			const struct metric_row *r = report_value(m, metrics[k], m->history[i].label, scope);

			if (r && !isnan(r->value)) {
				first = i;
				break;
			}
		}
	if (first + 4 > m->nhistory)
		first = m->nhistory > 4 ? m->nhistory - 4 : 0;
	return first;
}

/* The unit an axis shows values of UNIT in, and whether it is logarithmic. */
struct axis_unit {
	double factor;          /* displayed = value * factor */
	const char *label_key;  /* message for the axis title */
	const char *value_key;  /* message formatting a value in the axis unit ("{0} min"), or NULL: fmt_value */
	enum tick_style ticks;
	int log;
};

/*
 * The axis of UNIT for values from MINV to MAXV (positive ones) whose latest is
 * REF: a time is shown in the unit that fits REF (minutes below three hours,
 * hours below four days, else days), so today's values are read in their own
 * unit, and on a logarithmic axis when the values span more than 20 times
 * (a quarter of 16 minutes stays visible next to one of three days).
 */
static struct axis_unit axis_unit(const char *unit, double minv, double maxv, double ref)
{
	struct axis_unit a = { 1, "axis.value", NULL, TICK_PLAIN, 0 };

	if (!unit)
		return a;
	if (!strcmp(unit, "minutes") || !strcmp(unit, "hours") || !strcmp(unit, "days")) {
		double to_min = !strcmp(unit, "hours") ? 60 : !strcmp(unit, "days") ? 1440 : 1;
		double minutes = (isnan(ref) ? maxv : ref) * to_min;

		if (minutes >= 4 * 1440 || !strcmp(unit, "days"))
			a.factor = to_min / 1440, a.label_key = "axis.days", a.value_key = "unit.d";
		else if (minutes >= 180)
			a.factor = to_min / 60, a.label_key = "axis.hours", a.value_key = "unit.h";
		else
			a.factor = to_min, a.label_key = "axis.minutes", a.value_key = "unit.min";
		a.log = minv > 0 && maxv / minv > 20;
	} else if (!strcmp(unit, "fraction")) {
		a.ticks = TICK_PERCENT;
		a.label_key = "axis.percent";
	} else if (!strcmp(unit, "nps")) {
		a.label_key = "axis.nps";
	} else if (!strcmp(unit, "count")) {
		a.label_key = "axis.count";
	} else if (!strcmp(unit, "per_week")) {
		a.label_key = "axis.per_week";
	} else if (!strcmp(unit, "per_month")) {
		a.label_key = "axis.per_month";
	}
	return a;
}

/* V of UNIT as the axis shows it ("16 min" on a minutes axis), so the labels and the axis agree. */
static char *axis_value(const struct report_model *m, const struct axis_unit *a, const char *unit, double v)
{
	char num[32];
	const char *args[1] = { num };

	if (!a->value_key)
		return fmt_value(m, unit, v);
	fmt_num(v * a->factor, num, sizeof(num));
	return msg_fmt(m, a->value_key, 1, args);
}

/*
 * The tier boundaries of METRIC from the DORA benchmark (M->tiers) into S, in
 * the axis unit, those up to three times the largest value (a bound far above
 * the data would flatten it).  LABELS receives the owned label texts.
 */
static void tier_bounds(const struct report_model *m, const char *metric, const struct axis_unit *a, double maxv,
			struct trend_spec *s, char **labels)
{
	json_t *rule, *cls;
	size_t i, k;

	json_array_foreach(json_object_get(m->tiers, "rules"), i, rule) {
		json_t *metrics = json_object_get(rule, "metrics"), *v;
		int mine = 0;

		json_array_foreach(metrics, k, v)
			mine |= json_is_string(v) && !strcmp(json_string_value(v), metric);
		if (!mine)
			continue;
		json_array_foreach(json_object_get(rule, "classes"), k, cls) {
			const char *name = json_string_value(json_object_get(cls, "name"));
			json_t *val = json_object_get(cls, "value");
			char key[16];
			const char *text;
			int dup = 0;

			if (!name || !json_is_number(val) || s->nbounds >= 4 || json_number_value(val) > 3 * maxv)
				continue;
			for (size_t b = 0; b < s->nbounds; b++)
				dup |= s->bounds[b].v == json_number_value(val) * a->factor;
			if (dup) /* a tier loosened to the better one's bound never wins: one line */
				continue;
			snprintf(key, sizeof(key), "text_%s", m->lang);
			text = json_string_value(json_object_get(cls, key));
			if (!text)
				text = json_string_value(json_object_get(cls, "text"));
			labels[s->nbounds] = xasprintf("%s %s", tier_word(m, name), text ? text : "");
			s->bounds[s->nbounds].v = json_number_value(val) * a->factor;
			s->bounds[s->nbounds].label = labels[s->nbounds];
			s->bounds[s->nbounds].rgb = tier_rgb(name);
			s->nbounds++;
		}
		break;
	}
}

static const char *short_name(const struct report_model *m, const char *metric)
{
	char key[160];
	const char *s;

	snprintf(key, sizeof(key), "short.%s", metric);
	s = msg_opt(m, key);
	return s ? s : metric_title(m, metric);
}

static struct chart *trend(const struct report_model *m, const struct report_chart *def, const char *title,
			   struct chart_table *table)
{
	struct trend_spec s;
	const struct metric_def *md = metric_def_find(def->metrics.v[0]);
	const char *unit = md ? md->unit : "";
	size_t first = report_first_period(m, (const char *const *)def->metrics.v, def->metrics.n, "org");
	char *labels[CHART_MAX_SERIES] = { 0 }, *bound_labels[4] = { 0 }, *subtitle, *target_label = NULL, nbuf[32];
	const struct metric_row *cur = report_value(m, def->metrics.v[0], m->period.label, "org");
	struct strbuf desc = STRBUF_INIT;
	struct axis_unit au;
	struct chart *c;
	char *ylabel = NULL;
	double maxv = 0, minv = INFINITY, ref = cur ? cur->value : NAN;

	memset(&s, 0, sizeof(s));
	s.name = def->name;
	s.title = title;
	s.nx = m->nhistory - first;
	s.target = NAN;
	s.no_data = msg(m, "chart.no_data");
	for (size_t i = 0; i < s.nx; i++)
		s.xlabels[i] = m->history[first + i].label;
	s.nseries = def->metrics.n < CHART_MAX_SERIES ? def->metrics.n : CHART_MAX_SERIES;
	for (size_t k = 0; k < s.nseries; k++)
		for (size_t i = 0; i < s.nx; i++) {
			const struct metric_row *r = report_value(m, def->metrics.v[k], s.xlabels[i], "org");

			if (r && !isnan(r->value)) {
				maxv = fmax(maxv, fabs(r->value));
				minv = fmin(minv, r->value);
				if (!k && !cur)
					ref = r->value; /* the latest value of the first series */
			}
		}
	if (def->target && !isnan(metric_target_value(m, def->metrics.v[0])))
		minv = fmin(minv, metric_target_value(m, def->metrics.v[0]));
	au = axis_unit(unit, minv, maxv, ref);
	s.ticks = au.ticks;
	s.log_scale = au.log;
	if (au.log) {
		const char *args[1] = { msg(m, au.label_key) };

		ylabel = msg_fmt(m, "axis.log", 1, args);
		s.ylabel = ylabel;
	} else {
		s.ylabel = msg(m, au.label_key);
	}
	if (m->tiers)
		tier_bounds(m, def->metrics.v[0], &au, maxv, &s, bound_labels);
	table_init(table, 1 + s.nseries, s.nx);
	if (table)
		table->head[0] = xstrdup(msg(m, "table.period"));
	strbuf_addf(&desc, "%s. ", title);
	for (size_t k = 0; k < s.nseries; k++) {
		struct chart_series *se = &s.series[k];
		const struct metric_def *d = metric_def_find(def->metrics.v[k]);
		const char *last = NULL;

		se->rgb = chart_palette[k];
		if (table)
			table->head[1 + k] = xstrdup(metric_title(m, def->metrics.v[k]));
		strbuf_addf(&desc, "%s:", metric_title(m, def->metrics.v[k]));
		for (size_t i = 0; i < s.nx; i++) {
			const struct metric_row *r = report_value(m, def->metrics.v[k], s.xlabels[i], "org");
			json_t *detail = def->interval ? row_detail(r) : NULL;
			char *text = fmt_value(m, d ? d->unit : "", r ? r->value : NAN);
			double v = r ? r->value : NAN;

			se->v[i] = isnan(v) ? NAN : v * au.factor;
			se->lo[i] = detail_num(detail, "ci_low") * au.factor;
			se->hi[i] = detail_num(detail, "ci_high") * au.factor;
			json_decref(detail);
			strbuf_addf(&desc, " %s %s;", s.xlabels[i], text);
			if (!isnan(v))
				last = s.xlabels[i];
			if (table && !table->cells[i * table->ncols])
				table_set(table, i, 0, xstrdup(s.xlabels[i]));
			table_set(table, i, 1 + k, text);
		}
		if (last) {
			const struct metric_row *r = report_value(m, def->metrics.v[k], last, "org");
			char *v = axis_value(m, &au, d ? d->unit : "", r->value);

			if (strcmp(last, m->period.label))
				labels[k] = xasprintf("%s %s (%s)", short_name(m, def->metrics.v[k]), v, last);
			else
				labels[k] = xasprintf("%s %s", short_name(m, def->metrics.v[k]), v);
			free(v);
		}
		se->label = labels[k];
		strbuf_addch(&desc, ' ');
	}
	if (def->target && !isnan(metric_target_value(m, def->metrics.v[0]))) {
		const char *args[1] = { metric_target(m, def->metrics.v[0]) };

		s.target = metric_target_value(m, def->metrics.v[0]) * au.factor;
		target_label = msg_fmt(m, "chart.target", 1, args);
		s.target_label = target_label;
	}
	snprintf(nbuf, sizeof(nbuf), "%lld", cur ? (long long)cur->n : 0LL);
	{
		const char *args[3] = { s.ylabel, nbuf, m->period.label };

		subtitle = msg_fmt(m, "chart.subtitle_trend", 3, args);
	}
	s.subtitle = subtitle;
	s.desc = desc.buf;
	c = chart_trend(&s);
	for (size_t k = 0; k < CHART_MAX_SERIES; k++)
		free(labels[k]);
	for (size_t k = 0; k < 4; k++)
		free(bound_labels[k]);
	free(ylabel);
	free(subtitle);
	free(target_label);
	strbuf_release(&desc);
	return c;
}

/* A compact label of a bin edge in UNIT: 5m, 4h, 3d. */
static char *edge_label(const struct report_model *m, const char *unit, double v)
{
	double minutes = v * (!strcmp(unit, "hours") ? 60 : !strcmp(unit, "days") ? 1440 : 1);
	char num[32];
	const char *args[1] = { num };
	const char *key;

	if (strcmp(unit, "minutes") && strcmp(unit, "hours") && strcmp(unit, "days")) {
		fmt_num(v, num, sizeof(num));
		return xstrdup(num);
	}
	if (minutes == 0)
		return xstrdup("0");
	if (minutes < 60)
		key = "unit.min_short";
	else if (minutes < 1440)
		key = "unit.h_short", minutes /= 60;
	else
		key = "unit.d_short", minutes /= 1440;
	fmt_num(minutes, num, sizeof(num));
	return msg_fmt(m, key, 1, args);
}

static struct chart *histogram(const struct report_model *m, const struct report_chart *def, const char *title,
			       struct chart_table *table)
{
	const struct dataset_rows *d = report_dataset(m, def->dataset);
	int col = dataset_col(d, def->column);
	double *values = xcalloc(d ? d->nrows + 1 : 1, sizeof(double));
	char **edge_labels = xcalloc(def->nbins + 1, sizeof(char *));
	char *mark_labels[4] = { 0 }, *subtitle, nbuf[32];
	size_t n = 0, *counts = xcalloc(def->nbins + 1, sizeof(size_t)), counted;
	struct hist_spec s;
	struct chart *c;

	memset(&s, 0, sizeof(s));
	for (size_t r = 0; d && col >= 0 && r < d->nrows; r++) {
		const struct cell *x = &d->cells[r * d->ncols + (size_t)col];

		if (x->type == CELL_INT || x->type == CELL_REAL)
			values[n++] = x->d;
	}
	for (size_t b = 0; b < def->nbins; b++)
		edge_labels[b] = edge_label(m, def->unit, def->bins[b]);
	counted = histogram_counts(values, n, def->bins, def->nbins, counts);
	s.name = def->name;
	s.title = title;
	s.values = values;
	s.n = n;
	s.edges = def->bins;
	s.edge_labels = (const char *const *)edge_labels;
	s.nedges = def->nbins;
	s.no_data = msg(m, "chart.no_data");
	s.ylabel = msg(m, "axis.rows");
	for (size_t k = 0; k < def->metrics.n && s.nmarks < 4; k++) {
		const struct metric_row *r = report_value(m, def->metrics.v[k], m->period.label, "org");
		char *v;

		if (!r || isnan(r->value))
			continue;
		v = fmt_value(m, r->unit, r->value);
		mark_labels[s.nmarks] = xasprintf("%s %s", short_name(m, def->metrics.v[k]), v);
		free(v);
		s.marks[s.nmarks].v = r->value;
		s.marks[s.nmarks].label = mark_labels[s.nmarks];
		s.nmarks++;
	}
	snprintf(nbuf, sizeof(nbuf), "%zu", counted);
	{
		const char *args[2] = { nbuf, m->period.label };

		subtitle = msg_fmt(m, "chart.subtitle_histogram", 2, args);
	}
	s.subtitle = subtitle;
	s.desc = subtitle;
	table_init(table, 2, def->nbins);
	if (table) {
		table->head[0] = xstrdup(msg(m, "table.range"));
		table->head[1] = xstrdup(msg(m, "table.rows"));
		for (size_t b = 0; b < def->nbins; b++) {
			table_set(table, b, 0,
				  b + 1 < def->nbins ? xasprintf("%s – %s", edge_labels[b], edge_labels[b + 1])
						     : xasprintf("≥ %s", edge_labels[b]));
			table_set(table, b, 1, xasprintf("%zu", counts[b]));
		}
	}
	c = chart_histogram(&s);
	for (size_t b = 0; b < def->nbins; b++)
		free(edge_labels[b]);
	for (size_t k = 0; k < 4; k++)
		free(mark_labels[k]);
	free(edge_labels);
	free(values);
	free(counts);
	free(subtitle);
	return c;
}

static struct chart *distribution(const struct report_model *m, const struct report_chart *def, const char *title,
				  struct chart_table *table)
{
	static const char *const labels[11] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10" };
	static const unsigned rgb[11] = { 0xD55E00, 0xD55E00, 0xD55E00, 0xD55E00, 0xD55E00, 0xD55E00,
					  0xD55E00, 0x999999, 0x999999, 0x009E73, 0x009E73 };
	static const unsigned legend_rgb[3] = { 0xD55E00, 0x999999, 0x009E73 };
	const struct metric_row *r = report_value(m, def->metric, m->period.label, "org");
	json_t *detail = row_detail(r), *dist = json_object_get(detail, "distribution");
	const char *legend[3] = { msg(m, "nps.detractors"), msg(m, "nps.passives"), msg(m, "nps.promoters") };
	double values[11];
	double total = 0;
	struct bar_spec s;
	struct chart *c;
	char *subtitle, nbuf[32];

	for (size_t i = 0; i < 11; i++) {
		json_t *v = json_array_get(dist, i);

		values[i] = json_is_number(v) && json_array_size(dist) == 11 ? json_number_value(v) : NAN;
		if (!isnan(values[i]))
			total += values[i];
	}
	memset(&s, 0, sizeof(s));
	s.name = def->name;
	s.title = title;
	s.ylabel = msg(m, "axis.responses");
	s.labels = labels;
	s.values = values;
	s.rgb = rgb;
	s.n = 11;
	s.legend = legend;
	s.legend_rgb = legend_rgb;
	s.nlegend = 3;
	s.no_data = msg(m, "chart.no_data");
	snprintf(nbuf, sizeof(nbuf), "%.0f", total);
	{
		const char *args[2] = { nbuf, m->period.label };

		subtitle = msg_fmt(m, "chart.subtitle_distribution", 2, args);
	}
	s.subtitle = subtitle;
	s.desc = subtitle;
	table_init(table, 2, 11);
	if (table) {
		table->head[0] = xstrdup(msg(m, "table.score"));
		table->head[1] = xstrdup(msg(m, "table.responses"));
		for (size_t i = 0; i < 11; i++) {
			table_set(table, i, 0, xstrdup(labels[i]));
			table_set(table, i, 1, isnan(values[i]) ? xstrdup("–") : xasprintf("%.0f", values[i]));
		}
	}
	c = chart_bars(&s);
	free(subtitle);
	json_decref(detail);
	return c;
}

struct chart *report_chart(const struct report_model *m, const struct report_chart *def, struct chart_table *table)
{
	char key[160];
	const char *title;

	if (table)
		memset(table, 0, sizeof(*table));
	snprintf(key, sizeof(key), "chart.%s", def->name);
	title = msg_title(m, def->title, key);
	switch (def->kind) {
	case CHART_TREND:
		return trend(m, def, title, table);
	case CHART_HISTOGRAM:
		return histogram(m, def, title, table);
	case CHART_DISTRIBUTION:
		break;
	}
	return distribution(m, def, title, table);
}
