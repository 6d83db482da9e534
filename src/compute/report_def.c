/* The report definition (reports/quarterly.json): sections, scorecard KPIs, charts and datasets, checked. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compute/metric_defs.h"
#include "compute/report_def.h"
#include "util/defs.h"
#include "util/embedded.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

static const struct {
	const char *name;
	enum section_kind kind;
} section_kinds[] = {
	{ "scorecard", SEC_SCORECARD }, { "coverage", SEC_COVERAGE }, { "kpi", SEC_KPI },
	{ "nps", SEC_NPS },             { "dora", SEC_DORA },         { "teams", SEC_TEAMS },
	{ "freshness", SEC_FRESHNESS }, { "definitions", SEC_DEFINITIONS },
};

/* Parsing state: the file name for messages. */
struct dp {
	const char *file;
	struct strbuf *err;
};

static int fail(struct dp *p, const char *where, const char *what)
{
	strbuf_addf(p->err, "%s: %s: %s", p->file, where, what);
	return -1;
}

/* An identifier we may place into a formula or a file name: [A-Za-z0-9_], 1..64 bytes. */
static int identifier(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 64)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

/* A value that may go between quotes in a COUNTIFS criterion: printable ASCII without quotes or wildcards. */
static int criterion(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 64)
		return 0;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e || strchr("\"*?~=<>", *s))
			return 0;
	return 1;
}

static int str_vec(struct dp *p, json_t *a, const char *where, int metrics, struct str_vec *out)
{
	size_t i;
	json_t *v;

	if (!a)
		return 0;
	if (!json_is_array(a))
		return fail(p, where, "must be an array of strings");
	out->v = xcalloc(json_array_size(a) + 1, sizeof(char *));
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			return fail(p, where, "must be an array of strings");
		if (metrics && !metric_def_find(json_string_value(v))) {
			strbuf_addf(p->err, "%s: %s: unknown metric '%s'", p->file, where, json_string_value(v));
			return -1;
		}
		out->v[out->n++] = xstrdup(json_string_value(v));
	}
	return 0;
}

