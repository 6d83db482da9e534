/* HTML quarterly report: one self-contained file with inline CSS, no script, a strict CSP. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/metric_defs.h"
#include "render/escape.h"
#include "render/renderers.h"
#include "util/timeutil.h"

static const char css[] =
	"body{font-family:'Noto Sans','Noto Sans CJK KR',sans-serif;margin:2em auto;max-width:72em;color:#222}"
	"table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}"
	".band-target{background:#1a9850;color:#fff}.band-good{background:#91cf60}"
	".band-average{background:#fee08b}.band-poor{background:#d73027;color:#fff}"
	"@media print{body{margin:0}}";

static void fmt_value(FILE *fp, const struct metric_row *r)
{
	if (!r || isnan(r->value)) {
		fputs("–", fp);
		return;
	}
	if (!strcmp(r->unit, "fraction"))
		fprintf(fp, "%.1f %%", r->value * 100);
	else if (!strcmp(r->unit, "count"))
		fprintf(fp, "%.0f", r->value);
	else
		fprintf(fp, "%.1f", r->value);
}

static void scorecard(FILE *fp, const struct report_model *m)
{
	const struct period *prev = m->nhistory > 1 ? &m->history[m->nhistory - 2] : NULL;

	fputs("<h2>Scorecard</h2>\n<table id=\"scorecard\"><tr><th>Metric</th><th>Value</th><th>Band</th>"
	      "<th>Previous</th><th>n</th></tr>\n", fp);
	for (const struct metric_def *d = metric_defs; d->name; d++) {
		const struct metric_row *r = report_value(m, d->name, m->period.label, "org");
		const struct metric_row *p = prev ? report_value(m, d->name, prev->label, "org") : NULL;

		if (!r && !p)
			continue;
		fputs("<tr><td>", fp);
		html_text(fp, d->name);
		fputs("</td><td class=\"num\">", fp);
		fmt_value(fp, r);
		fprintf(fp, "</td><td class=\"band-%s\">", r && r->band ? r->band : "none");
		html_text(fp, r && r->band ? r->band : "");
		fputs("</td><td class=\"num\">", fp);
		fmt_value(fp, p);
		fprintf(fp, "</td><td class=\"num\">%lld</td></tr>\n", r ? (long long)r->n : 0LL);
	}
	fputs("</table>\n", fp);
}

static void details(FILE *fp, const struct report_model *m)
{
	fputs("<h2>All values</h2>\n<table id=\"values\"><tr><th>Metric</th><th>Scope</th><th>Value</th><th>n</th>"
	      "<th>Band</th><th>Flags</th></tr>\n", fp);
	for (size_t i = 0; i < m->rows.n; i++) {
		const struct metric_row *r = &m->rows.v[i];

		if (strcmp(r->period, m->period.label))
			continue;
		fputs("<tr><td>", fp);
		html_text(fp, r->metric);
		fputs("</td><td>", fp);
		html_text(fp, r->scope);
		fputs("</td><td class=\"num\">", fp);
		fmt_value(fp, r);
		fprintf(fp, "</td><td class=\"num\">%lld</td><td>", (long long)r->n);
		html_text(fp, r->band);
		fputs("</td><td>", fp);
		html_text(fp, r->flags);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static int render_html(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	char *data = NULL, when[32];
	size_t len = 0;
	FILE *fp = open_memstream(&data, &len);
	int ret;

	if (!fp) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	time_format_iso(m->generated_at, when, sizeof(when));
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
	      "style-src 'unsafe-inline'\">\n<title>Platform KPIs ", fp);
	html_text(fp, m->period.label);
	fprintf(fp, "</title>\n<style>%s</style></head><body>\n<h1>Platform KPIs ", css);
	html_text(fp, m->period.label);
	fprintf(fp, "</h1>\n<p>Generated %s.</p>\n", when);
	scorecard(fp, m);
	details(fp, m);
	fputs("</body></html>\n", fp);
	if (fclose(fp)) {
		free(data);
		strbuf_addstr(err, "cannot build report.html");
		return -1;
	}
	ret = render_write(o, "report.html", data, len, err);
	free(data);
	return ret;
}

const struct renderer html_renderer = { "html", "report.html, the quarterly report", render_html };
