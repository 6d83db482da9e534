/* A page per team (teams/<slug>.html, beside the dashboard): its KPIs, its trend over the quarters kept, its services. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/metric_defs.h"
#include "render/escape.h"
#include "render/chart_data.h"
#include "render/html_common.h"
#include "render/html_sections.h"
#include "render/html_team.h"
#include "render/messages.h"
#include "render/summary.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The DORA keys a service row shows. */
static const char *const service_keys[] = { "deployment_frequency_per_week", "lead_time_for_changes_p50_hours",
					    "change_failure_rate", "failed_deployment_recovery_time_p50_hours" };

char *team_slug(const char *scope)
{
	const char *name = !strncmp(scope, "team:", 5) ? scope + 5 : scope;
	struct strbuf sb = STRBUF_INIT;
	uint32_t h = 2166136261u;
	int changed = 0;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h = (h ^ *p) * 16777619u;
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
			strbuf_addch(&sb, (char)*p);
		} else if (*p >= 'A' && *p <= 'Z') {
			strbuf_addch(&sb, (char)(*p - 'A' + 'a'));
			changed = 1;
		} else {
			if (sb.len && sb.buf[sb.len - 1] != '-')
				strbuf_addch(&sb, '-');
			changed |= *p != '-' || !sb.len;
		}
		if (sb.len >= 48)
			break;
	}
	while (sb.len && sb.buf[sb.len - 1] == '-')
		strbuf_setlen(&sb, sb.len - 1);
	/* a name that is not already a slug keeps its own, distinct, file: a hash of the name */
	if (changed || !sb.len || strlen(name) > 48)
		strbuf_addf(&sb, "%s%08x", sb.len ? "-" : "team-", h);
	return strbuf_detach(&sb, NULL);
}

/* The metrics of a team page: the teams section's, else the scorecard's. */
static char *const *team_metrics(const struct report_model *m, size_t *n)
{
	for (size_t i = 0; i < m->def.nsections; i++)
		if (m->def.sections[i].kind == SEC_TEAMS && m->def.sections[i].metrics.n) {
			*n = m->def.sections[i].metrics.n;
			return m->def.sections[i].metrics.v;
		}
	*n = m->def.scorecard.n;
	return m->def.scorecard.v;
}

void html_team_index(FILE *fp, const struct report_model *m)
{
	size_t nt, nmetrics;
	char *const *metrics = team_metrics(m, &nmetrics);
	const char **teams = report_scopes_for(m, "team", m->period.label, metrics, nmetrics, &nt);

	if (!nt) {
		free(teams);
		return;
	}
	fputs("<h2>", fp);
	html_msg(fp, m, "team.index");
	fputs("</h2>\n<ul class=\"teamlinks\" id=\"teams\">\n", fp);
	for (size_t i = 0; i < nt; i++) {
		char *slug = team_slug(teams[i]);

		fprintf(fp, "<li><a href=\"teams/%s.html\">", slug);
		html_scope_name(fp, teams[i]);
		fputs("</a></li>\n", fp);
		free(slug);
	}
	fputs("</ul>\n", fp);
	free(teams);
}

