/* RFC 4180 CSV writing: quoting, CRLF, and formula neutralisation for text cells. */
#ifndef IDPM_CSVW_H
#define IDPM_CSVW_H

#include <stdio.h>

struct csvw {
	FILE *fp;
	int col;          /* cells written on the current row */
};

/* Start writing to FP; with BOM, first write the UTF-8 byte order mark (for Excel). */
void csvw_init(struct csvw *w, FILE *fp, int bom);
/*
 * A text cell from outside (names, comments): cleaned (render/escape.h
 * text_clean: valid UTF-8, no control or bidi characters), quoted, quotes
 * doubled, and a leading = + - @ TAB or CR neutralised with a ' so
 * spreadsheets never run it.
 * NULL writes an empty cell.
 */
void csvw_text(struct csvw *w, const char *s);
/* A cell we produced ourselves (metric names, units, dates): quoted only when needed, never altered. */
void csvw_raw(struct csvw *w, const char *s);
/* A number with up to 10 significant digits; NaN writes an empty cell. */
void csvw_num(struct csvw *w, double v);
void csvw_int(struct csvw *w, long long v);
/* End the row with CRLF. */
void csvw_end(struct csvw *w);

#endif
