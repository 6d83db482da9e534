/* Jira data in the database: tickets (source 'jira'), incidents and their attribution to services. */
#include <stdlib.h>
#include <string.h>

#include "store/jira.h"
#include "util/strbuf.h"

#define SHOWN_UNATTRIBUTED 5

int store_jira_ticket_put(struct db *db, const struct ticket_rec *r, int64_t now, enum store_put *result,
			  struct strbuf *err)
{
	sqlite3_stmt *ex = db_stmt(db, "store/ticket_exists", err);
	sqlite3_stmt *up = ex ? db_stmt(db, "jira/ticket_upsert", err) : NULL;
	int had;

	if (!up)
		return -1;
	db_bind_text(ex, ":issue_key", r->issue_key);
	had = db_step(db, ex, err);
	sqlite3_reset(ex);
	if (had < 0)
		return -1;
	db_bind_text(up, ":issue_key", r->issue_key);
	db_bind_int(up, ":created_at", r->created_at);
	db_bind_time(up, ":resolved_at", r->resolved_at);
	db_bind_text(up, ":team", r->team);
	db_bind_text(up, ":labels", r->labels ? r->labels : "[]");
	db_bind_text(up, ":components", r->components ? r->components : "[]");
	db_bind_text(up, ":file", r->file);
	db_bind_int(up, ":imported_at", now);
	if (db_exec(db, up, err))
		return -1;
	*result = !sqlite3_changes(db->h) ? STORE_UNCHANGED : had ? STORE_UPDATED : STORE_INSERTED;
	return 0;
}

int store_jira_incident_put(struct db *db, const struct jira_incident_rec *r, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "jira/incident_put", err);

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

int store_jira_incidents_attribute(struct db *db, int64_t *rows, int64_t *unattributed, char **first,
				   struct strbuf *err)
{
	sqlite3_stmt *clear = db_stmt(db, "jira/incidents_clear", err);
	sqlite3_stmt *attr = clear ? db_stmt(db, "jira/incidents_attribute", err) : NULL;
	sqlite3_stmt *left = attr ? db_stmt(db, "jira/incidents_unattributed", err) : NULL;
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
