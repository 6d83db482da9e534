/* HTML quarterly report: one self-contained file with inline CSS and SVG, no script, a strict CSP. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/escape.h"
#include "render/html_common.h"
#include "render/html_sections.h"
#include "render/messages.h"
#include "render/renderers.h"

typedef void (*section_fn)(FILE *, const struct report_model *, const struct report_section *);

/* Indexed by enum section_kind. */
static const section_fn section_fns[] = {
	[SEC_SCORECARD] = html_sec_scorecard, [SEC_COVERAGE] = html_sec_coverage,
	[SEC_KPI] = html_sec_kpi,             [SEC_NPS] = html_sec_nps,
	[SEC_DORA] = html_sec_dora,           [SEC_TEAMS] = html_sec_teams,
	[SEC_FRESHNESS] = html_sec_freshness, [SEC_DEFINITIONS] = html_sec_definitions,
};

static void header(FILE *fp, const struct report_model *m)
{
	const char *args[1] = { m->period.label };
	char *title = msg_fmt(m, "report.title", 1, args), when[48];

	fmt_time(m, m->generated_at, when, sizeof(when));
	fputs("<header>\n<h1>", fp);
	html_text(fp, title);
	fputs("</h1>\n<p class=\"meta\">", fp);
	if (m->cfg && m->cfg->github.org) {
		html_text(fp, m->cfg->github.org);
		fputs(" · ", fp);
	}
	html_msg(fp, m, m->period_complete ? "report.complete" : "report.in_progress");
	fputs(" · ", fp);
	{
		const char *a[1] = { when };
		char *t = msg_fmt(m, "report.generated", 1, a);

		html_text(fp, t);
		free(t);
	}
	fputs("</p>\n</header>\n<nav><ol>\n", fp);
	for (size_t i = 0; i < m->def.nsections; i++) {
		fprintf(fp, "<li><a href=\"#sec-%s\">", m->def.sections[i].id);
		html_text(fp, html_sec_title(m, &m->def.sections[i]));
		fputs("</a></li>\n", fp);
	}
	fputs("</ol></nav>\n<main>\n", fp);
	free(title);
}

static int render_html(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	char *data = NULL, *title;
	size_t len = 0;
	FILE *fp = open_memstream(&data, &len);
	const char *args[1] = { m->period.label };
	int ret;

	if (!fp) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	title = msg_fmt(m, "report.title", 1, args);
	html_begin(fp, m, title, NULL);
	free(title);
	header(fp, m);
	for (size_t i = 0; i < m->def.nsections; i++)
		section_fns[m->def.sections[i].kind](fp, m, &m->def.sections[i]);
	fputs("</main>\n<footer><p>", fp);
	html_msg(fp, m, "report.footer");
	fputs(" idpmetrics " IDPM_VERSION ".</p></footer>\n", fp);
	html_end(fp);
	if (fclose(fp)) {
		free(data);
		strbuf_addstr(err, "cannot build report.html");
		return -1;
	}
	ret = render_write(o, "report.html", data, len, err);
	free(data);
	return ret;
}

const struct renderer html_renderer = { "html", "report.html, the quarterly report", render_html, 1 };
