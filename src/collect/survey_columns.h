/* Survey export headers: the header rows of one file and how a configured column name finds its column. */
#ifndef IDPM_SURVEY_COLUMNS_H
#define IDPM_SURVEY_COLUMNS_H

#include <stddef.h>

#include "util/strbuf.h"

#define SURVEY_HEADER_ROWS 3

/* The header rows of an export, padded to the same width; owned. */
struct survey_header {
	size_t ncols;
	int nrows;                                  /* header rows in use (1..3) */
	int match_rows;                             /* how many of them hold text a column name may match */
	char **row[SURVEY_HEADER_ROWS];             /* row[k][i]; NULL rows when absent */
	char **import_id;                           /* Qualtrics row 3 "ImportId" per column, or NULL */
	char **import_tz;                           /* Qualtrics row 3 "timeZone" per column, or NULL */
};

/* S case-folded, NFKC-normalised, whitespace collapsed and trimmed; free with g_free. */
char *survey_fold(const char *s);

/* Free what H owns. */
void survey_header_release(struct survey_header *h);

/* Parse the Qualtrics ImportId row (JSON or the 2016 single-quoted form) into H->import_id/import_tz. */
void survey_header_import_ids(struct survey_header *h);

/* The first column whose cell in header row ROW equals NAME (ASCII case-insensitive, trimmed), or -1. */
int survey_header_named(const struct survey_header *h, int row, const char *name);

/* 1 when column COL's header says it holds personal data (e-mail, name, IP address, location). */
int survey_header_is_personal(const struct survey_header *h, size_t col);

/* A short description of column COL for messages: "column 3 'How likely ...'" (caller frees). */
char *survey_header_describe(const struct survey_header *h, size_t col);

/*
 * Find the columns PATTERN names: "/regex/" (case-insensitive) or a header
 * text compared after case folding and Unicode normalisation, on every header
 * row that holds text.  Columns whose header equals PATTERN win; otherwise every
 * column whose header contains it (or matches the regex).  Columns with
 * SKIP[col] set are never returned.  Fills COLS (caller frees) and *N; returns 0,
 * or -1 with a message in ERR for an invalid regex.
 */
int survey_header_find(const struct survey_header *h, const char *pattern, const unsigned char *skip, int **cols,
		       size_t *n, struct strbuf *err);

/* "'Timestamp', 'How likely ...', ..." (the first header row, shortened) for messages; caller frees. */
char *survey_header_list(const struct survey_header *h);

#endif
