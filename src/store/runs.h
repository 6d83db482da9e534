/* Collection runs (what was collected when) and incremental cursors per source. */
#ifndef IDPM_STORE_RUNS_H
#define IDPM_STORE_RUNS_H

#include <stdint.h>

#include "store/db.h"

struct run_stats {
	int64_t requests;     /* HTTP requests made */
	int64_t not_modified; /* of which answered 304 */
	int64_t rows;         /* rows written */
	int64_t warnings;
	int64_t errors;
};

/* Record the start of a run of SOURCE (committed at once) and return its id in *ID. */
int store_run_begin(struct db *db, const char *source, int64_t started_at, int64_t *id, struct strbuf *err);
/* Record the end of run ID with STATUS (ok, partial, failed), counters and an optional MESSAGE. */
int store_run_end(struct db *db, int64_t id, int64_t finished_at, const char *status, const struct run_stats *st,
		  const char *message, struct strbuf *err);

/* Read cursor KEY of SOURCE into *VALUE (caller frees; NULL when unset). */
int store_state_get(struct db *db, const char *source, const char *key, char **value, struct strbuf *err);
/* Write cursor KEY of SOURCE. */
int store_state_set(struct db *db, const char *source, const char *key, const char *value, int64_t now,
		    struct strbuf *err);

/* A collection that never recorded its end. */
struct interrupted_run {
	char *source;         /* owned */
	int64_t started_at;
};

/*
 * Mark every run still 'running' as 'interrupted', in one transaction.  Call
 * only while holding the run lock: then no live process owns such a run.
 * Returns 0 with the marked runs in *OUT and *N (free them with
 * store_interrupted_runs_free), or -1 with ERR.
 */
int store_runs_mark_interrupted(struct db *db, struct interrupted_run **out, size_t *n, struct strbuf *err);
void store_interrupted_runs_free(struct interrupted_run *v, size_t n);

/* Per source: its latest collection run, its last success and its last failure. */
struct source_runs {
	char *source;
	int64_t last_ok, last_failure, started_at, finished_at;   /* TIME_NONE when none */
	char *failure_message, *status, *message;                 /* NULL when none */
	int64_t requests, not_modified, rows, warnings, failures_since_ok;
};

/* Every source that has run, by name (queries/cli/status_sources.sql); *OUT freed with store_source_runs_free(). */
int store_source_runs(struct db *db, struct source_runs **out, size_t *n, struct strbuf *err);
void store_source_runs_free(struct source_runs *v, size_t n);

/* The column "stored" of the one-row embedded query NAME (a source's status/rows_<source>).  0 or -1 with ERR. */
int store_count_stored(struct db *db, const char *name, int64_t *n, struct strbuf *err);

/*
 * The time in the column "oldest" of the one-row embedded query NAME (a MIN over
 * a source's tables: "status/oldest_github") into *T; TIME_NONE when NULL.
 * 0 or -1 with ERR.
 */
int store_oldest_time(struct db *db, const char *name, int64_t *t, struct strbuf *err);

#endif
