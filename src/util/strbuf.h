/* Growable NUL-terminated byte buffer with an optional maximum size. */
#ifndef IDPM_STRBUF_H
#define IDPM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;    /* always NUL-terminated; never NULL (points at a shared "" when empty) */
	size_t len;   /* bytes used, excluding the NUL */
	size_t alloc; /* bytes allocated; 0 while buf is the shared empty string */
	size_t max;   /* appends that would exceed this many bytes fail; 0 = unlimited */
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0, 0 }

/* Initialise SB (no allocation) with a maximum size (0 = unlimited). */
void strbuf_init(struct strbuf *sb, size_t max);
/* Free the contents and re-initialise; SB keeps its maximum. */
void strbuf_release(struct strbuf *sb);
/* Empty SB without freeing. */
void strbuf_reset(struct strbuf *sb);
/* Hand the buffer to the caller (who frees it) and re-initialise SB. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

/* Appends: return 0, or -1 (nothing appended) when the maximum would be exceeded. */
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Shorten SB to LEN bytes (no-op when already shorter). */
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Remove trailing whitespace. */
void strbuf_rtrim(struct strbuf *sb);

#endif
