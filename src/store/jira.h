/* Jira data in the database: incidents and their attribution to services (tickets: store_ticket_put, from_jira). */
#ifndef IDPM_STORE_JIRA_H
#define IDPM_STORE_JIRA_H

#include <glib.h>
#include <stdint.h>

#include "store/db.h"

/* One Jira incident as collected; strings borrowed. */
struct jira_incident_rec {
	const char *key;
	int64_t id;
	int64_t created_at;
	int64_t resolved_at;      /* TIME_NONE while open */
	const char *names;        /* JSON array of its components and labels */
	int64_t updated_at;
};

/* Insert or refresh incident R (caller's transaction).  0 or -1 with ERR. */
int store_jira_incident_put(struct db *db, const struct jira_incident_rec *r, struct strbuf *err);

/*
 * Forget the Jira rows of KIND ("tickets" or "incidents") whose key KEEP (a set of keys,
 * g_str_hash) does not hold: what a full read of the query no longer matched.  One transaction;
 * *FORGOTTEN counts them.  0 or -1 with ERR.
 */
int store_jira_forget(struct db *db, const char *kind, GHashTable *keep, int64_t *forgotten, struct strbuf *err);

/*
 * Rebuild the Jira rows of dora_incidents from every collected Jira incident (one row per
 * repository a component or label names; see queries/store/jira_incidents_attribute.sql) in one
 * transaction.  *ROWS gets the rows written, *UNATTRIBUTED the incidents naming no service and
 * *FIRST (a new string, or NULL) "KEY [names]" of the first few of them.  0 or -1 with ERR.
 */
int store_jira_incidents_attribute(struct db *db, int64_t *rows, int64_t *unattributed, char **first,
				   struct strbuf *err);

#endif
