/* The SQLite database: open with pragmas, schema migrations, transactions, prepared statements. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "store/db.h"
#include "store/row.h"
#include "util/embedded.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define DISK_LOW_BYTES (4u << 20) /* free space below which a "full" error is taken as the disk's */

static size_t nqueries(void)
{
	size_t n = 0;

	while (embedded_queries[n].name)
		n++;
	return n;
}

/* Create the file with MODE before SQLite does, so it never exists with wider permissions. */
static int precreate(const char *path, int mode, struct strbuf *err)
{
	int fd;

	if (!strcmp(path, ":memory:") || !*path)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		strbuf_addf(err, "cannot create database '%s': %s", path, strerror(errno));
		return -1;
	}
	fchmod(fd, (mode_t)mode);
	close(fd);
	return 0;
}

/* Failures that come from the storage, not from the statement or the data. */
static int is_io(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return 1;
	default:
		return 0;
	}
}

/* "database 'PATH': MESSAGE" for result code RC, with what to do when the storage is the cause. */
static void describe(struct db *db, int rc, const char *msg, struct strbuf *err)
{
	strbuf_addf(err, "database '%s': %s", db->path, msg ? msg : sqlite3_errmsg(db->h));
	if (!is_io(rc))
		return;
	db->io_failed = 1;
	if ((rc & 0xff) == SQLITE_FULL) {
		struct statvfs vfs;
		char *dir = g_path_get_dirname(db->path);
		/* a full file system leaves (next to) nothing; a database at its cap sits on free space */
		int disk_full = statvfs(dir, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < DISK_LOW_BYTES;

		if (db->max_bytes && !disk_full)
			strbuf_addf(err, " (it reached storage.max_size_mb, %lld MB: raise it, or prune old data)",
				    (long long)(db->max_bytes >> 20));
		else if (db->max_bytes)
			strbuf_addf(err, " (the file system of '%s' is full, or the database reached storage.max_size_mb, "
					 "%lld MB)", dir, (long long)(db->max_bytes >> 20));
		else
			strbuf_addf(err, " (the file system of '%s' is full: free space there)", dir);
		g_free(dir);
		strbuf_addstr(err, "; the last unit of work was rolled back, everything committed before is kept");
	}
}

static int exec_sql(struct db *db, const char *sql, struct strbuf *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		describe(db, rc, msg, err);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/*
 * Once per process, before the first connection: no memory statistics.  With
 * them SQLite takes one process-wide mutex on every allocation, which the
 * report's two connections (values and datasets, read side by side) contend
 * for; nothing here reads those statistics.
 */
static gpointer configure_sqlite(gpointer unused)
{
	(void)unused;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	return NULL;
}

int db_open(struct db **out, const char *path, int mode, unsigned flags, struct strbuf *err)
{
	static GOnce once = G_ONCE_INIT;

	struct db *db = xcalloc(1, sizeof(*db));
	int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

	g_once(&once, configure_sqlite, NULL);
	db->path = xstrdup(path);
	db->ncache = nqueries();
	db->cache = xcalloc(db->ncache, sizeof(*db->cache));
	if (!(flags & DB_READONLY) && (flags & DB_CREATE)) {
		if (precreate(path, mode, err))
			goto fail;
		oflags |= SQLITE_OPEN_CREATE;
	}
	if (sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		strbuf_addf(err, "cannot open database '%s': %s", path,
			    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 10000);
	/*
	 * A 16 MiB page cache (SQLite's default is 2 MiB): computing 8 quarters of a
	 * 5,000-repository organisation reads and writes the same index pages again
	 * and again (docs/BENCHMARKS.md).
	 */
	if (exec_sql(db, "PRAGMA foreign_keys = ON", err) || exec_sql(db, "PRAGMA cache_size = -16384", err))
		goto fail;
	if (!(flags & DB_READONLY) &&
	    (exec_sql(db, "PRAGMA journal_mode = WAL", err) || exec_sql(db, "PRAGMA synchronous = NORMAL", err)))
		goto fail;
	*out = db;
	return 0;
fail:
	db_close(db);
	return -1;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i]);
	free(db->cache);
	row_forget();
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int db_set_max_size(struct db *db, int64_t max_mb, struct strbuf *err)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 size = 0, want, got = 0;
	char sql[64];
	int ret = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA page_size", -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		describe(db, sqlite3_extended_errcode(db->h), NULL, err);
		goto out;
	}
	size = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	/* 0 restores SQLite's own ceiling (4294967294 pages) */
	want = max_mb > 0 ? (max_mb << 20) / size : 4294967294LL;
	/* the count comes from our own integers, never from input text */
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld", (long long)want);
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		describe(db, sqlite3_extended_errcode(db->h), NULL, err);
		goto out;
	}
	got = sqlite3_column_int64(st, 0);
	db->max_bytes = max_mb > 0 ? (int64_t)(got * size) : 0;
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int db_io_failed(const struct db *db)
{
	return db && db->io_failed;
}

static int schema_number(const char *name)
{
	/* "schema/003_github" -> 3 */
	if (strncmp(name, "schema/", 7))
		return -1;
	return (int)strtol(name + 7, NULL, 10);
}

int db_schema_latest(void)
{
	int latest = 0;

	for (const struct embedded_file *f = embedded_queries; f->name; f++)
		if (schema_number(f->name) > latest)
			latest = schema_number(f->name);
	return latest;
}

