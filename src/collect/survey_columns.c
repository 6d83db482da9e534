/* Survey export headers: the header rows of one file and how a configured column name finds its column. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "collect/survey_columns.h"
#include "util/xalloc.h"

/* Headers of columns that hold who answered; never stored, never matched by auto-detection. */
static const char *const personal[] = {
	"email", "email address", "e-mail", "e-mail address", "emailaddress", "recipientemail", "respondentemail",
	"이메일", "이메일 주소", "메일", "name", "full name", "first name", "last name", "recipientfirstname",
	"recipientlastname", "respondent name", "이름", "성명", "ip address", "ipaddress", "ip", "locationlatitude",
	"locationlongitude", "location latitude", "location longitude", "network id", "phone", "전화번호",
	"first_name", "last_name", "full_name", "email_address", "phone_number", "user name", "username",
	NULL
};

void survey_header_release(struct survey_header *h)
{
	for (int k = 0; k < SURVEY_HEADER_ROWS; k++) {
		for (size_t i = 0; h->row[k] && i < h->ncols; i++)
			free(h->row[k][i]);
		free(h->row[k]);
	}
	for (size_t i = 0; h->import_id && i < h->ncols; i++) {
		free(h->import_id[i]);
		free(h->import_tz[i]);
	}
	free(h->import_id);
	free(h->import_tz);
	memset(h, 0, sizeof(*h));
}

char *survey_fold(const char *s)
{
	char *n = g_utf8_normalize(s ? s : "", -1, G_NORMALIZE_NFKC);
	char *f = g_utf8_casefold(n ? n : "", -1);
	char *w = f, *r = f;
	int space = 1;

	for (; *r; r++) {
		if (g_ascii_isspace(*r)) {
			if (!space)
				*w++ = ' ';
			space = 1;
			continue;
		}
		*w++ = *r;
		space = 0;
	}
	while (w > f && w[-1] == ' ')
		w--;
	*w = '\0';
	g_free(n);
	return f;
}

static char *capture(GRegex *re, const char *s)
{
	GMatchInfo *mi = NULL;
	char *v = NULL, *out = NULL;

	if (g_regex_match(re, s, 0, &mi))
		v = g_match_info_fetch(mi, 1);
	g_match_info_free(mi);
	if (v)
		out = xstrdup(v);
	g_free(v);
	return out;
}

void survey_header_import_ids(struct survey_header *h)
{
	GRegex *id_re, *tz_re;

	if (h->nrows < 3 || !h->row[2] || h->import_id)
		return;
	/* {"ImportId":"QID1","timeZone":"America/Denver"} or the 2016 form {'ImportId': 'QID1'} */
	id_re = g_regex_new("[\"']ImportId[\"']\\s*:\\s*[\"']([^\"']*)[\"']", 0, 0, NULL);
	tz_re = g_regex_new("[\"']timeZone[\"']\\s*:\\s*[\"']([^\"']*)[\"']", 0, 0, NULL);
	h->import_id = xcalloc(h->ncols ? h->ncols : 1, sizeof(char *));
	h->import_tz = xcalloc(h->ncols ? h->ncols : 1, sizeof(char *));
	for (size_t i = 0; i < h->ncols; i++) {
		h->import_id[i] = capture(id_re, h->row[2][i]);
		h->import_tz[i] = capture(tz_re, h->row[2][i]);
	}
	g_regex_unref(id_re);
	g_regex_unref(tz_re);
}

int survey_header_named(const struct survey_header *h, int row, const char *name)
{
	if (row >= h->nrows || !h->row[row])
		return -1;
	for (size_t i = 0; i < h->ncols; i++) {
		const char *c = h->row[row][i];
		size_t n = strlen(name);

		while (*c == ' ')
			c++;
		if (!g_ascii_strncasecmp(c, name, n) && !c[n + strspn(c + n, " ")])
			return (int)i;
	}
	return -1;
}

