/* The sections of report.html: scorecard, coverage, KPI families, teams, freshness, definitions. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/metric_defs.h"
#include "render/escape.h"
#include "render/html_common.h"
#include "render/html_sections.h"
#include "render/messages.h"
#include "render/summary.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

const char *html_sec_title(const struct report_model *m, const struct report_section *s)
{
	char key[96];
	const char *t;

	if (s->title)
		return msg_title(m, s->title, s->id);
	snprintf(key, sizeof(key), "section.%s", s->id);
	t = msg_opt(m, key);
	return t ? t : s->id; /* never KEY: it lives on this stack */
}

void html_sec_open(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	fprintf(fp, "<section id=\"sec-%s\">\n<h2>", s->id);
	html_text(fp, html_sec_title(m, s));
	fputs("</h2>\n", fp);
}

void html_sec_close(FILE *fp)
{
	fputs("</section>\n", fp);
}

const char *html_section_of(const struct report_model *m, const char *metric)
{
	for (size_t i = 0; i < m->def.nsections; i++) {
		const struct report_section *s = &m->def.sections[i];

		if (s->kind == SEC_TEAMS)
			continue;
		for (size_t k = 0; k < s->metrics.n; k++)
			if (!strcmp(s->metrics.v[k], metric))
				return s->id;
	}
	return NULL;
}

static void flags_cell(FILE *fp, const struct report_model *m, const struct metric_row *r)
{
	json_t *flags = row_flags(r), *f;
	size_t i;

	json_array_foreach(flags, i, f) {
		char key[96];
		const char *w;

		if (!json_is_string(f))
			continue;
		snprintf(key, sizeof(key), "flagword.%s", json_string_value(f));
		w = msg_opt(m, key);
		if (i)
			fputs(", ", fp);
		html_text(fp, w ? w : json_string_value(f));
	}
	json_decref(flags);
}

/* A scorecard cell that names its column (data-label, escaped) for the card layout of narrow screens. */
static void label_cell(FILE *fp, const char *cls, const char *label)
{
	fputs(cls ? "<td class=\"num\" data-label=\"" : "<td data-label=\"", fp);
	html_text(fp, label);
	fputs("\">", fp);
}

static void count_cell(FILE *fp, const struct metric_row *r)
{
	if (r)
		fprintf(fp, "<td class=\"num\">%lld</td>", (long long)r->n);
	else
		fputs("<td class=\"num nodata\">–</td>", fp);
}

void html_metric_table(FILE *fp, const struct report_model *m, char *const *metrics, size_t n)
{
	struct scorecard sc;
	const struct period *prev = report_prev_period(m);

	scorecard_build(m, metrics, n, "org", &sc);
	fputs("<div class=\"scroll\"><table class=\"metrics\"><thead><tr><th>", fp);
	html_msg(fp, m, "table.metric");
	fputs("</th><th class=\"num\">", fp);
	html_text(fp, m->period.label);
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.band");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.target");
	fputs("</th><th class=\"num\">", fp);
	html_text(fp, prev ? prev->label : "");
	fputs("</th><th class=\"num\">", fp);
	html_msg(fp, m, "table.change");
	fputs("</th><th class=\"num\">n</th><th>", fp);
	html_msg(fp, m, "table.flags");
	fputs("</th></tr></thead><tbody>\n", fp);
	for (size_t i = 0; i < sc.n; i++) {
		const struct score_line *l = &sc.v[i];

		fputs("<tr><td>", fp);
		html_text(fp, metric_title(m, l->metric));
		fputs("</td><td class=\"num\">", fp);
		html_value(fp, m, l->cur, l->def ? l->def->unit : NULL);
		html_so_far(fp, m, l->cur);
		fputs("</td><td>", fp);
		html_line_class(fp, m, l);
		fputs("</td><td>", fp);
		html_text(fp, l->target ? l->target : "–");
		fputs("</td><td class=\"num\">", fp);
		html_value(fp, m, l->prev, l->def ? l->def->unit : NULL);
		fputs("</td><td class=\"num\">", fp);
		html_delta(fp, m, l);
		fputs("</td>", fp);
		count_cell(fp, l->cur);
		fputs("<td>", fp);
		flags_cell(fp, m, l->cur);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
	scorecard_release(&sc);
}

