/*
 * idpmetrics doctor's Jira checks: the token works (and the user's time zone), each JQL is valid
 * and which API the site answers.  Cheap: /myself and one search of one issue per JQL.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/jira.h"
#include "collect/jira_parse.h"
#include "collect/json.h"
#include "doctor/doctor.h"
#include "util/xalloc.h"

static const char jira_token_fix[] =
	"Jira Cloud: create an API token at https://id.atlassian.com/manage-profile/security/api-tokens for the\n"
	"user in jira.email; Data Center: a personal access token of the user (Profile > Personal Access Tokens),\n"
	"with no jira.email.  The user needs Browse projects on the projects the JQL names.";

/* Search one issue of JQL; *KIND says which API answered ("Cloud" or "Data Center"). */
static void jira_jql_check(struct doctor_report *r, struct rest_client *rc, const char *base, const char *name,
			   const char *key, const char *jql, const char **kind)
{
	struct strbuf url = STRBUF_INIT, err = STRBUF_INIT;
	json_t *doc = NULL;
	struct doctor_check *c;
	int dc = *kind && !strcmp(*kind, "Data Center");

	for (int attempt = 0; attempt < 2; attempt++) {
		strbuf_reset(&url);
		strbuf_reset(&err);
		strbuf_addf(&url, "%s%s", base, dc ? "/rest/api/2/search" : "/rest/api/3/search/jql");
		rest_add_param(&url, "jql", jql);
		rest_add_param(&url, "fields", "created");
		rest_add_param(&url, "maxResults", "1");
		if (!rest_get_json(rc, url.buf, &doc, &err) || dc || rc->status != 404)
			break;
		dc = 1; /* no search/jql: a Data Center site */
	}
	*kind = dc ? "Data Center" : "Cloud";
	if (!doc) {
		c = doctor_add(r, name, DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, rc->status == 400 ? "correct %s: Jira's message above says what it could not read (try "
						      "the JQL in Jira's issue search first)"
						    : "check jira.base_url and the token (see the jira token line)",
			       key);
	} else if (!json_array_size(json_object_get(doc, "issues"))) {
		c = doctor_add(r, name, DOCTOR_WARN, "valid (Jira %s) but matches no issue the user can see", *kind);
		doctor_set_fix(c, "check the project keys in %s and that the API user may browse them", key);
	} else {
		doctor_add(r, name, DOCTOR_OK, "valid (Jira %s): '%s' matches issues", *kind, jql);
	}
	json_decref(doc);
	strbuf_release(&url);
	strbuf_release(&err);
}

void jira_doctor(struct doctor_report *r, const struct doctor_env *env)
{
	const struct config *cfg = env->cfg;
	struct rest_client rc;
	struct strbuf err = STRBUF_INIT;
	struct doctor_check *c;
	char *base = NULL, *url = NULL, *zone = NULL;
	const char *kind = NULL;
	json_t *doc = NULL;

	memset(&rc, 0, sizeof(rc));
	if (!doctor_token(r, "jira token", &cfg->jira.token, "jira.token", "JIRA_TOKEN"))
		goto out;
	if (doctor_insecure_url(cfg->jira.base_url)) {
		c = doctor_add(r, "jira", DOCTOR_WARN, "'%s' is plain HTTP: the token travels unencrypted", cfg->jira.base_url);
		doctor_set_fix(c, "use https:// in jira.base_url");
	}
	if (jira_client_init(&rc, &base, cfg, env->log, NULL, &err)) {
		doctor_add(r, "jira", DOCTOR_FAIL, "%s", err.buf);
		goto out;
	}
	url = xasprintf("%s/rest/api/2/myself", base);
	if (rest_get_json(&rc, url, &doc, &err) || !(zone = jira_parse_myself(doc, url, &err))) {
		c = doctor_add(r, "jira", DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, "%s", rc.status == 401 || rc.status == 403 ? jira_token_fix
					: "check jira.base_url: the site's URL, e.g. https://acme.atlassian.net");
		goto out;
	}
	doctor_add(r, "jira", DOCTOR_OK, "%s: the token works (%s); the user's time zone is %s", base,
		   cfg->jira.email && *cfg->jira.email ? "Basic, Cloud API token" : "Bearer, personal access token", zone);
	if (cfg->jira.tickets_jql && *cfg->jira.tickets_jql)
		jira_jql_check(r, &rc, base, "jira tickets_jql", "jira.tickets_jql", cfg->jira.tickets_jql, &kind);
	if (cfg->jira.incidents_jql && *cfg->jira.incidents_jql) {
		if (!config_incidents_from(cfg, "jira")) {
			c = doctor_add(r, "jira incidents_jql", DOCTOR_WARN, "set, but dora.incidents does not name jira");
			doctor_set_fix(c, "add 'incidents: jira' under dora: to count these incidents");
		} else {
			jira_jql_check(r, &rc, base, "jira incidents_jql", "jira.incidents_jql", cfg->jira.incidents_jql, &kind);
		}
	}
out:
	json_decref(doc);
	rest_client_release(&rc);
	strbuf_release(&err);
	free(base);
	free(url);
	free(zone);
}
