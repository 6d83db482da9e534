/* RFC 4180 CSV: decode a file's bytes to UTF-8 text, then read it record by record with line numbers. */
#include <glib.h>
#include <string.h>

#include "util/csv.h"
#include "util/xalloc.h"

long csv_line_at(const char *data, size_t len, size_t offset)
{
	long line = 1;

	if (offset > len)
		offset = len;
	for (size_t i = 0; i < offset; i++) {
		if (data[i] == '\n')
			line++;
		else if (data[i] == '\r' && !(i + 1 < len && data[i + 1] == '\n'))
			line++;
	}
	return line;
}

static int is_utf8_name(const char *e)
{
	return !e || !*e || !g_ascii_strcasecmp(e, "utf-8") || !g_ascii_strcasecmp(e, "utf8");
}

static int convert(const char *name, const char *src, size_t n, const char *from, int utf16, char **conv,
		   size_t *conv_len, struct strbuf *err)
{
	GError *gerr = NULL;
	gsize rd = 0, wr = 0;
	GIConv probe = g_iconv_open("UTF-8", from);
	gchar *out;

	if (probe == (GIConv)-1) {
		strbuf_addf(err, "%s: unknown encoding '%s' (use an iconv name such as cp949, cp1252 or utf-8)", name,
			    from);
		return -1;
	}
	g_iconv_close(probe);
	out = g_convert(src, (gssize)n, "UTF-8", from, &rd, &wr, &gerr);
	if (out && rd < n) {
		/* a character cut off at the very end */
		g_free(out);
		out = NULL;
	}
	if (out) {
		*conv = xmalloc(wr + 1);
		memcpy(*conv, out, wr);
		(*conv)[wr] = '\0';
		*conv_len = wr;
		g_free(out);
		return 0;
	}
	if (utf16)
		strbuf_addf(err, "%s: the text is not valid %s at byte %zu", name, from, (size_t)rd);
	else
		strbuf_addf(err, "%s:%ld: the text is not valid %s (byte 0x%02X): check the encoding setting", name,
			    csv_line_at(src, n, rd), from, rd < n ? (unsigned char)src[rd] : 0);
	g_clear_error(&gerr);
	return -1;
}

int csv_decode(const char *name, const char *data, size_t len, const char *encoding, char **out, size_t *outlen,
	       struct strbuf *err)
{
	const char *src = data, *from = NULL, *bad = NULL, *nul;
	char *conv = NULL;
	size_t n = len, conv_len = 0;
	int utf16 = 0;

	*out = NULL;
	*outlen = 0;
	if (n >= 4 && !memcmp(src, "PK\x03\x04", 4)) {
		strbuf_addf(err, "%s: this is a zip file (an Excel workbook?), not CSV: save it as 'CSV UTF-8' first", name);
		return -1;
	}
	if (n >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3)) {
		src += 3;
		n -= 3;
	} else if (n >= 2 && !memcmp(src, "\xFF\xFE", 2)) {
		from = "UTF-16LE";
		utf16 = 1;
	} else if (n >= 2 && !memcmp(src, "\xFE\xFF", 2)) {
		from = "UTF-16BE";
		utf16 = 1;
	} else if (!is_utf8_name(encoding)) {
		from = encoding;
	}
	if (from) {
		if (utf16) {
			src += 2;
			n -= 2;
		}
		if (convert(name, src, n, from, utf16, &conv, &conv_len, err))
			return -1;
		src = conv;
		n = conv_len;
		if (n >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3)) {
			src += 3;
			n -= 3;
		}
	}
	nul = memchr(src, '\0', n);
	if (nul) {
		strbuf_addf(err, "%s:%ld: the file contains a NUL byte: it is not a CSV text file", name,
			    csv_line_at(src, n, (size_t)(nul - src)));
		free(conv);
		return -1;
	}
	if (!g_utf8_validate_len(src, n, &bad)) {
		size_t off = (size_t)(bad - src);

		strbuf_addf(err,
			    "%s:%ld: the text is not valid UTF-8 (byte 0x%02X); a file saved by Excel needs its "
			    "encoding set (cp949 for Korean Windows, cp1252 for Western), or save it as 'CSV UTF-8'",
			    name, csv_line_at(src, n, off), (unsigned char)src[off]);
		free(conv);
		return -1;
	}
	*out = xmalloc(n + 1);
	memcpy(*out, src, n);
	(*out)[n] = '\0';
	*outlen = n;
	free(conv);
	return 0;
}

