/* Jira data in the database: incidents and their attribution to services (tickets: store_ticket_put, from_jira). */
#include <stdlib.h>
#include <string.h>

#include "store/jira.h"
#include "util/strbuf.h"

#define SHOWN_UNATTRIBUTED 5

int store_jira_incident_put(struct db *db, const struct jira_incident_rec *r, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/jira_incident_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":issue_key", r->key);
	db_bind_int(st, ":issue_id", r->id);
	db_bind_int(st, ":created_at", r->created_at);
	db_bind_time(st, ":resolved_at", r->resolved_at);
	db_bind_text(st, ":names", r->names ? r->names : "[]");
	db_bind_int(st, ":updated_at", r->updated_at);
	return db_exec(db, st, err);
}

int store_jira_forget(struct db *db, const char *kind, GHashTable *keep, int64_t *forgotten, struct strbuf *err)
{
	int tickets = !strcmp(kind, "tickets");
	sqlite3_stmt *keys = db_stmt(db, tickets ? "store/jira_tickets_keys" : "store/jira_incidents_keys", err);
	sqlite3_stmt *del = keys ? db_stmt(db, tickets ? "store/jira_ticket_delete" : "store/jira_incident_delete", err)
				 : NULL;
	GPtrArray *gone = g_ptr_array_new_with_free_func(g_free);
	int rc = 0, ret = -1;

	*forgotten = 0;
	if (!del)
		goto out;
	while ((rc = db_step(db, keys, err)) > 0)
		if (!g_hash_table_contains(keep, db_col_text(keys, 0)))
			g_ptr_array_add(gone, g_strdup(db_col_text(keys, 0)));
	sqlite3_reset(keys);
	if (rc < 0 || db_begin(db, err))
		goto out;
	for (guint i = 0; i < gone->len; i++) {
		db_bind_text(del, ":issue_key", g_ptr_array_index(gone, i));
		if (db_exec(db, del, err)) {
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db, err))
		goto out;
	*forgotten = (int64_t)gone->len;
	ret = 0;
out:
	g_ptr_array_free(gone, TRUE);
	return ret;
}

int store_jira_incidents_attribute(struct db *db, int64_t *rows, int64_t *unattributed, char **first,
				   struct strbuf *err)
{
	sqlite3_stmt *clear = db_stmt(db, "store/jira_incidents_clear", err);
	sqlite3_stmt *attr = clear ? db_stmt(db, "store/jira_incidents_attribute", err) : NULL;
	sqlite3_stmt *left = attr ? db_stmt(db, "store/jira_incidents_unattributed", err) : NULL;
	struct strbuf sb = STRBUF_INIT;
	int rc = -1, ret = -1;

	*rows = *unattributed = 0;
	*first = NULL;
	if (!left || db_begin(db, err))
		goto out;
	if (!db_exec(db, clear, err) && !db_exec(db, attr, err)) {
		*rows = sqlite3_changes(db->h);
		while ((rc = db_step(db, left, err)) > 0)
			if (++*unattributed <= SHOWN_UNATTRIBUTED)
				strbuf_addf(&sb, "%s%s %s", sb.len ? ", " : "", db_col_text(left, 0), db_col_text(left, 1));
		sqlite3_reset(left);
	}
	if (rc < 0) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db, err))
		goto out;
	*first = sb.len ? strbuf_detach(&sb, NULL) : NULL;
	ret = 0;
out:
	strbuf_release(&sb);
	return ret;
}
