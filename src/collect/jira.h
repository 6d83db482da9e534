/* The jira collector: tickets (jira.tickets_jql) and incidents (jira.incidents_jql) from Jira Cloud or Data Center. */
#ifndef IDPM_COLLECT_JIRA_H
#define IDPM_COLLECT_JIRA_H

#include "collect/collectors.h"

extern const struct collector jira_collector;

#endif
