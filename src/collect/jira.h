/* The jira collector: tickets (jira.tickets_jql) and incidents (jira.incidents_jql) from Jira Cloud or Data Center. */
#ifndef IDPM_COLLECT_JIRA_H
#define IDPM_COLLECT_JIRA_H

#include "collect/collectors.h"
#include "collect/rest.h"

extern const struct collector jira_collector;

struct doctor_report;
struct doctor_env;

/* doctor: the token, the API user's time zone, each JQL and which API answered (jira_doctor.c). */
void jira_doctor(struct doctor_report *r, const struct doctor_env *env);

/*
 * Prepare RC for cfg->jira: Basic email:token (Cloud) when jira.email is set, else Bearer
 * (a Data Center personal access token; the Basic credentials are registered with LOG as a
 * secret).  *BASE gets base_url without trailing slashes (the caller frees it, also on
 * failure).  0, or -1 with ERR naming the missing key.  Release RC with rest_client_release().
 */
int jira_client_init(struct rest_client *rc, char **base, const struct config *cfg, struct log *log,
		     struct run_stats *stats, struct strbuf *err);

#endif
