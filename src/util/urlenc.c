/* Percent-encoding of data (repository names, keys) placed in a URL's path or query. */
#include <string.h>

#include "util/urlenc.h"

void urlenc_add(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int all_dots = s[0] && strspn(s, ".") == strlen(s);

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned c = *p;

		if (((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		     c == '_' || c == '~' || c == '.') && !all_dots) {
			strbuf_addch(sb, (int)c);
		} else {
			strbuf_addch(sb, '%');
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
		}
	}
}

char *urlenc_segment(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	urlenc_add(&sb, s);
	return strbuf_detach(&sb, NULL);
}
