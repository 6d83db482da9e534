/* RFC 4180 CSV: decode a file's bytes to UTF-8 text, then read it record by record with line numbers. */
#ifndef IDPM_CSV_H
#define IDPM_CSV_H

#include <stddef.h>

#include "util/strbuf.h"

/* Bounds a reader enforces unless told otherwise (per record). */
#define CSV_MAX_RECORD (4u * 1024 * 1024) /* bytes of field text */
#define CSV_MAX_FIELDS 20000u

/*
 * Turn the raw bytes DATA (LEN) of file NAME into UTF-8 text: a UTF-8 byte
 * order mark is removed (and wins over ENCODING), a UTF-16 one converts from
 * UTF-16; otherwise ENCODING (NULL, "", "utf-8" or "utf8" = none; "cp949",
 * "cp1252", any iconv name) converts with g_convert.  The result must be valid
 * UTF-8 without NUL bytes.  Returns 0 with *OUT (NUL-terminated, the caller
 * frees it) and *OUTLEN, or -1 with "NAME:LINE: what is wrong" in ERR.
 * Pure: no I/O.
 */
int csv_decode(const char *name, const char *data, size_t len, const char *encoding, char **out, size_t *outlen,
	       struct strbuf *err);

/* The physical line (1-based; LF, CRLF and a lone CR each end one) that byte OFFSET of DATA is on. */
long csv_line_at(const char *data, size_t len, size_t offset);

/* One record as read; everything is borrowed from the reader until its next call. */
struct csv_record {
	char **field;    /* n NUL-terminated cells, unquoted */
	size_t n;        /* cells in this record (rows may be ragged) */
	long line;       /* physical line the record starts on */
};

/* A pull reader over a buffer (which must outlive it). */
struct csv_reader {
	const char *name;      /* for messages */
	const char *data;
	size_t len, pos;
	long line;             /* physical line of data[pos] */
	size_t max_fields;
	struct strbuf text;    /* cells of the current record, each NUL-terminated */
	size_t *offs;          /* start of each cell in text */
	char **field;
	size_t alloc;
};

/*
 * Start reading DATA (LEN bytes of text; a leading UTF-8 BOM is skipped).
 * MAX_RECORD bounds the bytes of one record's cells and MAX_FIELDS its cell
 * count (0 = the CSV_MAX_ defaults).  NAME is used in messages.
 */
void csv_reader_init(struct csv_reader *r, const char *name, const char *data, size_t len, size_t max_record,
		     size_t max_fields);
/* Free what the reader allocated (not DATA). */
void csv_reader_release(struct csv_reader *r);

/*
 * Read the next record into REC.  Records end with CRLF, LF, a lone CR or the
 * end of the data; quoted cells may hold commas, doubled quotes and line
 * breaks (kept as they are).  Lenient where RFC 4180 is strict and no data is
 * lost: a quote inside an unquoted cell is a character, text after a closing
 * quote is appended.  A blank line is a record with one empty cell.
 * Returns 1 with a record, 0 at the end, -1 with "NAME:LINE: message" in ERR
 * for an unterminated quoted cell or a record over the bounds.
 */
int csv_reader_next(struct csv_reader *r, struct csv_record *rec, struct strbuf *err);

#define CSV_MAX_PROBLEMS 200

/* Rows skipped while reading a file, the first CSV_MAX_PROBLEMS described. */
struct csv_problems {
	char **v;        /* "NAME:LINE: why; row skipped" */
	size_t n, alloc;
	size_t bad;      /* rows skipped in all (may exceed n) */
};

/* Count one skipped row at LINE of NAME and describe it (printf-style FMT) while there is room. */
void csv_problem(struct csv_problems *p, const char *name, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Free the descriptions. */
void csv_problems_release(struct csv_problems *p);

/* Cell COL of REC, or "" when the row is shorter (ragged) or COL is negative. */
const char *csv_cell(const struct csv_record *rec, int col);
/* 1 when every cell of REC is empty or only spaces and tabs. */
int csv_blank(const struct csv_record *rec);

#endif
