/* Scaffolder tasks in the database. */
#ifndef IDPM_STORE_SCAFFOLDER_H
#define IDPM_STORE_SCAFFOLDER_H

#include <stdint.h>

#include "store/db.h"

/* One task; strings are borrowed for the call; times are Unix seconds or TIME_NONE. */
struct scaffolder_task {
	const char *id;
	const char *template_ref;
	const char *created_by;
	const char *status;          /* open, processing, completed, failed, cancelled */
	int64_t created_at;
	int64_t completed_at;
	int completed_approx;        /* completed_at is the last heartbeat, not the completion event */
	int64_t last_heartbeat_at;
	int cancelled;
	const char *repo_host, *repo_owner, *repo_name;
	int64_t events_fetched_at;   /* TIME_NONE: events still to be read */
	const char *raw;             /* task JSON */
};

/* Insert or refresh TASK (the caller holds the transaction). */
int store_task_upsert(struct db *db, const struct scaffolder_task *task, int64_t now, struct strbuf *err);

/* A stored task as store_task_get() reads it; strings owned. */
struct scaffolder_task_row {
	char *status;
	int64_t last_heartbeat_at;   /* TIME_NONE when NULL, like the next two */
	int64_t events_fetched_at;
	int64_t completed_at;
	int completed_approx;
	int cancelled;
	char *repo_host, *repo_owner, *repo_name;
	int same_raw;                /* the stored JSON equals the RAW given to store_task_get() */
};

/*
 * Read the stored task ID into ROW and compare its JSON with RAW.  Returns 1
 * with ROW filled (release it with store_task_row_release()), 0 when the task
 * is not stored (ROW zeroed), or -1 with ERR.
 */
int store_task_get(struct db *db, const char *id, const char *raw, struct scaffolder_task_row *row,
		   struct strbuf *err);
void store_task_row_release(struct scaffolder_task_row *row);

#endif