static void str_vec_release(struct str_vec *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static const char *get_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A title: a string, or an object of strings by language. */
static int title(struct dp *p, json_t *o, const char *where, json_t **out)
{
	json_t *t = json_object_get(o, "title"), *v;
	const char *k;

	*out = NULL;
	if (!t)
		return 0;
	if (json_is_object(t)) {
		json_object_foreach(t, k, v)
			if (!json_is_string(v))
				return fail(p, where, "'title' must be text or an object of texts by language");
	} else if (!json_is_string(t)) {
		return fail(p, where, "'title' must be text or an object of texts by language");
	}
	*out = json_incref(t);
	return 0;
}

static int parse_section(struct dp *p, json_t *js, struct report_section *s)
{
	const char *id = get_str(js, "id"), *kind = get_str(js, "kind");
	char where[96];
	size_t k;

	if (!id || !identifier(id))
		return fail(p, "sections", "every section needs an 'id' made of letters, digits and _");
	s->id = xstrdup(id);
	snprintf(where, sizeof(where), "section '%s'", id);
	for (k = 0; k < sizeof(section_kinds) / sizeof(section_kinds[0]); k++)
		if (kind && !strcmp(kind, section_kinds[k].name))
			break;
	if (k == sizeof(section_kinds) / sizeof(section_kinds[0]))
		return fail(p, where, "'kind' must be one of scorecard, coverage, kpi, nps, dora, teams, freshness, definitions");
	s->kind = section_kinds[k].kind;
	if (title(p, js, where, &s->title) || str_vec(p, json_object_get(js, "metrics"), where, 1, &s->metrics) ||
	    str_vec(p, json_object_get(js, "charts"), where, 0, &s->charts) ||
	    str_vec(p, json_object_get(js, "datasets"), where, 0, &s->datasets) ||
	    str_vec(p, json_object_get(js, "scopes"), where, 0, &s->scopes))
		return -1;
	for (size_t i = 0; i < s->scopes.n; i++)
		if (strcmp(s->scopes.v[i], "team") && strcmp(s->scopes.v[i], "service") && strcmp(s->scopes.v[i], "template"))
			return fail(p, where, "'scopes' may hold team, service and template");
	return 0;
}

static int parse_chart(struct dp *p, json_t *jc, struct report_chart *c)
{
	const char *name = get_str(jc, "name"), *type = get_str(jc, "type");
	json_t *bins = json_object_get(jc, "bins"), *v;
	char where[96];
	size_t i;

	if (!name || !identifier(name))
		return fail(p, "charts", "every chart needs a 'name' made of letters, digits and _");
	c->name = xstrdup(name);
	snprintf(where, sizeof(where), "chart '%s'", name);
	if (title(p, jc, where, &c->title))
		return -1;
	c->interval = json_is_true(json_object_get(jc, "interval"));
	c->target = json_is_true(json_object_get(jc, "target"));
	if (type && !strcmp(type, "trend")) {
		c->kind = CHART_TREND;
		if (str_vec(p, json_object_get(jc, "metrics"), where, 1, &c->metrics))
			return -1;
		if (!c->metrics.n)
			return fail(p, where, "a trend needs 'metrics'");
		return 0;
	}
	if (type && !strcmp(type, "distribution")) {
		c->kind = CHART_DISTRIBUTION;
		c->metric = xstrdup(get_str(jc, "metric"));
		if (!c->metric || !metric_def_find(c->metric))
			return fail(p, where, "a distribution needs a known 'metric'");
		return 0;
	}
	if (!type || strcmp(type, "histogram"))
		return fail(p, where, "'type' must be trend, histogram or distribution");
	c->kind = CHART_HISTOGRAM;
	c->dataset = xstrdup(get_str(jc, "dataset"));
	c->column = xstrdup(get_str(jc, "column"));
	c->unit = xstrdup(get_str(jc, "unit") ? get_str(jc, "unit") : "count");
	if (!c->dataset || !c->column)
		return fail(p, where, "a histogram needs 'dataset' and 'column'");
	if (str_vec(p, json_object_get(jc, "marks"), where, 1, &c->metrics))
		return -1;
	if (!json_is_array(bins) || json_array_size(bins) < 2 || json_array_size(bins) > 32)
		return fail(p, where, "'bins' must be 2 to 32 ascending numbers");
	c->bins = xcalloc(json_array_size(bins), sizeof(double));
	json_array_foreach(bins, i, v) {
		if (!json_is_number(v) || (i && json_number_value(v) <= c->bins[i - 1]) || json_number_value(v) < 0)
			return fail(p, where, "'bins' must be 2 to 32 ascending numbers");
		c->bins[c->nbins++] = json_number_value(v);
	}
	return 0;
}

static int parse_count(struct dp *p, json_t *jo, const char *where, struct figure_count *fc)
{
	const char *k;
	json_t *v;

	if (!json_is_object(jo) || !json_object_size(jo))
		return fail(p, where, "a count is an object of column: value conditions");
	fc->column = xcalloc(json_object_size(jo), sizeof(char *));
	fc->value = xcalloc(json_object_size(jo), sizeof(char *));
	json_object_foreach(jo, k, v) {
		if (!identifier(k) || !json_is_string(v) || !criterion(json_string_value(v)))
			return fail(p, where, "conditions need identifier columns and plain text values (no quotes or wildcards)");
		fc->column[fc->n] = xstrdup(k);
		fc->value[fc->n++] = xstrdup(json_string_value(v));
	}
	return 0;
}

static int parse_counts(struct dp *p, json_t *a, const char *where, struct figure_count **out, size_t *n)
{
	size_t i;
	json_t *v;

	if (!json_is_array(a) || !json_array_size(a))
		return fail(p, where, "counts must be a non-empty array of conditions");
	*out = xcalloc(json_array_size(a), sizeof(**out));
	json_array_foreach(a, i, v) {
		if (parse_count(p, v, where, &(*out)[(*n)++]))
			return -1;
	}
	return 0;
}

static int parse_figure(struct dp *p, json_t *jf, const char *where, struct report_figure *f)
{
	const char *metric = get_str(jf, "metric");
	json_t *pct = json_object_get(jf, "percentile"), *ratio = json_object_get(jf, "ratio");

	if (!metric || !metric_def_find(metric))
		return fail(p, where, "every figure needs a known 'metric'");
	f->metric = xstrdup(metric);
	if (json_object_get(jf, "label"))
		f->label = json_incref(json_object_get(jf, "label"));
	if (pct) {
		f->kind = FIG_PERCENTILE;
		f->column = xstrdup(get_str(jf, "column"));
		if (!json_is_number(pct) || json_number_value(pct) < 0 || json_number_value(pct) > 1 || !f->column ||
		    !identifier(f->column))
			return fail(p, where, "a percentile figure needs 'percentile' from 0 to 1 and a 'column'");
		f->k = json_number_value(pct);
		return 0;
	}
	if (json_object_get(jf, "count")) {
		f->kind = FIG_COUNT;
		return parse_counts(p, json_object_get(jf, "count"), where, &f->num, &f->nnum);
	}
	if (!json_is_object(ratio))
		return fail(p, where, "a figure is a 'percentile', a 'count' or a 'ratio'");
	f->kind = FIG_RATIO;
	return parse_counts(p, json_object_get(ratio, "numerator"), where, &f->num, &f->nnum) ||
	       parse_counts(p, json_object_get(ratio, "denominator"), where, &f->den, &f->nden);
}

static int parse_dataset(struct dp *p, json_t *jd, struct report_dataset *d)
{
	const char *name = get_str(jd, "name"), *query = get_str(jd, "query"), *sheet = get_str(jd, "sheet");
	json_t *figs = json_object_get(jd, "figures"), *v;
	struct strbuf why = STRBUF_INIT;
	char where[96];
	size_t i;

	if (!name || !identifier(name))
		return fail(p, "datasets", "every dataset needs a 'name' made of letters, digits and _");
	d->name = xstrdup(name);
	snprintf(where, sizeof(where), "dataset '%s'", name);
	if (!query || strncmp(query, "report/", 7) || !embedded_find(embedded_queries, query))
		return fail(p, where, "'query' must name an embedded query under report/ (queries/report/NAME.sql)");
	d->query = xstrdup(query);
	d->sheet = xstrdup(sheet ? sheet : name);
	if (report_sheet_name_check(d->sheet, &why)) {
		fail(p, where, why.buf);
		strbuf_release(&why);
		return -1;
	}
	if (title(p, jd, where, &d->title))
		return -1;
	if (!figs)
		return 0;
	if (!json_is_array(figs))
		return fail(p, where, "'figures' must be an array");
	d->figures = xcalloc(json_array_size(figs) + 1, sizeof(*d->figures));
	json_array_foreach(figs, i, v) {
		if (parse_figure(p, v, where, &d->figures[d->nfigures++]))
			return -1;
	}
	return 0;
}

int report_sheet_name_check(const char *name, struct strbuf *err)
{
	size_t n = strlen(name);

	if (!n || n > 31) {
		strbuf_addf(err, "sheet name '%s' must have 1 to 31 characters", name);
		return -1;
	}
	for (const char *s = name; *s; s++) {
		if (*s < 0x20 || *s > 0x7e || strchr("[]:*?/\\", *s)) {
			strbuf_addf(err, "sheet name '%s' must be printable ASCII without []:*?/\\", name);
			return -1;
		}
	}
	if (name[0] == '\'' || name[n - 1] == '\'') {
		strbuf_addf(err, "sheet name '%s' must not start or end with '", name);
		return -1;
	}
	return 0;
}

static int check_refs(struct dp *p, struct report_def *d)
{
	char where[96];

	for (size_t i = 0; i < d->nsections; i++) {
		const struct report_section *s = &d->sections[i];

		snprintf(where, sizeof(where), "section '%s'", s->id);
		for (size_t k = 0; k < s->charts.n; k++)
			if (!report_def_chart(d, s->charts.v[k]))
				return fail(p, where, "names a chart that 'charts' does not define");
		for (size_t k = 0; k < s->datasets.n; k++)
			if (!report_def_dataset(d, s->datasets.v[k]))
				return fail(p, where, "names a dataset that 'datasets' does not define");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(d->sections[k].id, s->id))
				return fail(p, where, "the id is used twice");
	}
	for (size_t i = 0; i < d->ncharts; i++) {
		snprintf(where, sizeof(where), "chart '%s'", d->charts[i].name);
		if (d->charts[i].dataset && !report_def_dataset(d, d->charts[i].dataset))
			return fail(p, where, "names a dataset that 'datasets' does not define");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(d->charts[k].name, d->charts[i].name))
				return fail(p, where, "the name is used twice");
	}
	for (size_t i = 0; i < d->ndatasets; i++)
		for (size_t k = 0; k < i; k++)
			if (!strcmp(d->datasets[k].name, d->datasets[i].name) ||
			    !strcasecmp(d->datasets[k].sheet, d->datasets[i].sheet)) {
				snprintf(where, sizeof(where), "dataset '%s'", d->datasets[i].name);
				return fail(p, where, "the name or the sheet is used twice");
			}
	for (size_t i = 0; i < d->exclusions.n; i++)
		if (!report_def_dataset(d, d->exclusions.v[i]))
			return fail(p, "exclusions", "names a dataset that 'datasets' does not define");
	return 0;
}

