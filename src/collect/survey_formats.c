/*
 * Survey exports: tell the tool from the header, find the score/comment/team/time columns, read the responses.
 *
 * Decisions (docs/sources/surveys.md): Qualtrics previews, tests and spam (Status 1, 2, 8
 * or their text) are skipped unless include_tests; unfinished responses (Qualtrics Finished 0, Typeform
 * partial) are skipped even when they hold a score, because the respondent never submitted them.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "collect/survey_formats.h"
#include "collect/survey_layout.h"
#include "util/csv.h"
#include "util/xalloc.h"

static const char *const format_names[] = { "auto",      "google_forms",     "typeform", "surveymonkey",
					    "qualtrics", "qualtrics_legacy", "ms_forms", "generic" };
const char survey_format_list[] = "auto, google_forms, typeform, surveymonkey, qualtrics, qualtrics_legacy, ms_forms, "
				  "generic";

/* The Google Forms "Timestamp" header in the form owner's language. */
static const char *const timestamp_names[] = {
	"timestamp", "타임스탬프", "marca temporal", "horodateur", "zeitstempel", "タイムスタンプ",
	"carimbo de data/hora", "informazioni cronologiche", "时间戳记", "時間戳記", "отметка времени", "tijdstempel",
	"sygnatura czasowa", "zaman damgası", "dấu thời gian", "stempel waktu", "tidsstämpel", "tidsstempel",
	"aikaleima", "časová značka", NULL
};

const char *survey_format_name(enum survey_format f)
{
	return (unsigned)f < sizeof(format_names) / sizeof(format_names[0]) ? format_names[f] : "?";
}

int survey_format_from_name(const char *name, enum survey_format *out)
{
	for (size_t i = 0; name && i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (!g_ascii_strcasecmp(name, format_names[i])) {
			*out = (enum survey_format)i;
			return 0;
		}
	}
	return -1;
}

int survey_score_parse(const char *s, int *score, const char **why)
{
	const char *p = s ? s : "";
	int v = 0, nd = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p) {
		*why = "empty";
		return -1;
	}
	while (g_ascii_isdigit(*p) && nd < 3) {
		v = v * 10 + (*p++ - '0');
		nd++;
	}
	if (!nd || g_ascii_isdigit(*p)) {
		*why = "not a number";
		return -1;
	}
	if (*p == '.') { /* "9.0" from a spreadsheet */
		p++;
		if (*p != '0') {
			*why = "not a whole number";
			return -1;
		}
		while (*p == '0')
			p++;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	/* "10 - Extremely likely", "0 (Not at all likely)" */
	if (*p && *p != '-' && *p != '(' && *p != ':' && strncmp(p, "–", strlen("–"))) {
		*why = "not a number";
		return -1;
	}
	if (v > 10) {
		*why = "outside 0-10";
		return -1;
	}
	*score = v;
	return 0;
}

/* ---- records ---- */

struct saved {
	char **cells;
	size_t n;
	long line;
};

/* S equals WORD once surrounding spaces are ignored (ASCII case-insensitive). */
static int cell_is(const char *s, const char *word)
{
	size_t n = strlen(word), len;

	s += strspn(s, " \t");
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len == n && !g_ascii_strncasecmp(s, word, n);
}

static const char *saved_cell(const struct saved *s, size_t i)
{
	return i < s->n ? s->cells[i] : "";
}

static int saved_has(const struct saved *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!g_ascii_strcasecmp(g_strstrip(s->cells[i]), name))
			return 1;
	return 0;
}

static enum survey_format detect(const struct saved *pre, int npre)
{
	const struct saved *r1 = &pre[0];
	const char *c0 = saved_cell(r1, 0);
	char *f;
	int google = 0;

