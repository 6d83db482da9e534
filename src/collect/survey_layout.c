/* Which column of a survey export is what: the tool's own columns, score, team, comments, time zone. */
#include <stdlib.h>
#include <string.h>

#include "collect/survey_layout.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* What a score question's header says when no score_column is configured. */
#define SCORE_GUESS "how likely|recommend|net promoter|\\bnps\\b|추천"
/* What a free-text question's header says when no comment_columns are configured. */
#define COMMENT_GUESS "why|reason|comment|feedback|improve|suggest|\\bfix|anything else|이유|의견|개선|건의|불편"

#define PROFILE_DISTINCT_MAX 4096 /* past this many different answers a column is free text anyway */

void survey_layout_release(struct survey_layout *L)
{
	for (size_t i = 0; L->profile && i < L->nguessed; i++)
		if (L->profile[i].distinct)
			g_hash_table_destroy(L->profile[i].distinct);
	free(L->profile);
	survey_header_release(&L->h);
	free(L->comment_cols);
	free(L->used);
	free(L->personal);
	if (L->tz)
		g_time_zone_unref(L->tz);
	memset(L, 0, sizeof(*L));
}

void survey_layout_init(struct survey_layout *L)
{
	size_t n = L->h.ncols ? L->h.ncols : 1;

	L->used = xcalloc(n, 1);
	L->personal = xcalloc(n, 1);
	for (size_t i = 0; i < L->h.ncols; i++)
		L->personal[i] = (unsigned char)survey_header_is_personal(&L->h, i);
}



/* Mark the named metadata columns of header row ROW as used. */
static void mark(struct survey_layout *L, int row, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		int c = survey_header_named(&L->h, row, names[i]);

		if (c >= 0)
			L->used[c] = 1;
	}
}

static int named_first(struct survey_layout *L, int row, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		int c = survey_header_named(&L->h, row, names[i]);

		if (c >= 0)
			return c;
	}
	return -1;
}

/* The tool's own columns: id, submission time, status; marked as used. */
static void tool_columns(struct survey_layout *L)
{
	static const char *const q_ts[] = { "RecordedDate", "EndDate", "StartDate", NULL };
	static const char *const q_meta[] = { "StartDate", "EndDate", "RecordedDate", "Status", "IPAddress", "Progress",
					      "Duration (in seconds)", "Finished", "ResponseId", "ResponseID",
					      "ResponseSet", "DistributionChannel", "UserLanguage", "ExternalReference",
					      "ExternalDataReference", "LocationAccuracy", "Q_RecaptchaScore", NULL };
	static const char *const tf_meta[] = { "#", "Response Type", "Start Date (UTC)", "Stage Date (UTC)",
					       "Submit Date (UTC)", "Network ID", "Tags", "Ending", NULL };
	static const char *const sm_meta[] = { "Respondent ID", "Collector ID", "Start Date", "End Date",
					       "IP Address", "Custom Data 1", NULL };
	static const char *const ms_meta[] = { "ID", "Start time", "Completion time", "Last modified time",
					       "Total points", "Quiz feedback", NULL };
	static const char *const id_q[] = { "ResponseId", "ResponseID", NULL };
	static const char *const ts_sm[] = { "End Date", "Start Date", NULL };
	static const char *const ts_ms[] = { "Completion time", "Start time", NULL };
	int meta = L->format == SURVEY_QUALTRICS_LEGACY ? 1 : 0;

	L->ts_col = L->id_col = L->status_col = L->finished_col = L->type_col = -1;
	switch (L->format) {
	case SURVEY_QUALTRICS:
	case SURVEY_QUALTRICS_LEGACY:
		L->id_col = named_first(L, meta, id_q);
		L->ts_col = named_first(L, meta, q_ts);
		L->status_col = survey_header_named(&L->h, meta, "Status");
		L->finished_col = survey_header_named(&L->h, meta, "Finished");
		mark(L, meta, q_meta);
		if (meta) /* V1..V10 */
			for (size_t i = 0; i < L->h.ncols && i < 10; i++)
				L->used[i] = 1;
		break;
	case SURVEY_TYPEFORM:
		L->id_col = survey_header_named(&L->h, 0, "#");
		L->ts_col = survey_header_named(&L->h, 0, "Submit Date (UTC)");
		L->type_col = survey_header_named(&L->h, 0, "Response Type");
		mark(L, 0, tf_meta);
		break;
	case SURVEY_SURVEYMONKEY:
		L->id_col = survey_header_named(&L->h, 0, "Respondent ID");
		L->ts_col = named_first(L, 0, ts_sm);
		mark(L, 0, sm_meta);
		break;
	case SURVEY_MS_FORMS:
		L->id_col = survey_header_named(&L->h, 0, "ID");
		L->ts_col = named_first(L, 0, ts_ms);
		mark(L, 0, ms_meta);
		break;
	case SURVEY_GOOGLE_FORMS:
		L->ts_col = 0;
		L->used[0] = L->h.ncols > 0;
		break;
	default:
		break;
	}
}