/* The file defs_load() reads NAME from, for messages. */
static char *def_file(const struct config *cfg, const char *name)
{
	char *file = defs_file(cfg, name);

	return file ? file : xasprintf("reports/%s.json", name);
}

int report_def_load(const struct config *cfg, const char *name, struct report_def *d, struct strbuf *err)
{
	json_t *root = NULL, *a, *v;
	char *file = def_file(cfg, name);
	struct dp p = { file, err };
	size_t i;
	int ret = -1;

	memset(d, 0, sizeof(*d));
	d->history = 8;
	d->stale_after_hours = 36;
	d->low_response_rate = NAN;
	if (defs_load(cfg, name, &root, err))
		goto out;
	if (!json_is_object(root)) {
		fail(&p, "top level", "must be an object");
		goto out;
	}
	if ((v = json_object_get(root, "history_quarters"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 4 || json_integer_value(v) > 8) {
			fail(&p, "history_quarters", "must be a whole number from 4 to 8");
			goto out;
		}
		d->history = (size_t)json_integer_value(v);
	}
	if ((v = json_object_get(json_object_get(root, "freshness"), "stale_after_hours"))) {
		if (!json_is_number(v) || json_number_value(v) <= 0) {
			fail(&p, "freshness.stale_after_hours", "must be a positive number");
			goto out;
		}
		d->stale_after_hours = json_number_value(v);
	}
	if ((v = json_object_get(json_object_get(root, "thresholds"), "low_response_rate"))) {
		if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1) {
			fail(&p, "thresholds.low_response_rate", "must be a number from 0 to 1");
			goto out;
		}
		d->low_response_rate = json_number_value(v);
	}
	if (str_vec(&p, json_object_get(root, "scorecard"), "scorecard", 1, &d->scorecard) ||
	    str_vec(&p, json_object_get(root, "exclusions"), "exclusions", 0, &d->exclusions))
		goto out;
	a = json_object_get(root, "sections");
	if (!json_is_array(a)) {
		fail(&p, "sections", "must be an array");
		goto out;
	}
	d->sections = xcalloc(json_array_size(a) + 1, sizeof(*d->sections));
	json_array_foreach(a, i, v) {
		if (parse_section(&p, v, &d->sections[d->nsections++]))
			goto out;
	}
	a = json_object_get(root, "charts");
	d->charts = xcalloc(json_array_size(a) + 1, sizeof(*d->charts));
	json_array_foreach(a, i, v) {
		if (parse_chart(&p, v, &d->charts[d->ncharts++]))
			goto out;
	}
	a = json_object_get(root, "datasets");
	d->datasets = xcalloc(json_array_size(a) + 1, sizeof(*d->datasets));
	json_array_foreach(a, i, v) {
		if (parse_dataset(&p, v, &d->datasets[d->ndatasets++]))
			goto out;
	}
	ret = check_refs(&p, d);
out:
	json_decref(root);
	free(file);
	if (ret)
		report_def_release(d);
	return ret;
}

