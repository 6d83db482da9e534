/* The developer NPS and DORA sections of report.html: intervals, distribution, themes, tiles with tiers. */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/escape.h"
#include "render/html_common.h"
#include "render/html_sections.h"
#include "render/messages.h"
#include "render/summary.h"
#include "util/xalloc.h"

/* Longest survey comment quoted, in characters. */
#define QUOTE_MAX 400

static void fmt_nps(double v, char *buf, size_t size)
{
	if (isnan(v))
		snprintf(buf, size, "–");
	else
		snprintf(buf, size, "%+.0f", v);
	if (!strcmp(buf, "+0") || !strcmp(buf, "-0"))
		snprintf(buf, size, "0");
}

static void dl_item(FILE *fp, const struct report_model *m, const char *key, const char *value)
{
	fputs("<dt>", fp);
	html_msg(fp, m, key);
	fputs("</dt><dd>", fp);
	html_text(fp, value);
	fputs("</dd>", fp);
}

/* 1 when NAME is among the first N of V. */
static int seen(const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return 1;
	return 0;
}

/*
 * Where the period's responses came from when any came through an API: "typeform:DXQ4, 2 CSV
 * exports" (the survey_responses dataset's source column); NULL when all came from exports.
 */
static char *survey_sources(const struct report_model *m)
{
	const struct dataset_rows *d = report_dataset(m, "survey_responses");
	int col = d ? dataset_col(d, "source") : -1;
	const char **names = NULL;
	size_t n = 0, alloc = 0, api = 0, files = 0;
	struct strbuf out = STRBUF_INIT;
	char count[32], *t;

	for (size_t i = 0; col >= 0 && i < d->nrows; i++) {
		const struct cell *c = &d->cells[i * d->ncols + (size_t)col];
		const char *name = c->type == CELL_TEXT ? c->s : "";

		if (seen(names, n, name))
			continue;
		XGROW(names, alloc, n + 1);
		names[n++] = name;
		if (!strncmp(name, "typeform:", 9)) {
			strbuf_addf(&out, "%s%s", api++ ? ", " : "", name);
		} else {
			files++;
		}
	}
	free(names);
	if (!api) {
		strbuf_release(&out);
		return NULL;
	}
	if (files) {
		const char *args[1] = { count };

		snprintf(count, sizeof(count), "%zu", files);
		t = msg_fmt(m, "nps.source_exports", 1, args);
		strbuf_addf(&out, ", %s", t);
		free(t);
	}
	return strbuf_detach(&out, NULL);
}

static void nps_headline(FILE *fp, const struct report_model *m, const struct metric_row *r, const json_t *detail)
{
	const struct metric_row *moe = report_value(m, "nps_margin_of_error", m->period.label, "org");
	const struct metric_row *rate = report_value(m, "survey_response_rate", m->period.label, "org");
	double lo = detail_num(detail, "ci_low"), hi = detail_num(detail, "ci_high");
	char a[32], b[32], *t;

	if (isnan(lo) && r && moe && !isnan(r->value) && !isnan(moe->value)) {
		lo = fmax(-100, r->value - moe->value);
		hi = fmin(100, r->value + moe->value);
	}
	{
		const char *band, *tier;

		row_class(m, r, &band, &tier);
		fprintf(fp, "<div class=\"tiles\">\n<div class=\"tile band-%s\" id=\"nps-headline\"><h3>",
			html_known_class(band));
	}
	html_text(fp, metric_title(m, "developer_nps"));
	fputs("</h3><div class=\"big\">", fp);
	html_value(fp, m, r, "nps");
	fputs("</div>", fp);
	html_so_far(fp, m, r);
	html_row_class(fp, m, r);
	fputs("<dl>", fp);
	fmt_nps(lo, a, sizeof(a));
	fmt_nps(hi, b, sizeof(b));
	{
		const char *args[2] = { a, b };

		t = isnan(lo) ? xstrdup("–") : msg_fmt(m, "nps.interval_value", 2, args);
		dl_item(fp, m, "nps.interval", t);
		free(t);
	}
	snprintf(a, sizeof(a), "%lld", r ? (long long)r->n : 0LL);
	dl_item(fp, m, "nps.responses", a);
	if (!isnan(detail_num(detail, "population"))) {
		snprintf(a, sizeof(a), "%.0f", detail_num(detail, "population"));
		dl_item(fp, m, "nps.population", a);
	}
	t = fmt_value(m, "fraction", rate ? rate->value : NAN);
	dl_item(fp, m, "nps.response_rate", t);
	free(t);
	if ((t = survey_sources(m))) {
		dl_item(fp, m, "nps.source", t);
		free(t);
	}
	fputs("</dl></div>\n", fp);
}

