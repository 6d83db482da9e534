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

#endif
