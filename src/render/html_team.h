/* A page per team beside the dashboard (teams/<slug>.html) and the dashboard's list of them. */
#ifndef IDPM_HTML_TEAM_H
#define IDPM_HTML_TEAM_H

#include <stdio.h>

#include "compute/report_model.h"
#include "render/renderers.h"
#include "util/strbuf.h"

/*
 * The file stem of team SCOPE's page: its name in lower-case ASCII letters,
 * digits and dashes, with a hash of the name appended when the name was not
 * already such a slug (so "결제팀" and "<script>" get distinct, safe names).
 * A new string.
 */
char *team_slug(const char *scope);
/* The dashboard's list of team pages (nothing without teams). */
void html_team_index(FILE *fp, const struct report_model *m);
/* Write teams/<slug>.html for every team with a value in M's period.  0, or -1 with ERR. */
int html_team_pages(const struct report_model *m, const struct render_opts *o, struct strbuf *err);

#endif
