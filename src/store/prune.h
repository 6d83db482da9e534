/* Data lifecycle: drop rows older than the retention boundary with the queries/prune/ statements, then VACUUM. */
#ifndef IDPM_STORE_PRUNE_H
#define IDPM_STORE_PRUNE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* The retention boundary: everything older goes. */
struct prune_bounds {
	int64_t before;           /* Unix seconds (:before) */
	char before_quarter[16];  /* the quarter containing BEFORE (:before_quarter): earlier quarters go */
	char before_month[16];    /* the month containing BEFORE (:before_month): earlier months go */
};

/* Rows one prune query removed. */
struct prune_count {
	char *query;              /* "prune/scaffolder_tasks" (owned) */
	int64_t rows;
};

struct prune_result {
	struct prune_count *v;
	size_t n;
	int64_t total;
};

/*
 * Run every embedded query named "prune/..." in name order, in one
 * transaction, binding whichever of :before, :before_quarter and
 * :before_month each uses (a query that uses none is refused: it could only
 * delete everything).  Records the boundary as source_state ('prune',
 * 'before') so collectors can avoid bringing pruned rows back.  With DRY_RUN
 * the transaction is rolled back: OUT says what would go.  Returns 0 with OUT
 * filled (release it with prune_result_release), or -1 with ERR and nothing changed.
 */
int store_prune(struct db *db, const struct prune_bounds *b, int dry_run, int64_t now, struct prune_result *out,
		struct strbuf *err);
void prune_result_release(struct prune_result *r);

/* VACUUM, then truncate the write-ahead log.  Must run outside a transaction.  0 or -1 with ERR. */
int store_vacuum(struct db *db, struct strbuf *err);

/* Size of the database in bytes and the bytes of its free pages.  0 or -1 with ERR. */
int store_db_size(struct db *db, int64_t *bytes, int64_t *free_bytes, struct strbuf *err);

/*
 * PRAGMA integrity_check: 0 with *OK 1, or *OK 0 and the first problems
 * (one per line) in PROBLEMS; -1 with ERR when the check itself cannot run.
 */
int store_integrity_check(struct db *db, int *ok, struct strbuf *problems, struct strbuf *err);

#endif