	if (saved_has(r1, "StartDate") && saved_has(r1, "EndDate") &&
	    (saved_has(r1, "ResponseId") || saved_has(r1, "Status") || saved_has(r1, "Progress") ||
	     saved_has(r1, "IPAddress")))
		return SURVEY_QUALTRICS;
	if (npre >= 3 && (g_str_has_prefix(saved_cell(&pre[2], 0), "{\"ImportId\"") ||
			  g_str_has_prefix(saved_cell(&pre[2], 0), "{'ImportId'")))
		return SURVEY_QUALTRICS;
	if (!strcmp(c0, "V1") && !strcmp(saved_cell(r1, 1), "V2") && !strcmp(saved_cell(r1, 2), "V3"))
		return npre >= 2 && saved_has(&pre[1], "ResponseID") ? SURVEY_QUALTRICS_LEGACY : SURVEY_AUTO;
	if (!g_ascii_strcasecmp(c0, "Respondent ID") && !g_ascii_strcasecmp(saved_cell(r1, 1), "Collector ID"))
		return SURVEY_SURVEYMONKEY;
	if (!strcmp(c0, "#") && saved_has(r1, "Submit Date (UTC)"))
		return SURVEY_TYPEFORM;
	if (!g_ascii_strcasecmp(c0, "ID") && !g_ascii_strcasecmp(saved_cell(r1, 1), "Start time") &&
	    !g_ascii_strcasecmp(saved_cell(r1, 2), "Completion time"))
		return SURVEY_MS_FORMS;
	f = survey_fold(c0);
	for (int i = 0; timestamp_names[i] && !google; i++)
		google = !strcmp(f, timestamp_names[i]);
	g_free(f);
	return google ? SURVEY_GOOGLE_FORMS : SURVEY_AUTO;
}

static int header_rows(enum survey_format f, const struct saved *pre, int npre)
{
	switch (f) {
	case SURVEY_QUALTRICS:
		return npre >= 3 && saved_cell(&pre[2], 0)[strspn(saved_cell(&pre[2], 0), " ")] == '{' ? 3 : 2;
	case SURVEY_QUALTRICS_LEGACY:
	case SURVEY_SURVEYMONKEY:
		return 2;
	default:
		return 1;
	}
}

static void build_header(struct survey_layout *L, const struct saved *pre, int nrows)
{
	struct survey_header *h = &L->h;

	h->nrows = nrows;
	h->match_rows = L->format == SURVEY_QUALTRICS || L->format == SURVEY_QUALTRICS_LEGACY ||
				L->format == SURVEY_SURVEYMONKEY
			? 2
			: 1;
	for (int k = 0; k < nrows; k++)
		if (pre[k].n > h->ncols)
			h->ncols = pre[k].n;
	for (int k = 0; k < nrows; k++) {
		h->row[k] = xcalloc(h->ncols ? h->ncols : 1, sizeof(char *));
		for (size_t i = 0; i < h->ncols; i++)
			h->row[k][i] = xstrdup(saved_cell(&pre[k], i));
	}
	if (L->format == SURVEY_QUALTRICS && nrows == 3)
		survey_header_import_ids(h);
	survey_layout_init(L);
}

/* ---- reading the rows ---- */

struct parse_ctx {
	const char *name, *text;
	size_t len;
	const struct survey_opts *o;
	struct survey_layout L;
	struct survey_result *out;
	unsigned orders;      /* DATETEXT_CAN_* seen alone on some row */
	long mdy_line, dmy_line;
	size_t n0, n11;       /* scores 0, and cells "11" (a 1-11 scale?) */
};

typedef int (*row_fn)(struct parse_ctx *c, const struct csv_record *rec, struct strbuf *err);

static int each_data_row(struct parse_ctx *c, row_fn fn, struct strbuf *err)
{
	struct csv_reader rd;
	struct csv_record rec;
	int rc, seen = 0, ret = -1;

	csv_reader_init(&rd, c->name, c->text, c->len, 0, 0);
	while ((rc = csv_reader_next(&rd, &rec, err)) > 0) {
		if (!seen && csv_blank(&rec))
			continue;
		if (seen < c->L.h.nrows) {
			seen++;
			continue;
		}
		if (fn(c, &rec, err))
			goto out;
	}
	ret = rc < 0 ? -1 : 0;
out:
	csv_reader_release(&rd);
	return ret;
}

static int scan_order(struct parse_ctx *c, const struct csv_record *rec, struct strbuf *err)
{
	unsigned o = datetext_orders(csv_cell(rec, c->L.ts_col));

	(void)err;
	if (o == DATETEXT_CAN_MDY && !c->mdy_line)
		c->mdy_line = rec->line;
	if (o == DATETEXT_CAN_DMY && !c->dmy_line)
		c->dmy_line = rec->line;
	return 0;
}

static int choose_order(struct parse_ctx *c, struct strbuf *err)
{
	c->L.order = c->o->date_order;
	if (c->L.order != DATETEXT_AUTO)
		return 0;
	if (each_data_row(c, scan_order, err))
		return -1;
	if (c->mdy_line && c->dmy_line) {
		strbuf_addf(err, "%s: the times are written month first on line %ld but day first on line %ld; set "
			    "date_order (mdy or dmy) for this source", c->name, c->mdy_line, c->dmy_line);
		return -1;
	}
	c->L.order = c->dmy_line ? DATETEXT_DMY : DATETEXT_MDY;
	return 0;
}