int db_schema_version(struct db *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int db_migrate(struct db *db, struct strbuf *err)
{
	int current = db_schema_version(db), latest = db_schema_latest();

	if (current < 0) {
		strbuf_addf(err, "database '%s': cannot read the schema version: %s", db->path, sqlite3_errmsg(db->h));
		return -1;
	}
	if (current > latest) {
		strbuf_addf(err, "database '%s' has schema version %d, newer than this idpmetrics knows (%d)", db->path,
			    current, latest);
		return -1;
	}
	if (current == 0) {
		/* version 0 with tables: another program's database; adding ours to it would be a surprise */
		sqlite3_stmt *st = NULL;
		char *other = NULL;

		if (sqlite3_prepare_v2(db->h, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
					      "'sqlite\\_%' ESCAPE '\\' ORDER BY name LIMIT 1",
				       -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			other = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if (other) {
			strbuf_addf(err, "database '%s' holds tables of another program (such as '%s') and no idpmetrics "
					 "schema: left untouched; give idpmetrics a file of its own (storage.path or --db)",
				    db->path, other);
			free(other);
			return -1;
		}
	}
	for (int v = current + 1; v <= latest; v++) {
		const struct embedded_file *f = NULL;
		char pragma[64];

		for (const struct embedded_file *e = embedded_queries; e->name; e++)
			if (schema_number(e->name) == v)
				f = e;
		if (!f)
			continue;
		if (db_begin(db, err))
			return -1;
		/* The version number comes from our own file name, never from input. */
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v);
		if (exec_sql(db, f->data, err) || exec_sql(db, pragma, err)) {
			strbuf_addf(err, " (migration %s)", f->name);
			db_rollback(db);
			return -1;
		}
		if (db_commit(db, err))
			return -1;
	}
	return 0;
}

int db_begin(struct db *db, struct strbuf *err)
{
	if (exec_sql(db, "BEGIN IMMEDIATE", err))
		return -1;
	db->in_tx = 1;
	return 0;
}

int db_commit(struct db *db, struct strbuf *err)
{
	if (exec_sql(db, "COMMIT", err)) {
		db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	return 0;
}

void db_rollback(struct db *db)
{
	if (db->in_tx || !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
}

sqlite3_stmt *db_stmt(struct db *db, const char *name, struct strbuf *err)
{
	for (size_t i = 0; i < db->ncache; i++) {
		const struct embedded_file *f = &embedded_queries[i];

		if (strcmp(f->name, name))
			continue;
		if (!db->cache[i] && sqlite3_prepare_v3(db->h, f->data, (int)f->len + 1, SQLITE_PREPARE_PERSISTENT,
							&db->cache[i], NULL) != SQLITE_OK) {
			strbuf_addf(err, "cannot prepare query '%s': %s", name, sqlite3_errmsg(db->h));
			return NULL;
		}
		sqlite3_reset(db->cache[i]);
		sqlite3_clear_bindings(db->cache[i]);
		return db->cache[i];
	}
	strbuf_addf(err, "no embedded query named '%s'", name);
	return NULL;
}

static int param(sqlite3_stmt *st, const char *name)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (!i) {
		fprintf(stderr, "BUG: query has no parameter '%s': %s\n", name, sqlite3_sql(st));
		abort();
	}
	return i;
}

void db_bind_text(sqlite3_stmt *st, const char *name, const char *value)
{
	if (value)
		sqlite3_bind_text(st, param(st, name), value, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, param(st, name));
}

void db_bind_int(sqlite3_stmt *st, const char *name, int64_t value)
{
	sqlite3_bind_int64(st, param(st, name), value);
}

void db_bind_double(sqlite3_stmt *st, const char *name, double value)
{
	if (isnan(value))
		sqlite3_bind_null(st, param(st, name));
	else
		sqlite3_bind_double(st, param(st, name), value);
}

void db_bind_null(sqlite3_stmt *st, const char *name)
{
	sqlite3_bind_null(st, param(st, name));
}

void db_bind_time(sqlite3_stmt *st, const char *name, int64_t t)
{
	if (t == TIME_NONE)
		db_bind_null(st, name);
	else
		db_bind_int(st, name, t);
}

void db_bind_blob(sqlite3_stmt *st, const char *name, const void *data, size_t len)
{
	sqlite3_bind_blob64(st, param(st, name), data, len, SQLITE_TRANSIENT);
}

int db_step(struct db *db, sqlite3_stmt *st, struct strbuf *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	describe(db, sqlite3_extended_errcode(db->h), NULL, err);
	sqlite3_reset(st);
	return -1;
}

int db_exec(struct db *db, sqlite3_stmt *st, struct strbuf *err)
{
	int rc = db_step(db, st, err);

	if (rc > 0) {
		sqlite3_reset(st);
		return 0;
	}
	return rc;
}

const char *db_col_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

int64_t db_col_int(sqlite3_stmt *st, int col, int64_t dflt)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return dflt;
	return sqlite3_column_int64(st, col);
}

int64_t db_col_time(sqlite3_stmt *st, int col)
{
	return db_col_int(st, col, TIME_NONE);
}

double db_col_double(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NAN;
	return sqlite3_column_double(st, col);
}
