/* Complaint themes: which configured themes a free-text comment mentions, in any language (pure). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "compute/themes.h"
#include "util/xalloc.h"

static int cjk(gunichar c)
{
	GUnicodeScript s = g_unichar_get_script(c);

	return s == G_UNICODE_SCRIPT_HANGUL || s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA ||
	       s == G_UNICODE_SCRIPT_KATAKANA;
}

/* A character that continues a word for the boundary rule (CJK text does not). */
static int wordish(gunichar c)
{
	return g_unichar_isalnum(c) && !cjk(c);
}

static int ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* S NFKC-normalised and case-folded (free it). */
static char *fold(const char *s)
{
	char *n, *f, *out;

	s = s ? s : "";
	/*
	 * ASCII text is its own NFKC form and folds to its lower case: g_ascii_tolower() gives what
	 * g_utf8_normalize() and g_utf8_casefold() would, without decoding every comment twice.
	 */
	if (ascii(s)) {
		out = xstrdup(s);
		for (char *c = out; *c; c++)
			*c = g_ascii_tolower(*c);
		return out;
	}
	n = g_utf8_normalize(s, -1, G_NORMALIZE_NFKC);
	f = g_utf8_casefold(n ? n : "", -1);
	out = xstrdup(f);
	g_free(n);
	g_free(f);
	return out;
}

void themes_init(struct themes *t, const struct theme *themes, size_t n)
{
	memset(t, 0, sizeof(*t));
	t->v = xcalloc(n ? n : 1, sizeof(*t->v));
	t->n = n;
	for (size_t i = 0; i < n; i++) {
		struct themes_entry *e = &t->v[i];

		e->name = themes[i].name;
		e->kw = xcalloc(themes[i].keywords.n ? themes[i].keywords.n : 1, sizeof(*e->kw));
		for (size_t k = 0; k < themes[i].keywords.n; k++) {
			char *f = fold(themes[i].keywords.v[k]);

			g_strstrip(f);
			if (!*f) {
				free(f);
				continue;
			}
			e->kw[e->nkw].text = f;
			e->kw[e->nkw].anywhere = cjk(g_utf8_get_char(f));
			e->nkw++;
		}
	}
}

void themes_release(struct themes *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->v[i].nkw; k++)
			free(t->v[i].kw[k].text);
		free(t->v[i].kw);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int mentions(const char *text, const struct themes_kw *kw)
{
	int needs_start = !kw->anywhere && wordish(g_utf8_get_char(kw->text));

	for (const char *p = strstr(text, kw->text); p; p = strstr(p + 1, kw->text)) {
		if (!needs_start || p == text)
			return 1;
		if (!wordish(g_utf8_get_char(g_utf8_find_prev_char(text, p))))
			return 1;
	}
	return 0;
}

size_t themes_match(const struct themes *t, const char *text, unsigned char *hits)
{
	char *f = fold(text);
	size_t hit = 0;

	for (size_t i = 0; i < t->n; i++) {
		hits[i] = 0;
		for (size_t k = 0; k < t->v[i].nkw && !hits[i]; k++)
			hits[i] = (unsigned char)mentions(f, &t->v[i].kw[k]);
		hit += hits[i];
	}
	free(f);
	return hit;
}
