/* Text from outside shown on a terminal: control, escape and bidi characters made visible. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/termtext.h"

/* Length of the valid UTF-8 sequence at S (at most N bytes) and its code point, or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, c = s[0] & 0x1fu, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0fu, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, c = s[0] & 0x07u, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3fu);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static int unsafe(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c || c == 0x2028 ||
	       c == 0x2029 || c == 0xfffe || c == 0xffff;
}

void termtext_add(struct strbuf *sb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		uint32_t c = 0;
		size_t n = utf8_decode(p, (size_t)(end - p), &c);

		if (!n) {
			strbuf_addf(sb, "\\x%02x", *p);
			p++;
		} else if (unsafe(c)) {
			if (c < 0x80)
				strbuf_addf(sb, "\\x%02x", (unsigned)c);
			else
				strbuf_addf(sb, "\\u%04x", (unsigned)c);
			p += n;
		} else {
			strbuf_add(sb, p, n);
			p += n;
		}
	}
}

char *termtext_clean(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (!s)
		s = "";
	termtext_add(&sb, s, strlen(s));
	return strbuf_detach(&sb, NULL);
}

#define RING 16
static struct strbuf ring[RING] = {
	STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
	STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
};
static unsigned ring_next;

const char *termtext_show(const char *s)
{
	struct strbuf *sb = &ring[ring_next++ % RING];

	if (!s)
		return NULL;
	strbuf_reset(sb);
	termtext_add(sb, s, strlen(s));
	return sb->buf;
}

void termtext_release(void)
{
	for (size_t i = 0; i < RING; i++)
		strbuf_release(&ring[i]);
}