void html_scope_table(FILE *fp, const struct report_model *m, const char *kind, char *const *metrics, size_t n)
{
	size_t ns;
	const char **scopes = report_scopes_for(m, kind, m->period.label, metrics, n, &ns);
	char key[64];

	snprintf(key, sizeof(key), "scope.%s", kind);
	fputs("<h3>", fp);
	html_msg(fp, m, key);
	fputs("</h3>\n", fp);
	if (!ns) {
		fputs("<p class=\"nodata\">", fp);
		html_msg(fp, m, "scope.none");
		fputs("</p>\n", fp);
		free(scopes);
		return;
	}
	fprintf(fp, "<div class=\"scroll\"><table class=\"scopes\" data-kind=\"%s\"><thead><tr><th>", !strcmp(kind, "team") ? "team"
										   : !strcmp(kind, "service") ? "service"
													      : "template");
	html_msg(fp, m, key);
	fputs("</th>", fp);
	for (size_t k = 0; k < n; k++) {
		fputs("<th class=\"num\">", fp);
		html_text(fp, metric_title(m, metrics[k]));
		fputs("</th>", fp);
	}
	fputs("</tr></thead><tbody>\n", fp);
	for (size_t i = 0; i < ns; i++) {
		fputs("<tr><td>", fp);
		html_scope_name(fp, scopes[i]);
		fputs("</td>", fp);
		for (size_t k = 0; k < n; k++) {
			const struct metric_row *r = report_value(m, metrics[k], m->period.label, scopes[i]);

			fputs("<td class=\"num\">", fp);
			html_value_n_class(fp, m, r, NULL, 0);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
	free(scopes);
}

void html_sec_scorecard(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	struct scorecard sc;
	struct text_list sentences = { 0 };
	const struct period *prev = report_prev_period(m);
	char *vs = NULL;

	scorecard_build(m, m->def.scorecard.v, m->def.scorecard.n, "org", &sc);
	summary_sentences(m, &sc, &sentences);
	html_sec_open(fp, m, s);
	fputs("<ul class=\"summary\">\n", fp);
	for (size_t i = 0; i < sentences.n; i++) {
		fputs("<li>", fp);
		html_text(fp, sentences.v[i]);
		fputs("</li>\n", fp);
	}
	fputs("</ul>\n<div class=\"scroll\"><table id=\"scorecard\"><thead><tr><th>", fp);
	html_msg(fp, m, "table.kpi");
	fputs("</th><th class=\"num\">", fp);
	html_text(fp, m->period.label);
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.band");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.target");
	fputs("</th><th class=\"num\">", fp);
	{
		const char *args[1] = { prev ? prev->label : "" };

		vs = msg_fmt(m, "table.change_vs", 1, args);
		html_text(fp, vs);
	}
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.trend");
	fputs("</th><th class=\"num\">n</th></tr></thead><tbody>\n", fp);
	for (size_t i = 0; i < sc.n; i++) {
		const struct score_line *l = &sc.v[i];
		const char *sec = html_section_of(m, l->metric);
		char *label;
		const char *args[1] = { metric_title(m, l->metric) };

		fprintf(fp, "<tr data-metric=\"%s\"><th scope=\"row\">", l->metric);
		if (sec)
			fprintf(fp, "<a href=\"#sec-%s\">", sec);
		html_text(fp, metric_title(m, l->metric));
		fputs(sec ? "</a></th>" : "</th>", fp);
		/* each cell names its column: a phone shows the row as a card (CSS) */
		label_cell(fp, "num", m->period.label);
		html_value(fp, m, l->cur, l->def ? l->def->unit : NULL);
		html_so_far(fp, m, l->cur);
		fputs("</td>", fp);
		label_cell(fp, NULL, msg(m, "table.band"));
		html_line_class(fp, m, l);
		fputs("</td>", fp);
		label_cell(fp, NULL, msg(m, "table.target"));
		html_text(fp, l->target ? l->target : "–");
		fputs("</td>", fp);
		label_cell(fp, "num", vs);
		html_delta(fp, m, l);
		fputs("</td>", fp);
		label_cell(fp, NULL, msg(m, "table.trend"));
		label = msg_fmt(m, "table.trend_of", 1, args);
		html_sparkline(fp, l->spark, l->nspark, label);
		free(label);
		fputs("</td>", fp);
		label_cell(fp, "num", "n");
		if (l->cur)
			fprintf(fp, "%lld</td>", (long long)l->cur->n);
		else
			fputs("–</td>", fp);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
	html_sec_close(fp);
	text_list_release(&sentences);
	free(vs);
	scorecard_release(&sc);
}

static void dl_row(FILE *fp, const struct report_model *m, const char *key, const char *value)
{
	fputs("<tr><th scope=\"row\">", fp);
	html_msg(fp, m, key);
	fputs("</th><td>", fp);
	html_text(fp, value);
	fputs("</td></tr>\n", fp);
}

static void exclusions(FILE *fp, const struct report_model *m)
{
	size_t shown = 0;

	fputs("<ul>\n", fp);
	for (size_t i = 0; i < m->def.exclusions.n; i++) {
		const struct dataset_rows *d = report_dataset(m, m->def.exclusions.v[i]);
		int cw = dataset_col(d, "what"), cc = dataset_col(d, "count"), cr = dataset_col(d, "reason");

		for (size_t r = 0; d && cw >= 0 && cc >= 0 && cr >= 0 && r < d->nrows; r++) {
			const struct cell *w = &d->cells[r * d->ncols + (size_t)cw];
			const struct cell *c = &d->cells[r * d->ncols + (size_t)cc];
			const struct cell *why = &d->cells[r * d->ncols + (size_t)cr];
			char key[128];
			const char *what_text, *why_text;

			if (c->type != CELL_INT || c->i <= 0)
				continue;
			snprintf(key, sizeof(key), "what.%s", w->s ? w->s : "");
			what_text = msg_opt(m, key) ? msg_opt(m, key) : (w->s ? w->s : "");
			snprintf(key, sizeof(key), "exclusion.%s", why->s ? why->s : "");
			why_text = msg_opt(m, key) ? msg_opt(m, key) : (why->s ? why->s : "");
			fputs("<li><bdi>", fp);
			html_text(fp, what_text);
			fprintf(fp, "</bdi>: %lld — ", (long long)c->i);
			html_text(fp, why_text);
			fputs("</li>\n", fp);
			shown++;
		}
	}
	{
		/* how many values small groups hide, never which team: naming it says who answered */
		size_t hidden = 0;

		for (size_t i = 0; i < m->rows.n; i++)
			hidden += !strcmp(m->rows.v[i].period, m->period.label) && row_suppressed(&m->rows.v[i]);
		if (hidden) {
			char nbuf[32], minbuf[32];
			const char *args[2] = { nbuf, minbuf };
			char *t;

			snprintf(nbuf, sizeof(nbuf), "%zu", hidden);
			snprintf(minbuf, sizeof(minbuf), "%d", m->cfg ? m->cfg->surveys.min_team_responses : 5);
			t = msg_fmt(m, "warn.suppressed", 2, args);
			fputs("<li>", fp);
			html_text(fp, t);
			fputs("</li>\n", fp);
			free(t);
			shown++;
		}
	}
	if (!shown) {
		fputs("<li>", fp);
		html_msg(fp, m, "coverage.nothing_excluded");
		fputs("</li>\n", fp);
	}
	fputs("</ul>\n", fp);
}

/* The rule that holds bands, tiers and changes back (a quarter in progress, too few observations). */
static void method_held_back(FILE *fp, const struct report_model *m)
{
	char days[16];
	const char *args[1] = { days };
	char *t;

	snprintf(days, sizeof(days), "%d", HOLD_MIN_DAYS + 1);
	t = msg_fmt(m, "method.held_back", 1, args);
	fputs("<li>", fp);
	html_text(fp, t);
	fputs("</li>\n", fp);
	free(t);
}

/*
 * Where the DORA metrics come from: one line naming the deployment source
 * (dora.source: message dora_source.<name>, else the name) and the incident
 * source (dora.incidents: message dora_incidents.<name>, which may name the
 * issue label as {0}).  A new DORA source adds its messages; the line stays one sentence.
 */
static void method_dora_sources(FILE *fp, const struct report_model *m)
{
	const char *source = m->cfg && m->cfg->dora.source ? m->cfg->dora.source : "workflows";
	const char *incidents = m->cfg && m->cfg->dora.incidents ? m->cfg->dora.incidents : "github";
	const char *label = m->cfg && m->cfg->dora.incident_label ? m->cfg->dora.incident_label : "incident";
	char key[96], ikey[96];
	const char *args[2], *largs[1] = { label };
	char *t, *inc = NULL;

	snprintf(key, sizeof(key), "dora_source.%s", source);
	snprintf(ikey, sizeof(ikey), "dora_incidents.%s", incidents);
	if (msg_opt(m, ikey))
		inc = msg_fmt(m, ikey, 1, largs);
	args[0] = msg_opt(m, key) ? msg_opt(m, key) : source;
	args[1] = inc ? inc : incidents;
	t = msg_fmt(m, "method.dora_sources", 2, args);
	fputs("<li>", fp);
	html_text(fp, t);
	fputs("</li>\n", fp);
	free(t);
	free(inc);
}

void html_sec_coverage(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	char a[48], b[48], *t;

	html_sec_open(fp, m, s);
	fputs("<table class=\"facts\"><tbody>\n", fp);
	fmt_time(m, m->period.start, a, sizeof(a));
	fmt_time(m, m->period.end, b, sizeof(b));
	{
		const char *args[3] = { m->period.label, a, b };

		t = msg_fmt(m, "coverage.period_value", 3, args);
		dl_row(fp, m, "coverage.period", t);
		free(t);
	}
	{
		const char *args[2] = { m->history[0].label, m->period.label };

		t = msg_fmt(m, "coverage.history_value", 2, args);
		dl_row(fp, m, "coverage.history", t);
		free(t);
	}
	fmt_time(m, m->data_since, a, sizeof(a));
	dl_row(fp, m, "coverage.data_since", m->data_since == TIME_NONE ? msg(m, "value.no_data") : a);
	fmt_time(m, m->generated_at, a, sizeof(a));
	dl_row(fp, m, "coverage.generated", a);
	fputs("</tbody></table>\n<h3>", fp);
	html_msg(fp, m, "coverage.observations");
	fputs("</h3>\n<table><thead><tr><th>", fp);
	html_msg(fp, m, "table.metric");
	fputs("</th><th class=\"num\">n</th><th class=\"num\">", fp);
	html_msg(fp, m, "scope.team");
	fputs("</th><th class=\"num\">", fp);
	html_msg(fp, m, "scope.service");
	fputs("</th><th class=\"num\">", fp);
	html_msg(fp, m, "scope.template");
	fputs("</th></tr></thead><tbody>\n", fp);
	for (const struct metric_def *d = metric_defs; d->name; d++) {
		const struct metric_row *r = report_value(m, d->name, m->period.label, "org");
		size_t counts[3] = { 0 };
		static const char *const kinds[3] = { "team:", "service:", "template:" };

		for (size_t i = 0; i < m->rows.n; i++) {
			const struct metric_row *x = &m->rows.v[i];

			if (strcmp(x->period, m->period.label) || strcmp(x->metric, d->name))
				continue;
			for (int k = 0; k < 3; k++)
				if (!strncmp(x->scope, kinds[k], strlen(kinds[k])))
					counts[k]++;
		}
		fputs("<tr><td>", fp);
		html_text(fp, metric_title(m, d->name));
		fputs("</td>", fp);
		count_cell(fp, r);
		fprintf(fp, "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
			counts[0], counts[1], counts[2]);
	}
	fputs("</tbody></table>\n<h3>", fp);
	html_msg(fp, m, "coverage.excluded");
	fputs("</h3>\n", fp);
	exclusions(fp, m);
	fputs("<h3>", fp);
	html_msg(fp, m, "coverage.method");
	fputs("</h3>\n<ul>\n", fp);
	{
		char nbuf[32], fy[32];
		const char *args[3] = { m->cfg && m->cfg->reporting.timezone ? m->cfg->reporting.timezone : "UTC", fy, nbuf };
		static const char *const keys[] = { "method.percentiles", "method.quarters", "method.bands", "method.nps",
						    "method.small_groups", "method.null" };

		snprintf(nbuf, sizeof(nbuf), "%d", m->cfg ? m->cfg->surveys.min_team_responses : 5);
		snprintf(fy, sizeof(fy), "%d", m->cfg ? m->cfg->reporting.fiscal_year_start_month : 1);
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			t = msg_fmt(m, keys[i], 3, args);
			fputs("<li>", fp);
			html_text(fp, t);
			fputs("</li>\n", fp);
			free(t);
		}
	}
	method_held_back(fp, m);
	method_dora_sources(fp, m);
	fputs("</ul>\n", fp);
	html_sec_close(fp);
}

void html_datasets_note(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	for (size_t i = 0; i < s->datasets.n; i++) {
		const struct dataset_rows *d = report_dataset(m, s->datasets.v[i]);
		char key[96], nbuf[32];
		const char *args[3];
		char *t;

		if (!d)
			continue;
		snprintf(key, sizeof(key), "dataset.%s", d->def->name);
		snprintf(nbuf, sizeof(nbuf), "%zu", d->nrows);
		args[0] = msg_title(m, d->def->title, key);
		args[1] = nbuf;
		args[2] = d->def->sheet;
		t = msg_fmt(m, "dataset.note", 3, args);
		fputs("<p class=\"dataset\">", fp);
		html_text(fp, t);
		fputs(" <code>csv/", fp);
		html_text(fp, d->def->name);
		fputs(".csv</code>.</p>\n", fp);
		free(t);
	}
}

void html_sec_kpi(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	html_sec_open(fp, m, s);
	if (s->metrics.n) {
		fputs("<p>", fp);
		html_text(fp, metric_definition(m, s->metrics.v[0]));
		fputs("</p>\n", fp);
		html_metric_table(fp, m, s->metrics.v, s->metrics.n);
	}
	for (size_t i = 0; i < s->charts.n; i++)
		html_figure(fp, m, report_def_chart(&m->def, s->charts.v[i]));
	for (size_t i = 0; i < s->scopes.n; i++)
		html_scope_table(fp, m, s->scopes.v[i], s->metrics.v, s->metrics.n);
	html_datasets_note(fp, m, s);
	html_sec_close(fp);
}

void html_sec_teams(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	html_sec_open(fp, m, s);
	fputs("<p>", fp);
	{
		char nbuf[32];
		const char *args[1] = { nbuf };
		char *t;

		snprintf(nbuf, sizeof(nbuf), "%d", m->cfg ? m->cfg->surveys.min_team_responses : 5);
		t = msg_fmt(m, "teams.intro", 1, args);
		html_text(fp, t);
		free(t);
	}
	fputs("</p>\n", fp);
	html_scope_table(fp, m, "team", s->metrics.v, s->metrics.n);
	html_datasets_note(fp, m, s);
	html_sec_close(fp);
}

void html_sec_freshness(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	struct text_list w = { 0 };

	html_sec_open(fp, m, s);
	fputs("<table id=\"sources\"><thead><tr><th>", fp);
	html_msg(fp, m, "table.source");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.last_success");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.last_run");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.status");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.message");
	fputs("</th></tr></thead><tbody>\n", fp);
	for (size_t i = 0; i < m->nsources; i++) {
		const struct source_status *src = &m->sources[i];
		char a[48], b[48];
		char key[64];

		fmt_time(m, src->last_ok, a, sizeof(a));
		fmt_time(m, src->last_run, b, sizeof(b));
		snprintf(key, sizeof(key), "status.%s", src->last_status ? src->last_status : "");
		fputs("<tr><td>", fp);
		html_text(fp, src->source);
		fputs("</td><td>", fp);
		html_text(fp, a);
		fputs("</td><td>", fp);
		html_text(fp, b);
		fputs("</td><td>", fp);
		html_text(fp, msg_opt(m, key) ? msg_opt(m, key) : src->last_status);
		fputs("</td><td><bdi>", fp);
		html_text(fp, src->last_message);
		fputs("</bdi></td></tr>\n", fp);
	}
	if (!m->nsources) {
		fputs("<tr><td colspan=\"5\" class=\"nodata\">", fp);
		html_msg(fp, m, "warn.no_runs");
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table>\n<h3>", fp);
	html_msg(fp, m, "section.warnings");
	fputs("</h3>\n", fp);
	report_warnings(m, &w);
	html_warnings(fp, m, &w);
	text_list_release(&w);
	html_sec_close(fp);
}