/* Resolve a configured column name to exactly one column. */
static int one_column(const char *name, struct survey_layout *L, const char *key, const char *pattern, int *col,
		      struct strbuf *err)
{
	int *cols = NULL;
	size_t n = 0;
	char *list, *a, *b;
	int ret = -1;

	if (survey_header_find(&L->h, pattern, NULL, &cols, &n, err)) {
		strbuf_addf(err, " (%s of '%s')", key, name);
		return -1;
	}
	if (n == 1) {
		*col = cols[0];
		ret = 0;
	} else if (!n) {
		list = survey_header_list(&L->h);
		strbuf_addf(err, "%s: %s '%s' matches no column; the header has %s", name, key, pattern, list);
		free(list);
	} else {
		a = survey_header_describe(&L->h, (size_t)cols[0]);
		b = survey_header_describe(&L->h, (size_t)cols[1]);
		strbuf_addf(err, "%s: %s '%s' matches %zu columns (%s, %s%s): make it more specific or use a /regex/",
			    name, key, pattern, n, a, b, n > 2 ? ", ..." : "");
		free(a);
		free(b);
	}
	free(cols);
	return ret;
}

static int refuse_personal(const char *name, struct survey_layout *L, const char *key, int col, struct strbuf *err)
{
	char *d;

	if (!L->personal[col])
		return 0;
	d = survey_header_describe(&L->h, (size_t)col);
	strbuf_addf(err, "%s: %s names %s, which holds personal data: names, e-mail and IP addresses are never stored",
		    name, key, d);
	free(d);
	return -1;
}

/* Columns whose header matches the regex GUESS and that are neither used nor personal. */
static void guess(struct survey_layout *L, const char *re, int **cols, size_t *n)
{
	unsigned char *skip = xcalloc(L->h.ncols ? L->h.ncols : 1, 1);
	struct strbuf ignore = STRBUF_INIT;
	char *pattern = xasprintf("/%s/", re);

	for (size_t i = 0; i < L->h.ncols; i++)
		skip[i] = L->used[i] || L->personal[i] || g_str_has_suffix(L->h.row[0][i], "_NPS_GROUP");
	survey_header_find(&L->h, pattern, skip, cols, n, &ignore);
	free(pattern);
	free(skip);
	strbuf_release(&ignore);
}

static int score_column(const char *name, const struct survey_opts *o, struct survey_layout *L, struct strbuf *err)
{
	int *cols = NULL;
	size_t n = 0;
	char *list;

	if (o->score_column)
		return one_column(name, L, "score_column", o->score_column, &L->score_col, err);
	/* Qualtrics' NPS question type adds a QIDn_NPS_GROUP column next to the score. */
	for (size_t i = 0; i < L->h.ncols; i++) {
		char *group = xasprintf("%s_NPS_GROUP", L->h.row[0][i]);
		int hit = *L->h.row[0][i] && survey_header_named(&L->h, 0, group) >= 0;

		free(group);
		if (hit) {
			L->score_col = (int)i;
			return 0;
		}
	}
	guess(L, SCORE_GUESS, &cols, &n);
	if (n == 1) {
		L->score_col = cols[0];
		free(cols);
		return 0;
	}
	list = survey_header_list(&L->h);
	if (!n)
		strbuf_addf(err, "%s: no column looks like the 0-10 score question ('How likely ... recommend'); set "
			    "score_column (header text or /regex/); the header has %s", name, list);
	else
		strbuf_addf(err, "%s: %zu columns look like the 0-10 score question: set score_column; the header has %s",
			    name, n, list);
	free(list);
	free(cols);
	return -1;
}