static void counts_release(struct figure_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < c[i].n; k++) {
			free(c[i].column[k]);
			free(c[i].value[k]);
		}
		free(c[i].column);
		free(c[i].value);
	}
	free(c);
}

void report_def_release(struct report_def *d)
{
	str_vec_release(&d->scorecard);
	str_vec_release(&d->exclusions);
	for (size_t i = 0; i < d->nsections; i++) {
		struct report_section *s = &d->sections[i];

		free(s->id);
		json_decref(s->title);
		str_vec_release(&s->metrics);
		str_vec_release(&s->charts);
		str_vec_release(&s->datasets);
		str_vec_release(&s->scopes);
	}
	free(d->sections);
	for (size_t i = 0; i < d->ncharts; i++) {
		struct report_chart *c = &d->charts[i];

		free(c->name);
		json_decref(c->title);
		str_vec_release(&c->metrics);
		free(c->metric);
		free(c->dataset);
		free(c->column);
		free(c->unit);
		free(c->bins);
	}
	free(d->charts);
	for (size_t i = 0; i < d->ndatasets; i++) {
		struct report_dataset *ds = &d->datasets[i];

		free(ds->name);
		free(ds->query);
		free(ds->sheet);
		json_decref(ds->title);
		for (size_t k = 0; k < ds->nfigures; k++) {
			free(ds->figures[k].metric);
			json_decref(ds->figures[k].label);
			free(ds->figures[k].column);
			counts_release(ds->figures[k].num, ds->figures[k].nnum);
			counts_release(ds->figures[k].den, ds->figures[k].nden);
		}
		free(ds->figures);
	}
	free(d->datasets);
	memset(d, 0, sizeof(*d));
}

const struct report_chart *report_def_chart(const struct report_def *d, const char *name)
{
	for (size_t i = 0; i < d->ncharts; i++)
		if (!strcmp(d->charts[i].name, name))
			return &d->charts[i];
	return NULL;
}

const struct report_dataset *report_def_dataset(const struct report_def *d, const char *name)
{
	for (size_t i = 0; i < d->ndatasets; i++)
		if (!strcmp(d->datasets[i].name, name))
			return &d->datasets[i];
	return NULL;
}
