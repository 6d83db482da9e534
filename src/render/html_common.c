/* Pieces report.html and dashboard.html share: the head with its CSP, bands, arrows, sparklines, figures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart_data.h"
#include "render/escape.h"
#include "render/html_common.h"
#include "render/messages.h"
#include "util/xalloc.h"

const char html_css[] =
	":root{--ink:#222;--muted:#555;--line:#ccc;--bg:#fff;--soft:#f4f4f4}"
	"*{box-sizing:border-box}"
	"body{font-family:'Noto Sans','Noto Sans CJK KR','Malgun Gothic',sans-serif;color:var(--ink);background:var(--bg);"
	"margin:0 auto;max-width:76em;padding:1.5em;line-height:1.45}"
	"h1{font-size:1.8em;margin:.2em 0}h2{font-size:1.35em;margin:1.6em 0 .5em;border-bottom:2px solid var(--ink);"
	"padding-bottom:.2em}h3{font-size:1.1em;margin:1.2em 0 .4em}"
	"p.meta{color:var(--muted);margin:.2em 0}"
	"nav ol{columns:3 12em;padding-left:1.2em}nav a{color:#0072B2}"
	"table{border-collapse:collapse;margin:.6em 0 1em;width:100%}"
	"th,td{border-bottom:1px solid var(--line);padding:.35em .5em;text-align:left;vertical-align:top}"
	"th{background:var(--soft);font-weight:600}"
	".scroll{overflow-x:auto;max-width:100%}"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	".band,.tier{display:inline-block;padding:.05em .55em;border-radius:.8em;font-size:.85em;font-weight:600;"
	"color:#000;white-space:nowrap}"
	".band-target,.tier-elite{background:#009E73}.band-good,.tier-high{background:#56B4E9}"
	".band-average,.tier-medium{background:#E69F00}.band-poor,.tier-low{background:#D55E00}"
	".band-none{background:#ddd;font-weight:400}.held{white-space:normal}"
	".sofar{display:block;font-size:.8rem;font-weight:400;color:var(--muted)}"
	".delta{white-space:nowrap}.delta.better{color:#00664a}.delta.worse{color:#a33a00}.delta.neutral{color:var(--muted)}"
	".sr{position:absolute;left:0;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
	".nodata{color:var(--muted);font-style:italic}"
	".spark{width:8em;height:1.9em;vertical-align:middle}"
	"figure.chart{margin:1em 0 1.6em;break-inside:avoid;page-break-inside:avoid;overflow-x:auto}"
	/* never narrower than 640 px: the smallest chart text (13 of 800 units) stays at 10 px or more */
	"figure.chart svg.chart{width:100%;min-width:640px;max-width:48em;height:auto;display:block;"
	"border:1px solid var(--line)}"
	"figcaption{color:var(--muted);font-size:.9em;margin-top:.3em}"
	"details{margin:.3em 0}summary{cursor:pointer;color:#0072B2}"
	".tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:.8em;margin:.6em 0 1em}"
	".tile{border:1px solid var(--line);border-left:.45em solid #bbb;padding:.6em .8em;break-inside:avoid;"
	"page-break-inside:avoid;background:#fff}"
	".tile h3,.tile h4{margin:0 0 .3em;font-size:1em}.tile .big{font-size:1.7em;font-weight:700;margin:.1em 0}"
	".tile.band-target,.tile.tier-elite{border-left-color:#009E73}.tile.band-good,.tile.tier-high{border-left-color:#56B4E9}"
	".tile.band-average,.tile.tier-medium{border-left-color:#E69F00}.tile.band-poor,.tile.tier-low{border-left-color:#D55E00}"
	".tile.band-target,.tile.band-good,.tile.band-average,.tile.band-poor,.tile.tier-elite,.tile.tier-high,"
	".tile.tier-medium,.tile.tier-low{background:#fff}"
	".tile dl{display:grid;grid-template-columns:auto auto;gap:.1em .6em;margin:.3em 0 0;font-size:.92em}"
	".tile dt{color:var(--muted)}.tile dd{margin:0;text-align:right}"
	"ul.warnings{list-style:none;padding:0}ul.warnings li{padding:.3em .6em;margin:.25em 0;border-left:.35em solid #999;"
	"background:var(--soft)}ul.warnings li.error{border-color:#D55E00}ul.warnings li.warning{border-color:#E69F00}"
	"ul.warnings li.info{border-color:#56B4E9}"
	"blockquote{margin:.3em 0;padding:.3em .7em;border-left:3px solid var(--line);white-space:pre-wrap;"
	"overflow-wrap:break-word}"
	"code{font-size:.9em;overflow-wrap:anywhere}"
	".summary li{margin:.2em 0}ul.teamlinks{columns:14em;padding-left:1.2em}"
	"footer{margin-top:3em;color:var(--muted);font-size:.85em}"
	/* Korean breaks between words, not syllables; long tokens still wrap rather than widen the page */
	":lang(ko){word-break:keep-all}body{overflow-wrap:break-word}"
	/* a phone: the scorecard as one card per KPI, each cell with its column's name */
	"@media (max-width:40em){body{padding:.8em}nav ol{columns:1}"
	"table:not(#scorecard){display:block;overflow-x:auto;max-width:100%}"
	"#scorecard thead{display:none}#scorecard,#scorecard tbody,#scorecard tr{display:block;width:100%}"
	"#scorecard tr{border:1px solid var(--line);margin:0 0 .6em;padding:.3em .6em}"
	"#scorecard th,#scorecard td{display:flex;justify-content:space-between;align-items:center;gap:1em;border:0;"
	"padding:.15em 0;text-align:right;white-space:normal}#scorecard th{background:none;font-size:1.05em;text-align:left}"
	"#scorecard td::before{content:attr(data-label);color:var(--muted);text-align:left;font-weight:400}}"
	/* paper: every column of every table, the charts' data tables, no scrolling boxes */
	"@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}h2{break-after:avoid;"
	"page-break-after:avoid}section{break-inside:auto}details>summary{display:none}details{display:block}"
	"details::details-content{content-visibility:visible;display:block}"
	".scroll,figure.chart{overflow:visible}figure.chart svg.chart{min-width:0}"
	"table{font-size:8pt}th,td{padding:.15em .3em}td.num,th.num,.band,.tier,.delta{white-space:normal}"
	"a{color:inherit;text-decoration:none}}";