int survey_header_is_personal(const struct survey_header *h, size_t col)
{
	int hit = 0;

	for (int k = 0; k < h->match_rows && !hit; k++) {
		char *f = survey_fold(h->row[k][col]);

		for (int i = 0; personal[i] && !hit; i++)
			hit = !strcmp(f, personal[i]);
		/* "Email Address", "Recipient Email", "Work e-mail", "이메일 주소": short headers naming an address */
		if (!hit && strlen(f) <= 32 && (strstr(f, "e-mail") || strstr(f, "email") || strstr(f, "이메일")))
			hit = 1;
		g_free(f);
	}
	return hit;
}

static char *shorten(const char *s, long max_chars)
{
	char *f = g_strdup(s ? s : ""), *out;
	long len;

	for (char *p = f; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	g_strstrip(f);
	len = g_utf8_strlen(f, -1);
	if (len > max_chars) {
		char *cut = g_utf8_offset_to_pointer(f, max_chars - 1);

		out = xasprintf("%.*s…", (int)(cut - f), f);
	} else {
		out = xstrdup(f);
	}
	g_free(f);
	return out;
}

char *survey_header_describe(const struct survey_header *h, size_t col)
{
	const char *text = h->row[0][col];
	char *s, *d;

	/* The label row says more than an export tag such as Q5 or V7. */
	if (h->match_rows > 1 && h->row[1] && *h->row[1][col] && strlen(text) < 8)
		text = h->row[1][col];
	s = shorten(text, 48);
	d = xasprintf("column %zu '%s'", col + 1, s);
	free(s);
	return d;
}

char *survey_header_list(const struct survey_header *h)
{
	struct strbuf sb = STRBUF_INIT;
	size_t shown = h->ncols < 12 ? h->ncols : 12;

	for (size_t i = 0; i < shown; i++) {
		char *s = shorten(h->row[0][i], 32);

		strbuf_addf(&sb, "%s'%s'", i ? ", " : "", s);
		free(s);
	}
	if (shown < h->ncols)
		strbuf_addf(&sb, ", ... (%zu columns)", h->ncols);
	return strbuf_detach(&sb, NULL);
}

static void push(int **cols, size_t *n, int c)
{
	for (size_t i = 0; i < *n; i++)
		if ((*cols)[i] == c)
			return;
	*cols = xrealloc(*cols, (*n + 1) * sizeof(**cols));
	(*cols)[(*n)++] = c;
}

int survey_header_find(const struct survey_header *h, const char *pattern, const unsigned char *skip, int **cols,
		       size_t *n, struct strbuf *err)
{
	size_t plen = strlen(pattern);
	int *exact = NULL, *partial = NULL;
	size_t nexact = 0, npartial = 0;
	GRegex *re = NULL;
	char *want = NULL;

	*cols = NULL;
	*n = 0;
	if (plen >= 2 && pattern[0] == '/' && pattern[plen - 1] == '/') {
		char *inner = xstrndup(pattern + 1, plen - 2);
		GError *gerr = NULL;

		re = g_regex_new(inner, G_REGEX_CASELESS, 0, &gerr);
		free(inner);
		if (!re) {
			strbuf_addf(err, "'%s' is not a valid regular expression: %s", pattern, gerr->message);
			g_error_free(gerr);
			return -1;
		}
	} else {
		want = survey_fold(pattern);
	}
	for (size_t i = 0; i < h->ncols; i++) {
		if (skip && skip[i])
			continue;
		for (int k = 0; k <= h->match_rows; k++) {
			const char *text = k < h->match_rows ? h->row[k][i] : h->import_id ? h->import_id[i] : NULL;
			char *f;

			if (!text || !*text)
				continue;
			if (re) {
				if (g_regex_match(re, text, 0, NULL))
					push(&partial, &npartial, (int)i);
				continue;
			}
			f = survey_fold(text);
			if (!strcmp(f, want))
				push(&exact, &nexact, (int)i);
			else if (*want && strstr(f, want))
				push(&partial, &npartial, (int)i);
			g_free(f);
		}
	}
	if (nexact) {
		*cols = exact;
		*n = nexact;
		free(partial);
	} else {
		*cols = partial;
		*n = npartial;
		free(exact);
	}
	if (re)
		g_regex_unref(re);
	g_free(want);
	return 0;
}