static void nps_change(FILE *fp, const struct report_model *m, const struct metric_row *r, const json_t *detail)
{
	const struct period *prev = report_prev_period(m);
	const struct metric_row *pr = prev ? report_value(m, "developer_nps", prev->label, "org") : NULL;
	double pv = detail_num(detail, "previous"), delta = detail_num(detail, "delta");
	double z = detail_num(detail, "z"), p = detail_num(detail, "p_value");
	json_t *sig = json_object_get(detail, "significant");
	char a[32], b[32], c[32], d[32], *t;

	if (isnan(pv) && pr)
		pv = pr->value;
	if (isnan(delta) && r && !isnan(pv))
		delta = r->value - pv;
	fputs("<div class=\"tile\" id=\"nps-change\"><h3>", fp);
	{
		const char *args[1] = { prev ? prev->label : "" };

		t = msg_fmt(m, "table.change_vs", 1, args);
		html_text(fp, t);
		free(t);
	}
	fputs("</h3><div class=\"big\">", fp);
	fmt_nps(delta, a, sizeof(a));
	html_text(fp, a);
	fputs("</div><p>", fp);
	fmt_nps(pv, b, sizeof(b));
	if (isnan(z))
		snprintf(c, sizeof(c), "–");
	else
		snprintf(c, sizeof(c), "%.2f", z);
	if (isnan(p))
		snprintf(d, sizeof(d), "–");
	else
		snprintf(d, sizeof(d), "%.3f", p);
	{
		const char *args[4] = { b, a, c, d };
		const char *key = isnan(delta)		    ? "nps.no_previous"
				  : !json_is_boolean(sig) ? "nps.no_test"
				  : json_is_true(sig)	    ? "nps.significant"
							    : "nps.not_significant";

		t = msg_fmt(m, key, 4, args);
		html_text(fp, t);
		free(t);
	}
	fputs("</p></div>\n</div>\n", fp);
}

static void quote(FILE *fp, const char *s)
{
	char *clean = text_clean(s);
	glong n = g_utf8_strlen(clean, -1);

	fputs("<blockquote><bdi>", fp);
	if (n > QUOTE_MAX) {
		gchar *cut = g_utf8_substring(clean, 0, QUOTE_MAX);

		html_text(fp, cut);
		fputs("…", fp);
		g_free(cut);
	} else {
		html_text(fp, clean);
	}
	fputs("</bdi></blockquote>", fp);
	free(clean);
}

static void count_td(FILE *fp, double v)
{
	if (isnan(v))
		fputs("<td class=\"num\">–</td>", fp);
	else
		fprintf(fp, "<td class=\"num\">%.0f</td>", v);
}