void html_begin(FILE *fp, const struct report_model *m, const char *title, const char *extra_head)
{
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
		    "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
		!strcmp(m->lang, "ko") ? "ko" : "en");
	if (extra_head)
		fputs(extra_head, fp);
	fputs("<title>", fp);
	html_text(fp, title);
	fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n", html_css);
}

void html_end(FILE *fp)
{
	fputs("</body>\n</html>\n", fp);
}

void html_msg(FILE *fp, const struct report_model *m, const char *key)
{
	html_text(fp, msg(m, key));
}

const char *html_known_class(const char *name)
{
	static const char *const known[] = { "target", "good", "average", "poor", "elite", "high", "medium", "low" };

	for (size_t i = 0; name && i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(name, known[i]))
			return known[i];
	return "none";
}

static void chip(FILE *fp, const char *cls, const char *name, const char *word)
{
	if (!name) {
		fputs("<span class=\"nodata\">–</span>", fp);
		return;
	}
	fprintf(fp, "<span class=\"%s %s-%s\">", cls, cls, html_known_class(name));
	html_text(fp, word);
	fputs("</span>", fp);
}

void html_band(FILE *fp, const struct report_model *m, const char *band)
{
	chip(fp, "band", band, band_word(m, band));
}

void html_tier(FILE *fp, const struct report_model *m, const char *tier)
{
	chip(fp, "tier", tier, tier_word(m, tier));
}

void html_band_or_tier(FILE *fp, const struct report_model *m, const char *band, const char *tier)
{
	if (!band && tier)
		html_tier(fp, m, tier);
	else
		html_band(fp, m, band);
}

/* A held-back band or tier: a grey chip saying why ("too few (n = 3, at least 5)"), never a finding's colour. */
static void held_chip(FILE *fp, const struct report_model *m, const struct metric_row *r, enum hold h)
{
	char *t = hold_text(m, r, h);

	fprintf(fp, "<span class=\"band band-none held\" data-held=\"%s\">", hold_name(h));
	html_text(fp, t ? t : "–");
	fputs("</span>", fp);
	free(t);
}

void html_row_class(FILE *fp, const struct report_model *m, const struct metric_row *r)
{
	const char *band, *tier;
	enum hold h = row_class(m, r, &band, &tier);

	if (h != HOLD_NONE)
		held_chip(fp, m, r, h);
	else
		html_band_or_tier(fp, m, band, tier);
}

void html_line_class(FILE *fp, const struct report_model *m, const struct score_line *l)
{
	if (l->hold != HOLD_NONE)
		held_chip(fp, m, l->cur, l->hold);
	else
		html_band_or_tier(fp, m, l->band, l->tier);
}

