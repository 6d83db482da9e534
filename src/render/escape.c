/* Safe text for HTML and XML: escaping, invalid UTF-8 repaired, control, bidi and non-characters removed. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "render/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int unsafe(gunichar c)
{
	if (c < 0x20 && c != '\t' && c != '\n')
		return 1;
	if (c == 0x7f || (c >= 0x80 && c < 0xa0))
		return 1;
	/* bidi embeddings, overrides and isolates */
	if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f)
		return 1;
	/* non-characters: U+FFFE/U+FFFF are forbidden in XML (a workbook with one is refused), the rest are discouraged */
	if ((c & 0xfffe) == 0xfffe || (c >= 0xfdd0 && c <= 0xfdef))
		return 1;
	return 0;
}

int text_is_clean_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x7f || ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n'))
			return 0;
	return 1;
}

char *text_clean(const char *s)
{
	gchar *valid;
	struct strbuf out = STRBUF_INIT;

	if (!s || text_is_clean_ascii(s))
		return xstrdup(s ? s : "");
	valid = g_utf8_make_valid(s, -1);

	for (const gchar *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (!unsafe(c))
			strbuf_add(&out, p, (size_t)(g_utf8_next_char(p) - p));
	}
	g_free(valid);
	return strbuf_detach(&out, NULL);
}

char *html_escape(const char *s)
{
	char *clean = text_clean(s);
	struct strbuf out = STRBUF_INIT;

	for (const char *p = clean; *p; p++) {
		switch (*p) {
		case '&': strbuf_addstr(&out, "&amp;"); break;
		case '<': strbuf_addstr(&out, "&lt;"); break;
		case '>': strbuf_addstr(&out, "&gt;"); break;
		case '"': strbuf_addstr(&out, "&quot;"); break;
		case '\'': strbuf_addstr(&out, "&#x27;"); break;
		default: strbuf_addch(&out, *p);
		}
	}
	free(clean);
	return strbuf_detach(&out, NULL);
}

void html_text(FILE *fp, const char *s)
{
	char *e;

	if (!s)
		return;
	e = html_escape(s);
	fputs(e, fp);
	free(e);
}