/* The team's values over the quarters kept: one row per quarter, one column per metric. */
static void trend_table(FILE *fp, const struct report_model *m, const char *scope, char *const *metrics, size_t n)
{
	size_t first = report_first_period(m, (const char *const *)metrics, n, scope);

	fputs("<h2>", fp);
	html_msg(fp, m, "team.trend");
	fputs("</h2>\n<div class=\"scroll\"><table class=\"trend\" id=\"team-trend\"><thead><tr><th>", fp);
	html_msg(fp, m, "table.period");
	fputs("</th>", fp);
	for (size_t k = 0; k < n; k++) {
		fputs("<th class=\"num\">", fp);
		html_text(fp, metric_title(m, metrics[k]));
		fputs("</th>", fp);
	}
	fputs("</tr></thead><tbody>\n", fp);
	for (size_t h = first; h < m->nhistory; h++) {
		fputs("<tr><th scope=\"row\">", fp);
		html_text(fp, m->history[h].label);
		fputs("</th>", fp);
		for (size_t k = 0; k < n; k++) {
			const struct metric_row *r = report_value(m, metrics[k], m->history[h].label, scope);

			fputs("<td class=\"num\">", fp);
			html_value_n_class(fp, m, r, NULL, 1);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
}

/* The services (of the NS SERVICES) whose repositories the team owns, with their DORA keys, n and tiers. */
static void services_table(FILE *fp, const struct report_model *m, const char *scope, const char **services, size_t ns)
{
	size_t shown = 0;
	const size_t nk = sizeof(service_keys) / sizeof(service_keys[0]);

	fputs("<h2>", fp);
	html_msg(fp, m, "team.services");
	fputs("</h2>\n", fp);
	for (size_t i = 0; i < ns; i++) {
		const char *team = report_service_team(m, services[i]);

		if (!team || strcmp(team, scope))
			continue;
		if (!shown++) {
			fputs("<div class=\"scroll\"><table class=\"scopes\" data-kind=\"service\" id=\"team-services\"><thead><tr><th>",
			      fp);
			html_msg(fp, m, "scope.service");
			fputs("</th>", fp);
			for (size_t k = 0; k < nk; k++) {
				fputs("<th class=\"num\">", fp);
				html_text(fp, metric_title(m, service_keys[k]));
				fputs("</th>", fp);
			}
			fputs("</tr></thead><tbody>\n", fp);
		}
		fputs("<tr><th scope=\"row\">", fp);
		html_scope_name(fp, services[i]);
		fputs("</th>", fp);
		for (size_t k = 0; k < nk; k++) {
			const struct metric_row *r = report_value(m, service_keys[k], m->period.label, services[i]);

			fputs("<td class=\"num\">", fp);
			html_value_n_class(fp, m, r, NULL, 1);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	if (shown)
		fputs("</tbody></table></div>\n", fp);
	else {
		fputs("<p class=\"nodata\">", fp);
		html_msg(fp, m, "team.no_services");
		fputs("</p>\n", fp);
	}
}

/* The page of team SCOPE (the period's services: NS SERVICES) as a new string in *DATA (*LEN bytes).  0, or -1 when out of memory. */
static int team_page(const struct report_model *m, const char *scope, const char **services, size_t ns, char **data,
		     size_t *len)
{
	FILE *fp = open_memstream(data, len);
	size_t n;
	char *const *metrics = team_metrics(m, &n);
	const char *colon = strchr(scope, ':');
	const char *args[2] = { colon ? colon + 1 : scope, m->period.label };
	char *title;

	if (!fp)
		return -1;
	title = msg_fmt(m, "team.title", 2, args);
	html_begin(fp, m, title, NULL);
	fputs("<header><p class=\"meta\"><a href=\"../dashboard.html\">", fp);
	html_msg(fp, m, "team.back");
	fputs("</a></p><h1>", fp);
	html_text(fp, title);
	fputs("</h1>\n", fp);
	html_meta_line(fp, m);
	fputs("</header>\n<main>\n<h2>", fp);
	html_msg(fp, m, "team.kpis");
	fputs("</h2>\n", fp);
	html_tiles(fp, m, metrics, n, scope, "team-kpis");
	trend_table(fp, m, scope, metrics, n);
	services_table(fp, m, scope, services, ns);
	fputs("</main>\n<footer><p>", fp);
	html_msg(fp, m, "team.footer");
	fputs("</p></footer>\n", fp);
	html_end(fp);
	free(title);
	if (fclose(fp)) {
		free(*data);
		*data = NULL;
		return -1;
	}
	return 0;
}

int html_team_pages(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	size_t nt, nmetrics;
	char *const *metrics = team_metrics(m, &nmetrics);
	const char **teams = report_scopes_for(m, "team", m->period.label, metrics, nmetrics, &nt);
	size_t ns;
	const char **services = report_scopes(m, "service", m->period.label, &ns);
	int ret = 0;

	for (size_t i = 0; i < nt && !ret; i++) {
		char *data = NULL, *slug = team_slug(teams[i]), *name = xasprintf("teams/%s.html", slug);
		size_t len = 0;

		if (team_page(m, teams[i], services, ns, &data, &len)) {
			strbuf_addf(err, "cannot build %s", name);
			ret = -1;
		} else {
			ret = render_write(o, name, data, len, err);
		}
		free(data);
		free(name);
		free(slug);
	}
	free(teams);
	free(services);
	return ret;
}