static void themes(FILE *fp, const struct report_model *m, const json_t *detail)
{
	json_t *th = json_object_get(detail, "themes"), *t;
	size_t i;

	fputs("<h3>", fp);
	html_msg(fp, m, "nps.themes");
	fputs("</h3>\n", fp);
	if (!json_array_size(th)) {
		fputs("<p class=\"nodata\">", fp);
		html_msg(fp, m, "nps.no_themes");
		fputs("</p>\n", fp);
		return;
	}
	fputs("<table id=\"themes\"><thead><tr><th>", fp);
	html_msg(fp, m, "nps.theme");
	fputs("</th><th class=\"num\">", fp);
	html_msg(fp, m, "nps.theme_detractors");
	fputs("</th><th class=\"num\">", fp);
	html_msg(fp, m, "nps.theme_respondents");
	fputs("</th><th>", fp);
	html_msg(fp, m, "nps.examples");
	fputs("</th></tr></thead><tbody>\n", fp);
	json_array_foreach(th, i, t) {
		json_t *ex = json_object_get(t, "examples"), *e;
		double det = detail_num(t, "detractors"), resp = detail_num(t, "respondents");
		size_t k;

		fputs("<tr><td><bdi>", fp);
		html_text(fp, json_string_value(json_object_get(t, "theme")));
		fputs("</bdi></td>", fp);
		count_td(fp, det);
		count_td(fp, resp);
		fputs("<td>", fp);
		json_array_foreach(ex, k, e) {
			if (k >= 3)
				break;
			if (json_is_string(e))
				quote(fp, json_string_value(e));
		}
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
}

void html_sec_nps(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	const struct metric_row *r = report_value(m, "developer_nps", m->period.label, "org");
	json_t *detail = row_detail(r);

	html_sec_open(fp, m, s);
	nps_headline(fp, m, r, detail);
	nps_change(fp, m, r, detail);
	if (s->metrics.n)
		html_metric_table(fp, m, s->metrics.v, s->metrics.n);
	for (size_t i = 0; i < s->charts.n; i++)
		html_figure(fp, m, report_def_chart(&m->def, s->charts.v[i]));
	themes(fp, m, detail);
	for (size_t i = 0; i < s->scopes.n; i++)
		html_scope_table(fp, m, s->scopes.v[i], s->metrics.v, s->metrics.n);
	html_datasets_note(fp, m, s);
	html_sec_close(fp);
	json_decref(detail);
}

/* The four DORA keys are the first four metrics of the section. */
static size_t dora_keys(const struct report_section *s)
{
	return s->metrics.n < 4 ? s->metrics.n : 4;
}

static const char *tile_title(const struct report_model *m, const char *metric)
{
	char key[128];

	snprintf(key, sizeof(key), "tile.%s", metric);
	if (msg_opt(m, key))
		return msg_opt(m, key);
	snprintf(key, sizeof(key), "short.%s", metric);
	return msg_opt(m, key) ? msg_opt(m, key) : metric_title(m, metric);
}

/* 1 when any value of the period carries a DORA tier. */
static int any_tier(const struct report_model *m)
{
	for (size_t i = 0; i < m->rows.n; i++)
		if (m->rows.v[i].tier && !strcmp(m->rows.v[i].period, m->period.label))
			return 1;
	return 0;
}

static void org_tiles(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	html_tiles(fp, m, s->metrics.v, dora_keys(s), "org", "dora-org");
}

static void scope_tiles(FILE *fp, const struct report_model *m, const struct report_section *s, const char *kind)
{
	size_t ns, shown = 0, nk = dora_keys(s);
	const char **scopes = report_scopes(m, kind, m->period.label, &ns);
	char key[64];

	snprintf(key, sizeof(key), "dora.by_%s", kind);
	fputs("<h3>", fp);
	html_msg(fp, m, key);
	fputs("</h3>\n", fp);
	fprintf(fp, "<div class=\"tiles\" data-kind=\"%s\">\n", !strcmp(kind, "team") ? "team" : "service");
	for (size_t i = 0; i < ns; i++) {
		int any = 0;

		for (size_t k = 0; k < nk && !any; k++)
			any = report_value(m, s->metrics.v[k], m->period.label, scopes[i]) != NULL;
		if (!any)
			continue;
		shown++;
		fputs("<div class=\"tile\"><h4>", fp);
		html_scope_name(fp, scopes[i]);
		fputs("</h4><dl>", fp);
		for (size_t k = 0; k < nk; k++) {
			const struct metric_row *r = report_value(m, s->metrics.v[k], m->period.label, scopes[i]);
			const struct metric_def *d = metric_def_find(s->metrics.v[k]);

			fputs("<dt>", fp);
			html_text(fp, tile_title(m, s->metrics.v[k]));
			fputs("</dt><dd>", fp);
			html_value_n_class(fp, m, r, d ? d->unit : NULL, 1);
			fputs("</dd>", fp);
		}
		fputs("</dl></div>\n", fp);
	}
	fputs("</div>\n", fp);
	if (!shown) {
		fputs("<p class=\"nodata\">", fp);
		html_msg(fp, m, "scope.none");
		fputs("</p>\n", fp);
	}
	free(scopes);
}

/* The methodology line: which source each DORA key of the period came from (dataset dora_sources). */
static void dora_sources(FILE *fp, const struct report_model *m)
{
	const struct dataset_rows *d = report_dataset(m, "dora_sources");
	int ck = d ? dataset_col(d, "dora_key") : -1, cs = d ? dataset_col(d, "source") : -1;
	int cn = d ? dataset_col(d, "records") : -1;

	if (ck < 0 || cs < 0 || cn < 0 || !d->nrows)
		return;
	fputs("<p class=\"dora-sources\">", fp);
	html_msg(fp, m, "dora.sources");
	for (size_t r = 0; r < d->nrows; r++) {
		const struct cell *k = &d->cells[r * d->ncols + (size_t)ck], *src = &d->cells[r * d->ncols + (size_t)cs];
		const struct cell *n = &d->cells[r * d->ncols + (size_t)cn];
		char count[32];

		if (k->type != CELL_TEXT || src->type != CELL_TEXT)
			continue;
		snprintf(count, sizeof(count), " (%lld)", (long long)(n->type == CELL_INT ? n->i : 0));
		fputs(r ? "; " : "", fp);
		html_text(fp, k->s);
		fputs(": ", fp);
		html_text(fp, src->s);
		html_text(fp, count);
	}
	fputs(".</p>\n", fp);
}

void html_sec_dora(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	html_sec_open(fp, m, s);
	fputs("<p>", fp);
	if (m->tiers) {
		const char *args[1] = { m->tiers_name };
		char *t = msg_fmt(m, "dora.tiers_from", 1, args);

		html_text(fp, t);
		free(t);
	} else {
		html_msg(fp, m, any_tier(m) ? "dora.tiers_stored" : "dora.no_tiers");
	}
	fputs("</p>\n", fp);
	dora_sources(fp, m);
	org_tiles(fp, m, s);
	if (s->metrics.n)
		html_metric_table(fp, m, s->metrics.v, s->metrics.n);
	scope_tiles(fp, m, s, "service");
	scope_tiles(fp, m, s, "team");
	for (size_t i = 0; i < s->charts.n; i++)
		html_figure(fp, m, report_def_chart(&m->def, s->charts.v[i]));
	html_datasets_note(fp, m, s);
	html_sec_close(fp);
}
