/* The SQLite database: open with pragmas, schema migrations, transactions, prepared statements. */
#ifndef IDPM_DB_H
#define IDPM_DB_H

#include <sqlite3.h>
#include <stdint.h>

#include "util/strbuf.h"

struct db {
	sqlite3 *h;              /* the connection */
	char *path;              /* file name as opened */
	sqlite3_stmt **cache;    /* prepared statements, indexed like embedded_queries */
	size_t ncache;
	int in_tx;               /* a transaction is open */
	int io_failed;           /* a statement failed for want of space or storage (SQLITE_FULL, IOERR, ...) */
	int64_t max_bytes;       /* storage.max_size_mb as bytes; 0 = no limit */
};

enum db_flags {
	DB_CREATE = 1 << 0,   /* create the file (with the given mode) when missing */
	DB_READONLY = 1 << 1  /* open read-only; no migrations */
};

/*
 * Open PATH (":memory:" works) with WAL, foreign keys and a busy timeout.  A
 * new file is created with MODE.  Returns the handle in *OUT, or -1 with
 * "cannot open database 'PATH': reason" in ERR.
 */
int db_open(struct db **out, const char *path, int mode, unsigned flags, struct strbuf *err);
/* Finalize every cached statement and close.  NULL is fine. */
void db_close(struct db *db);

/*
 * Cap the database file at MAX_MB megabytes (PRAGMA max_page_count); 0 lifts
 * the cap.  A write that would grow the file past it fails like a full disk
 * ("database or disk is full"), and the transaction is rolled back.  A file
 * already larger keeps its size as the cap.  Returns 0, or -1 with ERR.
 */
int db_set_max_size(struct db *db, int64_t max_mb, struct strbuf *err);

/*
 * 1 when a statement failed because of the storage rather than the data:
 * disk or storage.max_size_mb full, an I/O error, a read-only or damaged
 * file.  Callers use it to choose the I/O exit status.
 */
int db_io_failed(const struct db *db);

/* Apply the embedded schema/NNN_*.sql files above PRAGMA user_version, each in its own transaction. */
int db_migrate(struct db *db, struct strbuf *err);
/* Current PRAGMA user_version, and the newest version this program knows. */
int db_schema_version(struct db *db);
int db_schema_latest(void);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK.  Rollback is a no-op outside a transaction. */
int db_begin(struct db *db, struct strbuf *err);
int db_commit(struct db *db, struct strbuf *err);
void db_rollback(struct db *db);

/*
 * The prepared statement for the embedded query NAME ("store/task_put"),
 * reset and with its bindings cleared.  The statement belongs to DB: do not
 * finalize it.  Returns NULL with a message in ERR when NAME is unknown or does
 * not prepare.
 */
sqlite3_stmt *db_stmt(struct db *db, const char *name, struct strbuf *err);

/* Bind by parameter name (":id").  A name the statement lacks is a bug and aborts. */
void db_bind_text(sqlite3_stmt *st, const char *name, const char *value);   /* NULL binds NULL */
void db_bind_int(sqlite3_stmt *st, const char *name, int64_t value);
void db_bind_double(sqlite3_stmt *st, const char *name, double value);      /* NaN binds NULL */
void db_bind_null(sqlite3_stmt *st, const char *name);
void db_bind_time(sqlite3_stmt *st, const char *name, int64_t t);            /* TIME_NONE binds NULL */
void db_bind_blob(sqlite3_stmt *st, const char *name, const void *data, size_t len);

/* Step a statement that returns no rows.  0, or -1 with the SQLite message (and query) in ERR. */
int db_exec(struct db *db, sqlite3_stmt *st, struct strbuf *err);
/* Step once: 1 = a row, 0 = done, -1 = error (message in ERR). */
int db_step(struct db *db, sqlite3_stmt *st, struct strbuf *err);

/* Column helpers: NULL text comes back as NULL; NULL numbers as the given default. */
const char *db_col_text(sqlite3_stmt *st, int col);
int64_t db_col_int(sqlite3_stmt *st, int col, int64_t dflt);
int64_t db_col_time(sqlite3_stmt *st, int col);                              /* NULL -> TIME_NONE */
double db_col_double(sqlite3_stmt *st, int col);                           /* NULL -> NaN */

#endif