static int team_column(const char *name, const struct survey_opts *o, struct survey_layout *L, struct strbuf *err)
{
	static const char *const names[] = { "Team", "Squad", "팀", "소속팀", "소속 팀", "소속", NULL };

	L->team_col = -1;
	if (o->team_column)
		return one_column(name, L, "team_column", o->team_column, &L->team_col, err) ||
		       refuse_personal(name, L, "team_column", L->team_col, err);
	for (int i = 0; names[i] && L->team_col < 0; i++) {
		int c = survey_header_named(&L->h, L->h.match_rows - 1, names[i]);

		if (c < 0)
			c = survey_header_named(&L->h, 0, names[i]);
		if (c >= 0 && !L->used[c] && !L->personal[c])
			L->team_col = c;
	}
	return 0;
}

static int comment_columns(const char *name, const struct survey_opts *o, struct survey_layout *L, struct strbuf *err)
{
	if (!o->ncomment) {
		guess(L, COMMENT_GUESS, &L->comment_cols, &L->ncomment);
		L->nguessed = L->ncomment; /* words can mislead: survey_layout_keep_free_text() checks the answers */
		/* Qualtrics text entry answers: ImportId QID2_TEXT (or QID1-TEXT in 2016 exports). */
		for (size_t i = 0; L->h.import_id && i < L->h.ncols; i++) {
			const char *id = L->h.import_id[i];
			size_t k;

			if (!id || L->used[i] || L->personal[i] ||
			    !(g_str_has_suffix(id, "_TEXT") || g_str_has_suffix(id, "-TEXT")))
				continue;
			for (k = 0; k < L->ncomment && L->comment_cols[k] != (int)i; k++)
				;
			if (k == L->ncomment) {
				L->comment_cols = xrealloc(L->comment_cols, (L->ncomment + 1) * sizeof(int));
				L->comment_cols[L->ncomment++] = (int)i;
			}
		}
		return 0;
	}
	for (size_t k = 0; k < o->ncomment; k++) {
		int *cols = NULL;
		size_t n = 0;

		if (survey_header_find(&L->h, o->comment_columns[k], L->used, &cols, &n, err)) {
			strbuf_addf(err, " (comment_columns of '%s')", name);
			return -1;
		}
		if (!n) {
			char *list = survey_header_list(&L->h);

			strbuf_addf(err, "%s: comment_columns '%s' matches no column; the header has %s", name,
				    o->comment_columns[k], list);
			free(list);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			if (refuse_personal(name, L, "comment_columns", cols[i], err)) {
				free(cols);
				return -1;
			}
			L->comment_cols = xrealloc(L->comment_cols, (L->ncomment + 1) * sizeof(int));
			L->comment_cols[L->ncomment++] = cols[i];
			L->used[cols[i]] = 1;
		}
		free(cols);
	}
	return 0;
}

static int time_zone(const char *name, const struct survey_opts *o, struct survey_layout *L, struct strbuf *err)
{
	const char *zone = L->h.import_tz && L->ts_col >= 0 ? L->h.import_tz[L->ts_col] : NULL;

	if (zone && *zone) {
		L->tz = !strcmp(zone, "Z") || !g_ascii_strcasecmp(zone, "UTC") ? g_time_zone_new_utc()
										: time_zone_named(zone);
		if (!L->tz) {
			strbuf_addf(err, "%s:3: unknown time zone '%s' in the ImportId row", name, zone);
			return -1;
		}
		return 0;
	}
	if (L->ts_col >= 0 && strstr(L->h.row[0][L->ts_col], "(UTC)"))
		L->tz = g_time_zone_new_utc();
	else
		L->tz = g_time_zone_ref(o->tz);
	return 0;
}

