/* Imported CSV data in the database: survey responses, onboarding records, tickets, the privacy salt. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store/imports.h"
#include "store/runs.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Run EXISTS (bound by the caller), then UPSERT, and say what happened. */
static int put(struct db *db, sqlite3_stmt *exists, sqlite3_stmt *upsert, enum store_put *result, struct strbuf *err)
{
	int had = db_step(db, exists, err);

	if (had < 0)
		return -1;
	sqlite3_reset(exists);
	if (db_exec(db, upsert, err))
		return -1;
	if (!sqlite3_changes(db->h))
		*result = STORE_UNCHANGED;
	else
		*result = had ? STORE_UPDATED : STORE_INSERTED;
	return 0;
}

int store_survey_response_put(struct db *db, const struct survey_response_rec *r, int64_t now, enum store_put *result,
			      struct strbuf *err)
{
	sqlite3_stmt *ex = db_stmt(db, "store/survey_response_exists", err);
	sqlite3_stmt *up = ex ? db_stmt(db, "store/survey_response_put", err) : NULL;

	if (!up)
		return -1;
	db_bind_text(ex, ":response_key", r->key);
	db_bind_text(up, ":response_key", r->key);
	db_bind_text(up, ":format", r->format);
	db_bind_text(up, ":file", r->file);
	db_bind_int(up, ":line", r->line);
	db_bind_int(up, ":responded_at", r->responded_at);
	db_bind_int(up, ":score", r->score);
	db_bind_text(up, ":team", r->team);
	db_bind_text(up, ":comment", r->comment);
	db_bind_int(up, ":imported_at", now);
	return put(db, ex, up, result, err);
}

int store_onboarding_put(struct db *db, const struct onboarding_rec *r, int64_t now, enum store_put *result,
			 struct strbuf *err)
{
	sqlite3_stmt *ex = db_stmt(db, "store/onboarding_exists", err);
	sqlite3_stmt *up = ex ? db_stmt(db, "store/onboarding_put", err) : NULL;

	if (!up)
		return -1;
	db_bind_text(ex, ":person_key", r->person_key);
	db_bind_text(up, ":person_key", r->person_key);
	db_bind_text(up, ":team", r->team);
	db_bind_text(up, ":start_date", r->start_date);
	db_bind_text(up, ":productive_date", r->productive_date);
	if (r->productive_date)
		db_bind_int(up, ":days", r->days);
	else
		db_bind_null(up, ":days");
	db_bind_text(up, ":file", r->file);
	db_bind_int(up, ":line", r->line);
	db_bind_int(up, ":imported_at", now);
	return put(db, ex, up, result, err);
}

int store_ticket_put(struct db *db, const struct ticket_rec *r, int64_t now, enum store_put *result,
		     struct strbuf *err)
{
	sqlite3_stmt *ex = db_stmt(db, "store/ticket_exists", err);
	sqlite3_stmt *up = ex ? db_stmt(db, r->from_jira ? "store/jira_ticket_put" : "store/ticket_put", err) : NULL;

	if (!up)
		return -1;
	db_bind_text(ex, ":issue_key", r->issue_key);
	db_bind_text(up, ":issue_key", r->issue_key);
	db_bind_int(up, ":created_at", r->created_at);
	db_bind_time(up, ":resolved_at", r->resolved_at);
	db_bind_text(up, ":team", r->team);
	db_bind_text(up, ":labels", r->labels ? r->labels : "[]");
	db_bind_text(up, ":components", r->components ? r->components : "[]");
	db_bind_text(up, ":file", r->file);
	db_bind_int(up, ":line", r->line);
	db_bind_int(up, ":imported_at", now);
	return put(db, ex, up, result, err);
}

int store_privacy_salt_set(struct db *db, const char *salt, int64_t now, struct strbuf *err)
{
	return store_state_set(db, "privacy", "salt", salt, now, err);
}

int store_privacy_salt(struct db *db, int64_t now, char **salt, struct strbuf *err)
{
	unsigned char raw[32];
	char hex[2 * sizeof(raw) + 1];
	size_t got = 0;

	if (store_state_get(db, "privacy", "salt", salt, err))
		return -1;
	if (*salt)
		return 0;
	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			strbuf_addf(err, "cannot read random bytes for the privacy salt: %s", strerror(errno));
			return -1;
		}
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	if (store_privacy_salt_set(db, hex, now, err))
		return -1;
	*salt = xstrdup(hex);
	return 0;
}
