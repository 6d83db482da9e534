/* Imported CSV data in the database: survey responses, onboarding records, tickets, the privacy salt. */
#ifndef IDPM_STORE_IMPORTS_H
#define IDPM_STORE_IMPORTS_H

#include <stdint.h>

#include "store/db.h"

/* What a put did. */
enum store_put {
	STORE_UNCHANGED = 0, /* the row was there with the same values */
	STORE_INSERTED,
	STORE_UPDATED
};

/* One survey response; strings are borrowed for the call. */
struct survey_response_rec {
	const char *key;          /* salted hash (util/hashkey.h) */
	const char *format;       /* survey format name */
	const char *file;         /* base name of the export */
	long line;
	int64_t responded_at;
	int score;                /* 0..10 */
	const char *team;         /* NULL when none */
	const char *comment;      /* NULL when none */
};

/* One person's onboarding; strings borrowed. */
struct onboarding_rec {
	const char *person_key;   /* salted hash of the person: never the name */
	const char *team;
	const char *start_date;   /* YYYY-MM-DD */
	const char *productive_date; /* YYYY-MM-DD or NULL */
	int64_t days;             /* productive - start in calendar days; ignored when productive_date is NULL */
	const char *file;
	long line;
};

/* One ticket; strings borrowed. */
struct ticket_rec {
	const char *issue_key;
	int64_t created_at;
	int64_t resolved_at;      /* TIME_NONE when unresolved */
	const char *team;
	const char *labels;       /* JSON array text */
	const char *components;   /* JSON array text */
	const char *file;
	long line;
	int from_jira;            /* collected by 'collect jira' (source 'jira'): replaces an export's row of the same
				     key, which a later export leaves alone; 0: from an export (source 'csv') */
};

/* Insert or update R; *RESULT says which (the caller holds the transaction).  0 or -1 with ERR. */
int store_survey_response_put(struct db *db, const struct survey_response_rec *r, int64_t now, enum store_put *result,
			      struct strbuf *err);
int store_onboarding_put(struct db *db, const struct onboarding_rec *r, int64_t now, enum store_put *result,
			 struct strbuf *err);
int store_ticket_put(struct db *db, const struct ticket_rec *r, int64_t now, enum store_put *result,
		     struct strbuf *err);

/*
 * The database's privacy salt (64 hex digits), created from getrandom(2) on
 * first use and kept in source_state.  *SALT is the caller's to free.  0 or -1 with ERR.
 */
int store_privacy_salt(struct db *db, int64_t now, char **salt, struct strbuf *err);
/* Set the salt explicitly (the deterministic demo does). */
int store_privacy_salt_set(struct db *db, const char *salt, int64_t now, struct strbuf *err);

#endif