void csv_reader_init(struct csv_reader *r, const char *name, const char *data, size_t len, size_t max_record,
		     size_t max_fields)
{
	memset(r, 0, sizeof(*r));
	r->name = name ? name : "csv";
	r->data = data;
	r->len = len;
	r->line = 1;
	r->max_fields = max_fields ? max_fields : CSV_MAX_FIELDS;
	strbuf_init(&r->text, max_record ? max_record : CSV_MAX_RECORD);
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		r->pos = 3;
}

void csv_reader_release(struct csv_reader *r)
{
	strbuf_release(&r->text);
	free(r->offs);
	free(r->field);
	r->offs = NULL;
	r->field = NULL;
	r->alloc = 0;
}

static int too_long(struct csv_reader *r, long start, struct strbuf *err)
{
	strbuf_addf(err, "%s:%ld: record longer than %zu bytes (a quote left open?)", r->name, start, r->text.max);
	return -1;
}

/* Append DATA[from, to) to the record text. */
static int add_span(struct csv_reader *r, size_t from, size_t to, long start, struct strbuf *err)
{
	if (to > from && strbuf_add(&r->text, r->data + from, to - from))
		return too_long(r, start, err);
	return 0;
}

/* The quoted part of a cell; r->pos is just after the opening quote. */
static int read_quoted(struct csv_reader *r, long start, struct strbuf *err)
{
	const char *d = r->data;
	long opened = r->line;

	for (;;) {
		size_t run = r->pos;

		while (run < r->len && d[run] != '"' && d[run] != '\n' && d[run] != '\r')
			run++;
		if (add_span(r, r->pos, run, start, err))
			return -1;
		r->pos = run;
		if (r->pos >= r->len) {
			strbuf_addf(err, "%s:%ld: the quoted cell opened on line %ld is never closed", r->name, start,
				    opened);
			return -1;
		}
		if (d[r->pos] == '"') {
			if (r->pos + 1 < r->len && d[r->pos + 1] == '"') {
				if (strbuf_addch(&r->text, '"'))
					return too_long(r, start, err);
				r->pos += 2;
				continue;
			}
			r->pos++;
			return 0;
		}
		/* a line break inside the cell: kept, and counted */
		if (d[r->pos] == '\n' || !(r->pos + 1 < r->len && d[r->pos + 1] == '\n'))
			r->line++;
		if (strbuf_addch(&r->text, d[r->pos]))
			return too_long(r, start, err);
		r->pos++;
	}
}

int csv_reader_next(struct csv_reader *r, struct csv_record *rec, struct strbuf *err)
{
	const char *d = r->data;
	size_t n = 0;
	long start = r->line;

	if (r->pos >= r->len)
		return 0;
	strbuf_reset(&r->text);
	for (;;) {
		size_t run;

		if (n >= r->max_fields) {
			strbuf_addf(err, "%s:%ld: record has more than %zu cells", r->name, start, r->max_fields);
			return -1;
		}
		XGROW(r->offs, r->alloc, n + 1);
		r->offs[n] = r->text.len;
		if (r->pos < r->len && d[r->pos] == '"') {
			r->pos++;
			if (read_quoted(r, start, err))
				return -1;
		}
		/* unquoted text, or whatever follows a closing quote */
		run = r->pos;
		while (run < r->len && d[run] != ',' && d[run] != '\n' && d[run] != '\r')
			run++;
		if (add_span(r, r->pos, run, start, err))
			return -1;
		r->pos = run;
		if (strbuf_addch(&r->text, '\0'))
			return too_long(r, start, err);
		n++;
		if (r->pos >= r->len)
			break;
		if (d[r->pos] == ',') {
			r->pos++;
			continue; /* a comma at the very end still opens one (empty) cell */
		}
		if (d[r->pos] == '\r' && r->pos + 1 < r->len && d[r->pos + 1] == '\n')
			r->pos++;
		r->pos++;
		r->line++;
		break;
	}
	r->field = xrealloc(r->field, n * sizeof(*r->field));
	for (size_t i = 0; i < n; i++)
		r->field[i] = r->text.buf + r->offs[i];
	rec->field = r->field;
	rec->n = n;
	rec->line = start;
	return 1;
}

const char *csv_cell(const struct csv_record *rec, int col)
{
	return col >= 0 && (size_t)col < rec->n ? rec->field[col] : "";
}

int csv_blank(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		if (rec->field[i][strspn(rec->field[i], " \t")])
			return 0;
	return 1;
}

void csv_problem(struct csv_problems *p, const char *name, long line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	p->bad++;
	if (p->n >= CSV_MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	XGROW(p->v, p->alloc, p->n + 1);
	p->v[p->n++] = xasprintf("%s:%ld: %s; row skipped", name, line, msg);
	free(msg);
}

void csv_problems_release(struct csv_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}