static int is_test_status(const char *s)
{
	char *f;
	int hit;

	if (cell_is(s, "1") || cell_is(s, "2") || cell_is(s, "8"))
		return 1;
	f = survey_fold(s);
	hit = strstr(f, "preview") || strstr(f, "test") || strstr(f, "spam");
	g_free(f);
	return hit;
}

static int is_false(const char *s)
{
	return cell_is(s, "0") || cell_is(s, "false") || cell_is(s, "no");
}

/* A cell as stored: trimmed, line breaks as \n, Typeform's formula guard removed; NULL when empty. */
static char *clean_text(const struct parse_ctx *c, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->L.format == SURVEY_TYPEFORM && s[0] == '\'' && s[1] && strchr("=+-@", s[1]))
		s++;
	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			strbuf_addch(&sb, '\n');
			if (p[1] == '\n')
				p++;
		} else {
			strbuf_addch(&sb, *p);
		}
	}
	if (sb.len)
		g_strstrip(sb.buf);
	if (!sb.len || !*sb.buf) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

static char *join_comments(const struct parse_ctx *c, const struct csv_record *rec)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < c->L.ncomment; i++) {
		char *t = clean_text(c, csv_cell(rec, c->L.comment_cols[i]));

		if (t) {
			if (sb.len)
				strbuf_addstr(&sb, "\n\n");
			strbuf_addstr(&sb, t);
			free(t);
		}
	}
	return sb.len ? strbuf_detach(&sb, NULL) : (strbuf_release(&sb), NULL);
}

static void response_key(const struct parse_ctx *c, const struct csv_record *rec, char *key)
{
	const char *id = c->L.id_col >= 0 ? csv_cell(rec, c->L.id_col) : "";
	const char **parts;
	size_t n = rec->n;

	id += strspn(id, " ");
	if (*id) {
		/* The vendor's response id: the legacy and current Qualtrics exporters agree on it. */
		const char *p[3] = { "survey", c->L.format == SURVEY_QUALTRICS_LEGACY ? "qualtrics"
										   : survey_format_name(c->L.format),
				     id };

		hashkey_make(c->o->salt, p, 3, key);
		return;
	}
	/* No id: the row's cells, without trailing empty ones (a question added later adds those). */
	while (n && !*rec->field[n - 1])
		n--;
	parts = xmalloc((n + 2) * sizeof(*parts));
	parts[0] = "survey-row";
	parts[1] = survey_format_name(c->L.format);
	for (size_t i = 0; i < n; i++)
		parts[i + 2] = rec->field[i];
	hashkey_make(c->o->salt, parts, n + 2, key);
	free(parts);
}

static int read_row(struct parse_ctx *c, const struct csv_record *rec, struct strbuf *err)
{
	struct survey_result *out = c->out;
	const struct survey_layout *L = &c->L;
	const char *why, *ts = csv_cell(rec, L->ts_col), *sc = csv_cell(rec, L->score_col);
	struct survey_row *row;
	int64_t t;
	int score;

	(void)err;
	if (csv_blank(rec)) {
		out->skipped_blank++;
		return 0;
	}
	if (L->status_col >= 0 && !c->o->include_tests && is_test_status(csv_cell(rec, L->status_col))) {
		out->skipped_tests++;
		return 0;
	}
	if ((L->finished_col >= 0 && is_false(csv_cell(rec, L->finished_col))) ||
	    (L->type_col >= 0 && cell_is(csv_cell(rec, L->type_col), "partial")) ||
	    (L->format == SURVEY_TYPEFORM && !*ts)) {
		out->skipped_unfinished++;
		return 0;
	}
	if (survey_score_parse(sc, &score, &why)) {
		if (cell_is(sc, "11"))
			c->n11++;
		if (!strcmp(why, "empty"))
			csv_problem(&c->out->problems, c->name, rec->line, "the score is empty");
		else if (!strcmp(why, "outside 0-10"))
			csv_problem(&c->out->problems, c->name, rec->line, "score '%s' is outside 0-10", sc);
		else
			csv_problem(&c->out->problems, c->name, rec->line, "score '%s' is not a whole number from 0 to 10", sc);
		return 0;
	}
	if (!*ts) {
		csv_problem(&c->out->problems, c->name, rec->line, "the submission time is empty");
		return 0;
	}
	if (datetext_parse(ts, L->order, L->tz, &t)) {
		csv_problem(&c->out->problems, c->name, rec->line, "'%s' is not a date and time", ts);
		return 0;
	}
	if (!score)
		c->n0++;
	XGROW(out->rows, out->alloc, out->n + 1);
	row = &out->rows[out->n++];
	memset(row, 0, sizeof(*row));
	row->score = score;
	row->responded_at = t;
	row->line = rec->line;
	row->team = L->team_col >= 0 ? clean_text(c, csv_cell(rec, L->team_col)) : NULL;
	row->comment = join_comments(c, rec);
	response_key(c, rec, row->key);
	return 0;
}

