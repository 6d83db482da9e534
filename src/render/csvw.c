/* RFC 4180 CSV writing: quoting, CRLF, and formula neutralisation for text cells. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/csvw.h"
#include "render/escape.h"

void csvw_init(struct csvw *w, FILE *fp, int bom)
{
	w->fp = fp;
	w->col = 0;
	if (bom)
		fputs("\xEF\xBB\xBF", fp);
}

static void sep(struct csvw *w)
{
	if (w->col++)
		fputc(',', w->fp);
}

static void quoted(struct csvw *w, const char *prefix, const char *s)
{
	const char *q;

	fputc('"', w->fp);
	fputs(prefix, w->fp);
	/* the text in runs up to each quote, which is doubled (not a call per character) */
	while ((q = strchr(s, '"'))) {
		fwrite(s, 1, (size_t)(q - s) + 1, w->fp);
		fputc('"', w->fp);
		s = q + 1;
	}
	fputs(s, w->fp);
	fputc('"', w->fp);
}

void csvw_text(struct csvw *w, const char *s)
{
	char *clean = NULL;
	const char *t;

	sep(w);
	if (!s)
		return;
	/* invalid UTF-8, control and bidi characters go first, so what is checked is what a spreadsheet
	   sees; clean ASCII (most cells) is written as it is, without a cleaned copy */
	t = text_is_clean_ascii(s) ? s : (clean = text_clean(s));
	quoted(w, strchr("=+-@\t\r", t[0]) && t[0] ? "'" : "", t);
	free(clean);
}

void csvw_raw(struct csvw *w, const char *s)
{
	sep(w);
	if (!s)
		return;
	if (strpbrk(s, ",\"\r\n"))
		quoted(w, "", s);
	else
		fputs(s, w->fp);
}

void csvw_num(struct csvw *w, double v)
{
	sep(w);
	if (!isnan(v))
		fprintf(w->fp, "%.10g", v);
}

void csvw_int(struct csvw *w, long long v)
{
	sep(w);
	fprintf(w->fp, "%lld", v);
}

void csvw_end(struct csvw *w)
{
	fputs("\r\n", w->fp);
	w->col = 0;
}