void html_so_far(FILE *fp, const struct report_model *m, const struct metric_row *r)
{
	char *t = r && !isnan(r->value) ? row_so_far(m, r) : NULL;

	if (!t)
		return;
	fputs(" <span class=\"sofar\">", fp);
	html_text(fp, t);
	fputs("</span>", fp);
	free(t);
}

const char *html_line_class_name(const struct score_line *l)
{
	return l->band || !l->tier ? "band" : "tier";
}

void html_delta(FILE *fp, const struct report_model *m, const struct score_line *l)
{
	const char *cls = l->sense > 0 ? "better" : l->sense < 0 ? "worse" : "neutral";
	const char *arrow = l->dir > 0 ? "▲" : l->dir < 0 ? "▼" : "▶";

	if (!l->delta && l->delta_held) {
		fprintf(fp, "<span class=\"nodata held\" data-held=\"%s\">", hold_name(l->delta_held));
		html_msg(fp, m, l->delta_held == HOLD_TOO_EARLY ? "hold.delta_too_early" : "hold.delta_too_few");
		fputs("</span>", fp);
		return;
	}
	if (!l->delta) {
		fputs("<span class=\"nodata\">–</span>", fp);
		return;
	}
	fprintf(fp, "<span class=\"delta %s\"><span aria-hidden=\"true\">%s</span> ", cls, arrow);
	html_text(fp, l->delta);
	if (l->sense) {
		fputs(" <span class=\"sr\">", fp);
		html_msg(fp, m, l->sense > 0 ? "delta.better" : "delta.worse");
		fputs("</span>", fp);
	}
	fputs("</span>", fp);
}

void html_sparkline(FILE *fp, const double *v, size_t n, const char *label)
{
	const double w = 120, h = 28, pad = 3;
	double lo = INFINITY, hi = -INFINITY;
	size_t last = n;
	int open = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i])) {
			lo = fmin(lo, v[i]);
			hi = fmax(hi, v[i]);
			last = i;
		}
	fputs("<svg class=\"spark\" viewBox=\"0 0 120 28\" role=\"img\" aria-label=\"", fp);
	html_text(fp, label);
	fputs("\">", fp);
	if (last == n) {
		fputs("</svg>", fp);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		double x = n > 1 ? pad + (w - 2 * pad) * (double)i / (double)(n - 1) : w / 2;
		double y = hi > lo ? h - pad - (h - 2 * pad) * (v[i] - lo) / (hi - lo) : h / 2;

		if (isnan(v[i])) {
			if (open)
				fputs("\"/>", fp);
			open = 0;
			continue;
		}
		fprintf(fp, "%s%.1f,%.1f", open ? " " : "<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\" points=\"",
			x, y);
		open = 1;
		if (i == last) {
			fputs("\"/>", fp);
			open = 0;
			fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#0072B2\"/>", x, y);
		}
	}
	if (open)
		fputs("\"/>", fp);
	fputs("</svg>", fp);
}

