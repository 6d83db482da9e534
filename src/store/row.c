/* Reading a result row by column name, with the name-to-index lookup remembered per statement. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/row.h"

#define ROW_CACHE 512

/*
 * A direct-mapped cache of (statement, name) -> column, one per thread.
 * Statements live as long as their connection (db_stmt() keeps them), so an
 * entry stays right until a connection closes: db_close() calls row_forget(),
 * which starts a new generation, and entries of an older one are looked up
 * again.  A statement finalized and another prepared at the same address
 * therefore never reads the wrong column.  A hit costs two comparisons.
 */
static _Thread_local struct {
	const sqlite3_stmt *st;
	const char *name;
	unsigned long generation;
	int col;
} cache[ROW_CACHE];

static atomic_ulong generation = 1;

void row_forget(void)
{
	atomic_fetch_add(&generation, 1);
}

int row_col(sqlite3_stmt *st, const char *name)
{
	size_t h = (((uintptr_t)st >> 4) * 31u + ((uintptr_t)name >> 2)) % ROW_CACHE;
	unsigned long g = atomic_load_explicit(&generation, memory_order_relaxed);
	int n;

	if (cache[h].st == st && cache[h].name == name && cache[h].generation == g)
		return cache[h].col;
	n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++) {
		const char *have = sqlite3_column_name(st, i);

		if (have && !strcmp(have, name)) {
			cache[h].st = st;
			cache[h].name = name;
			cache[h].generation = g;
			cache[h].col = i;
			return i;
		}
	}
	fprintf(stderr, "BUG: query returns no column '%s': %s\n", name, sqlite3_sql(st));
	abort();
}

const char *row_text(sqlite3_stmt *st, const char *name)
{
	return db_col_text(st, row_col(st, name));
}

int64_t row_int(sqlite3_stmt *st, const char *name, int64_t dflt)
{
	return db_col_int(st, row_col(st, name), dflt);
}

int64_t row_time(sqlite3_stmt *st, const char *name)
{
	return db_col_time(st, row_col(st, name));
}

double row_double(sqlite3_stmt *st, const char *name)
{
	return db_col_double(st, row_col(st, name));
}

int row_null(sqlite3_stmt *st, const char *name)
{
	return sqlite3_column_type(st, row_col(st, name)) == SQLITE_NULL;
}