/* The classes of a rule as "word: text" pairs, in the report's language. */
static void class_cells(FILE *fp, const struct report_model *m, json_t *rule, int tiers)
{
	static const char *const band_order[] = { "poor", "average", "good", "target" };
	static const char *const tier_order[] = { "low", "medium", "high", "elite" };
	const char *const *order = tiers ? tier_order : band_order;
	char key[32];

	snprintf(key, sizeof(key), "text_%s", m->lang);
	for (int k = 0; k < 4; k++) {
		json_t *c, *hit = NULL;
		size_t i;

		json_array_foreach(json_object_get(rule, "classes"), i, c) {
			const char *name = json_string_value(json_object_get(c, "name"));

			if (name && !strcmp(name, order[k]) && !hit)
				hit = c;
		}
		fputs("<td>", fp);
		if (hit) {
			const char *text = json_string_value(json_object_get(hit, key));
			json_t *op = json_object_get(hit, "op"), *v = json_object_get(hit, "value");

			if (!text)
				text = json_string_value(json_object_get(hit, "text"));
			if (text) {
				html_text(fp, text);
			} else if (json_is_string(op) && json_is_number(v)) {
				char num[32];

				html_text(fp, json_string_value(op));
				fmt_num(json_number_value(v), num, sizeof(num));
				fprintf(fp, " %s", num);
			} else {
				html_msg(fp, m, "definitions.otherwise");
			}
		} else {
			fputs("–", fp);
		}
		fputs("</td>", fp);
	}
}