void html_figure(FILE *fp, const struct report_model *m, const struct report_chart *def)
{
	struct chart_table t;
	struct chart *c = report_chart(m, def, &t);
	char id[96];

	snprintf(id, sizeof(id), "chart-%s", def->name);
	fprintf(fp, "<figure class=\"chart\" id=\"%s\">\n", id);
	chart_write_svg(fp, c, id);
	fputs("<figcaption>", fp);
	html_text(fp, c->caption);
	fputs(" <span class=\"files\">(charts/", fp);
	html_text(fp, def->name);
	fputs(".svg, .png)</span></figcaption>\n<details><summary>", fp);
	html_msg(fp, m, "chart.data_table");
	fputs("</summary><table><tr>", fp);
	for (size_t i = 0; i < t.ncols; i++) {
		fputs(i ? "<th class=\"num\">" : "<th>", fp);
		html_text(fp, t.head[i]);
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (size_t r = 0; r < t.nrows; r++) {
		fputs("<tr>", fp);
		for (size_t i = 0; i < t.ncols; i++) {
			fputs(i ? "<td class=\"num\">" : "<td>", fp);
			html_text(fp, t.cells[r * t.ncols + i]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table></details>\n</figure>\n", fp);
	chart_table_release(&t);
	chart_free(c);
}

void html_value(FILE *fp, const struct report_model *m, const struct metric_row *r, const char *unit)
{
	char *v;

	if (row_suppressed(r)) {
		fputs("<span class=\"nodata\">", fp);
		html_msg(fp, m, "value.suppressed");
		fputs("</span>", fp);
		return;
	}
	if (!r || isnan(r->value)) {
		fputs("<span class=\"nodata\">", fp);
		html_msg(fp, m, "value.no_data");
		fputs("</span>", fp);
		return;
	}
	v = metric_def_find(r->metric) ? fmt_metric(m, r->metric, r->value) : fmt_value(m, unit ? unit : r->unit, r->value);
	if (row_has_flag(r, "approximate")) {
		fputs("<span title=\"", fp);
		html_msg(fp, m, "value.approximate");
		fputs("\">≈ ", fp);
		html_text(fp, v);
		fputs("</span>", fp);
	} else {
		html_text(fp, v);
	}
	free(v);
}

void html_scope_name(FILE *fp, const char *scope)
{
	const char *colon = strchr(scope, ':');

	fputs("<bdi>", fp);
	html_text(fp, colon ? colon + 1 : scope);
	fputs("</bdi>", fp);
}

void html_warnings(FILE *fp, const struct report_model *m, const struct text_list *w)
{
	if (!w->n) {
		fputs("<p>", fp);
		html_msg(fp, m, "warn.none");
		fputs("</p>\n", fp);
		return;
	}
	fputs("<ul class=\"warnings\">\n", fp);
	for (size_t i = 0; i < w->n; i++) {
		char key[32];

		snprintf(key, sizeof(key), "level.%s", w->level[i]);
		fprintf(fp, "<li class=\"%s\"><strong>", w->level[i]);
		html_msg(fp, m, key);
		fputs(":</strong> <bdi>", fp);
		html_text(fp, w->v[i]);
		fputs("</bdi></li>\n", fp);
	}
	fputs("</ul>\n", fp);
}

void html_tiles(FILE *fp, const struct report_model *m, char *const *metrics, size_t n, const char *scope,
		const char *id)
{
	struct scorecard sc;
	const struct period *prev = report_prev_period(m);

	scorecard_build(m, metrics, n, scope, &sc);
	fprintf(fp, "<div class=\"tiles\" id=\"%s\">\n", id);
	for (size_t i = 0; i < sc.n; i++) {
		const struct score_line *l = &sc.v[i];
		const char *args[1] = { prev ? prev->label : "" };
		char *vs = msg_fmt(m, "dashboard.vs", 1, args);

		fprintf(fp, "<div class=\"tile %s-%s\" data-metric=\"%s\"><h3>", html_line_class_name(l),
			html_known_class(l->band ? l->band : l->tier), l->metric);
		html_text(fp, metric_title(m, l->metric));
		fputs("</h3><div class=\"big\">", fp);
		html_value(fp, m, l->cur, l->def ? l->def->unit : NULL);
		fputs("</div>", fp);
		html_so_far(fp, m, l->cur);
		html_line_class(fp, m, l);
		fputs(" ", fp);
		html_sparkline(fp, l->spark, l->nspark, metric_title(m, l->metric));
		fputs("<dl><dt>", fp);
		html_msg(fp, m, "table.target");
		fputs("</dt><dd>", fp);
		html_text(fp, l->target ? l->target : "–");
		fputs("</dd><dt>", fp);
		html_text(fp, vs);
		fputs("</dt><dd>", fp);
		html_delta(fp, m, l);
		fputs("</dd><dt>n</dt><dd>", fp);
		if (l->cur)
			fprintf(fp, "%lld", (long long)l->cur->n);
		else
			fputs("–", fp);
		fputs("</dd></dl></div>\n", fp);
		free(vs);
	}
	fputs("</div>\n", fp);
	scorecard_release(&sc);
}

void html_value_n_class(FILE *fp, const struct report_model *m, const struct metric_row *r, const char *unit, int with_n)
{
	html_value(fp, m, r, unit);
	if (with_n && r && !isnan(r->value))
		fprintf(fp, " <span class=\"n\">(n = %lld)</span>", (long long)r->n);
	if (r && (r->band || r->tier)) {
		fputs(" ", fp);
		html_row_class(fp, m, r);
	}
}

void html_meta_line(FILE *fp, const struct report_model *m)
{
	char when[48];
	const char *a[1] = { when };
	char *t;

	fmt_time(m, m->generated_at, when, sizeof(when));
	t = msg_fmt(m, "dashboard.updated", 1, a);
	fputs("<p class=\"meta\">", fp);
	html_msg(fp, m, m->period_complete ? "report.complete" : "report.in_progress");
	fputs(" · ", fp);
	html_text(fp, t);
	fputs("</p>", fp);
	free(t);
}
