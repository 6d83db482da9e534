/* Reading a result row by column name: the order of a query's SELECT list never matters to C. */
#ifndef IDPM_STORE_ROW_H
#define IDPM_STORE_ROW_H

#include <sqlite3.h>
#include <stdint.h>

/*
 * The index of the result column NAME of ST (its alias, "AS name", or the bare
 * column name).  A name the statement does not return is a programming error
 * and aborts, as a missing bind parameter does.  Cheap on every row: the index
 * is remembered per statement and name (NAME should be a string literal).
 */
int row_col(sqlite3_stmt *st, const char *name);

/* Forget every remembered index (db_close() calls it: its statements are finalized). */
void row_forget(void);

/* The value of column NAME of the current row; NULL text comes back as NULL, NULL numbers as the default. */
const char *row_text(sqlite3_stmt *st, const char *name);
int64_t row_int(sqlite3_stmt *st, const char *name, int64_t dflt);
int64_t row_time(sqlite3_stmt *st, const char *name);                 /* NULL -> TIME_NONE */
double row_double(sqlite3_stmt *st, const char *name);                /* NULL -> NaN */
/* 1 when column NAME of the current row is NULL. */
int row_null(sqlite3_stmt *st, const char *name);

#endif