static void rule_table(FILE *fp, const struct report_model *m, json_t *defs, int tiers)
{
	static const char *const band_order[] = { "poor", "average", "good", "target" };
	static const char *const tier_order[] = { "low", "medium", "high", "elite" };
	json_t *r;
	size_t i;

	fputs("<table><thead><tr><th>", fp);
	html_msg(fp, m, "table.metric");
	fputs("</th>", fp);
	for (int k = 0; k < 4; k++) {
		fputs("<th>", fp);
		if (tiers)
			html_tier(fp, m, tier_order[k]);
		else
			html_band(fp, m, band_order[k]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead><tbody>\n", fp);
	json_array_foreach(json_object_get(defs, "rules"), i, r) {
		json_t *v;
		size_t k;

		fputs("<tr><td>", fp);
		json_array_foreach(json_object_get(r, "metrics"), k, v) {
			if (k)
				fputs("<br>", fp);
			html_text(fp, json_is_string(v) ? metric_title(m, json_string_value(v)) : "");
		}
		fputs("</td>", fp);
		class_cells(fp, m, r, tiers);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
}

void html_sec_definitions(FILE *fp, const struct report_model *m, const struct report_section *s)
{
	html_sec_open(fp, m, s);
	fputs("<table id=\"definitions\"><thead><tr><th>", fp);
	html_msg(fp, m, "table.metric");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.name");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.unit");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.definition");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.target");
	fputs("</th></tr></thead><tbody>\n", fp);
	for (const struct metric_def *d = metric_defs; d->name; d++) {
		const char *target = metric_target(m, d->name);
		char key[64];

		snprintf(key, sizeof(key), "unitname.%s", d->unit);
		fputs("<tr><td>", fp);
		html_text(fp, metric_title(m, d->name));
		fputs("</td><td><code>", fp);
		html_text(fp, d->name);
		fputs("</code></td><td>", fp);
		html_text(fp, msg_opt(m, key) ? msg_opt(m, key) : d->unit);
		fputs("</td><td>", fp);
		html_text(fp, metric_definition(m, d->name));
		fputs("</td><td>", fp);
		html_text(fp, target ? target : "–");
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table>\n<h3>", fp);
	html_msg(fp, m, "definitions.bands");
	fputs("</h3>\n<p>", fp);
	html_msg(fp, m, "definitions.bands_note");
	fputs("</p>\n", fp);
	rule_table(fp, m, m->bands, 0);
	if (m->tiers) {
		const char *args[1] = { m->tiers_name };
		char *t = msg_fmt(m, "definitions.tiers", 1, args);

		fputs("<h3>", fp);
		html_text(fp, t);
		fputs("</h3>\n", fp);
		free(t);
		rule_table(fp, m, m->tiers, 1);
	}
	html_sec_close(fp);
}