static int profile_row(struct parse_ctx *c, const struct csv_record *rec, struct strbuf *err)
{
	(void)err;
	survey_layout_profile_row(&c->L, rec);
	return 0;
}

static int read_header(struct parse_ctx *c, struct saved *pre, int *npre, struct strbuf *err)
{
	struct csv_reader rd;
	struct csv_record rec;
	int rc = 0;

	csv_reader_init(&rd, c->name, c->text, c->len, 0, 0);
	while (*npre < SURVEY_HEADER_ROWS && (rc = csv_reader_next(&rd, &rec, err)) > 0) {
		struct saved *s = &pre[*npre];

		if (!*npre && csv_blank(&rec))
			continue;
		s->cells = xcalloc(rec.n, sizeof(char *));
		for (size_t i = 0; i < rec.n; i++)
			s->cells[i] = xstrdup(rec.field[i]);
		s->n = rec.n;
		s->line = rec.line;
		(*npre)++;
	}
	csv_reader_release(&rd);
	if (*npre < SURVEY_HEADER_ROWS && rc < 0)
		return -1;
	if (!*npre) {
		strbuf_addf(err, "%s: the file is empty", c->name);
		return -1;
	}
	return 0;
}

int survey_parse(const char *name, const char *text, size_t len, const struct survey_opts *o,
		 struct survey_result *out, struct strbuf *err)
{
	struct parse_ctx c;
	struct saved pre[SURVEY_HEADER_ROWS];
	int npre = 0, ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	memset(pre, 0, sizeof(pre));
	c.name = name;
	c.text = text;
	c.len = len;
	c.o = o;
	c.out = out;
	if (read_header(&c, pre, &npre, err))
		goto out;
	c.L.format = o->format != SURVEY_AUTO ? o->format : detect(pre, npre);
	if (c.L.format == SURVEY_AUTO && o->score_column && o->timestamp_column)
		c.L.format = SURVEY_GENERIC;
	if (c.L.format == SURVEY_AUTO) {
		strbuf_addf(err, "%s: cannot tell which survey tool exported this file from its header (first cells '%s', "
			    "'%s'): set the source's format (%s) or pass --format; any other CSV works as 'generic' with "
			    "score_column and timestamp_column", name, saved_cell(&pre[0], 0), saved_cell(&pre[0], 1),
			    survey_format_list);
		goto out;
	}
	out->format = c.L.format;
	if (npre < header_rows(c.L.format, pre, npre)) {
		strbuf_addf(err, "%s: a %s export has %d header rows but the file has only %d rows", name,
			    survey_format_name(c.L.format), header_rows(c.L.format, pre, npre), npre);
		goto out;
	}
	build_header(&c.L, pre, header_rows(c.L.format, pre, npre));
	if (survey_layout_columns(name, o, &c.L, &out->columns, err) || choose_order(&c, err))
		goto out;
	/* comment columns guessed from their wording: keep those whose answers are free text */
	if (c.L.nguessed && each_data_row(&c, profile_row, err))
		goto out;
	if (c.L.nguessed)
		survey_layout_keep_free_text(&c.L, &out->columns);
	if (each_data_row(&c, read_row, err))
		goto out;
	if (c.n11 >= 2 && !c.n0) {
		strbuf_addf(err, "%s: %zu responses score 11 and none 0: the score column holds choice positions 1-11, "
			    "not 0-10 scores; export numeric 0-10 values (in Qualtrics, fix the recode values)", name, c.n11);
		goto out;
	}
	ret = 0;
out:
	for (int k = 0; k < SURVEY_HEADER_ROWS; k++) {
		for (size_t i = 0; i < pre[k].n; i++)
			free(pre[k].cells[i]);
		free(pre[k].cells);
	}
	survey_layout_release(&c.L);
	return ret;
}

void survey_result_release(struct survey_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->rows[i].team);
		free(r->rows[i].comment);
	}
	free(r->rows);
	csv_problems_release(&r->problems);
	free(r->columns);
	memset(r, 0, sizeof(*r));
}
