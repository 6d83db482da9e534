/* Reading a CSV export from disk for the importers: bounded read, then decode to UTF-8 text. */
#ifndef IDPM_CSVFILE_H
#define IDPM_CSVFILE_H

#include <stddef.h>

#include "collect/collectors.h"
#include "util/csv.h"
#include "util/datetext.h"
#include "util/strbuf.h"

#define CSVFILE_MAX (256u * 1024 * 1024) /* bytes: larger exports are refused */

/*
 * Read PATH (at most CSVFILE_MAX bytes) and decode it (csv_decode with
 * ENCODING).  Returns 0 with *TEXT (caller frees) and *LEN, or -1 with a
 * message naming the file (and line for bad text) in ERR.
 */
int csvfile_read(const char *path, const char *encoding, char **text, size_t *len, struct strbuf *err);

/*
 * Log the rows skipped in PATH as warnings (each "FILE:LINE: ...", then "and M
 * more").  With STRICT and any row skipped, returns -1 with "PATH: N rows cannot
 * be read (first: ...); nothing imported (--strict)" in ERR; else 0.
 */
int csvfile_check_problems(struct collect_ctx *ctx, const char *path, const struct csv_problems *p, int strict,
			   struct strbuf *err);

/*
 * The first of the N header cells whose text, case-folded and normalised,
 * equals (CONTAINS 0) or contains (CONTAINS 1) one of NAMES (lower case), in
 * the order of NAMES; cells with SKIP[i] set (SKIP may be NULL) are passed
 * over.  Returns the column or -1.
 */
int csvfile_column(char *const *header, size_t n, const char *const *names, int contains, const unsigned char *skip);

#define CSVFILE_DATE_COLS 4

/* A one-header table (onboarding list, Jira export) read in two passes. */
struct csvfile_table {
	const char *name; /* file name for messages */
	/*
	 * The header (the first non-blank record): find the columns and put up to
	 * CSVFILE_DATE_COLS columns holding dates in DATE_COLS (preset to -1).
	 * Returns 0, or -1 with ERR.
	 */
	int (*header)(void *data, const struct csv_record *rec, int *date_cols, struct strbuf *err);
	/* A non-blank data row of the second pass, with the date order now known. */
	void (*row)(void *data, const struct csv_record *rec, enum datetext_order order);
	void *data;
};

/*
 * Read the table in TEXT: the header, then (when ORDER is DATETEXT_AUTO) the
 * date order from the date columns of every row, then each row.  Returns 0,
 * or -1 with "NAME: ..." in ERR for an empty file, a bad record, or dates
 * written month first on one line and day first on another.
 */
int csvfile_read_table(const struct csvfile_table *t, const char *text, size_t len, enum datetext_order order,
		       struct strbuf *err);

/* The base name of PATH (caller frees). */
char *csvfile_basename(const char *path);

#endif
