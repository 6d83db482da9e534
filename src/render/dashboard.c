/* The leadership dashboard: dashboard.html, the current state of every scorecard KPI at a glance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/escape.h"
#include "render/html_common.h"
#include "render/html_sections.h"
#include "render/html_team.h"
#include "render/messages.h"
#include "render/renderers.h"
#include "render/summary.h"

static void sources(FILE *fp, const struct report_model *m)
{
	fputs("<h2>", fp);
	html_msg(fp, m, "dashboard.sources");
	fputs("</h2>\n<table id=\"sources\"><thead><tr><th>", fp);
	html_msg(fp, m, "table.source");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.last_success");
	fputs("</th><th>", fp);
	html_msg(fp, m, "table.status");
	fputs("</th></tr></thead><tbody>\n", fp);
	for (size_t i = 0; i < m->nsources; i++) {
		char when[48];

		fmt_time(m, m->sources[i].last_ok, when, sizeof(when));
		fputs("<tr><th scope=\"row\">", fp);
		html_text(fp, m->sources[i].source);
		fputs("</th><td>", fp);
		html_text(fp, when);
		fputs("</td><td>", fp);
		{
			char key[64];

			snprintf(key, sizeof(key), "status.%s", m->sources[i].last_status ? m->sources[i].last_status : "");
			html_text(fp, msg_opt(m, key) ? msg_opt(m, key) : m->sources[i].last_status);
		}
		fputs("</td></tr>\n", fp);
	}
	if (!m->nsources) {
		fputs("<tr><td class=\"nodata\">", fp);
		html_msg(fp, m, "warn.no_runs");
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
}

static int render_dashboard(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	char *data = NULL, *title;
	size_t len = 0;
	FILE *fp = open_memstream(&data, &len);
	const char *args[1] = { m->period.label };
	struct text_list w = { 0 };
	int ret;

	if (!fp) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	title = msg_fmt(m, "dashboard.title", 1, args);
	/* A wall screen reloads the file the nightly run rewrites. */
	html_begin(fp, m, title, "<meta http-equiv=\"refresh\" content=\"3600\">\n");
	fputs("<header><h1>", fp);
	html_text(fp, title);
	fputs("</h1>\n", fp);
	html_meta_line(fp, m);
	fputs("</header>\n<main>\n", fp);
	html_tiles(fp, m, m->def.scorecard.v, m->def.scorecard.n, "org", "kpis");
	html_team_index(fp, m);
	fputs("<h2>", fp);
	html_msg(fp, m, "section.warnings");
	fputs("</h2>\n", fp);
	report_warnings(m, &w);
	html_warnings(fp, m, &w);
	text_list_release(&w);
	sources(fp, m);
	fputs("</main>\n<footer><p>", fp);
	html_msg(fp, m, "dashboard.footer");
	fputs("</p></footer>\n", fp);
	html_end(fp);
	free(title);
	if (fclose(fp)) {
		free(data);
		strbuf_addstr(err, "cannot build dashboard.html");
		return -1;
	}
	ret = render_write(o, "dashboard.html", data, len, err);
	free(data);
	/* each team's own page beside it, refreshed with it */
	if (!ret)
		ret = html_team_pages(m, o, err);
	return ret;
}

const struct renderer dashboard_renderer = { "dashboard", "dashboard.html, the leadership dashboard, and teams/<team>.html",
					     render_dashboard, 2 };