void survey_layout_profile_row(struct survey_layout *L, const struct csv_record *rec)
{
	if (!L->profile)
		L->profile = xcalloc(L->nguessed ? L->nguessed : 1, sizeof(*L->profile));
	for (size_t i = 0; i < L->nguessed; i++) {
		struct survey_text_profile *p = &L->profile[i];
		const char *v = csv_cell(rec, L->comment_cols[i]);

		v += strspn(v, " \t\r\n");
		if (!*v)
			continue;
		p->nonempty++;
		p->bytes += strlen(v);
		if (!p->distinct)
			p->distinct = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
		if (g_hash_table_size(p->distinct) < PROFILE_DISTINCT_MAX)
			g_hash_table_add(p->distinct, xstrdup(v));
	}
}

/* A choice question: enough answers to judge, most of them repeats of a few short options. */
static int looks_like_choice(const struct survey_text_profile *p)
{
	size_t distinct = p->distinct ? g_hash_table_size(p->distinct) : 0;

	return p->nonempty >= 4 && distinct * 2 <= p->nonempty && p->bytes < 40 * p->nonempty;
}

static char *describe_columns(struct survey_layout *L);

void survey_layout_keep_free_text(struct survey_layout *L, char **desc)
{
	size_t kept = 0;

	for (size_t i = 0; i < L->ncomment; i++)
		if (i >= L->nguessed || !L->profile || !looks_like_choice(&L->profile[i]))
			L->comment_cols[kept++] = L->comment_cols[i];
	if (kept == L->ncomment)
		return;
	L->ncomment = kept;
	free(*desc);
	*desc = describe_columns(L);
}

static char *describe_columns(struct survey_layout *L)
{
	struct strbuf sb = STRBUF_INIT;
	char *d;

	d = survey_header_describe(&L->h, (size_t)L->score_col);
	strbuf_addf(&sb, "%s; score: %s", survey_format_name(L->format), d);
	free(d);
	d = survey_header_describe(&L->h, (size_t)L->ts_col);
	strbuf_addf(&sb, "; time: %s", d);
	free(d);
	if (L->team_col >= 0) {
		d = survey_header_describe(&L->h, (size_t)L->team_col);
		strbuf_addf(&sb, "; team: %s", d);
		free(d);
	}
	for (size_t i = 0; i < L->ncomment; i++) {
		d = survey_header_describe(&L->h, (size_t)L->comment_cols[i]);
		strbuf_addf(&sb, "%s%s", i ? ", " : "; comments: ", d);
		free(d);
	}
	return strbuf_detach(&sb, NULL);
}

int survey_layout_columns(const char *name, const struct survey_opts *o, struct survey_layout *L, char **desc,
			  struct strbuf *err)
{
	tool_columns(L);
	if (o->timestamp_column) {
		if (one_column(name, L, "timestamp_column", o->timestamp_column, &L->ts_col, err))
			return -1;
		L->used[L->ts_col] = 1;
	}
	if (o->id_column) {
		if (one_column(name, L, "id_column", o->id_column, &L->id_col, err))
			return -1;
		L->used[L->id_col] = 1;
	}
	if (L->ts_col < 0) {
		char *list = survey_header_list(&L->h);

		if (L->format == SURVEY_GENERIC)
			strbuf_addf(err, "%s: set timestamp_column for a generic CSV; the header has %s", name, list);
		else
			strbuf_addf(err, "%s: no submission time column for a %s export (is the format right?); set "
				    "timestamp_column; the header has %s", name, survey_format_name(L->format), list);
		free(list);
		return -1;
	}
	if (score_column(name, o, L, err))
		return -1;
	L->used[L->score_col] = 1;
	if (team_column(name, o, L, err))
		return -1;
	if (L->team_col >= 0)
		L->used[L->team_col] = 1;
	if (comment_columns(name, o, L, err) || time_zone(name, o, L, err))
		return -1;
	*desc = describe_columns(L);
	return 0;
}
