/* Safe text for HTML and XML: escaping, invalid UTF-8 repaired, control, bidi and non-characters removed. */
#ifndef IDPM_ESCAPE_H
#define IDPM_ESCAPE_H

#include <stdio.h>

/* Write S escaped for HTML element content or a quoted attribute (& < > " '). NULL writes nothing. */
void html_text(FILE *fp, const char *s);
/* The same into a new string; the caller frees it. */
char *html_escape(const char *s);
/*
 * Clean S: valid UTF-8, no C0 or C1 controls except tab and newline, no bidi overrides, no non-characters
 * (U+FFFE, U+FFFF and the like, which XML forbids); the caller frees it.
 */
char *text_clean(const char *s);
/* 1 when S is printable ASCII (tab and newline allowed): text_clean() would return it unchanged. */
int text_is_clean_ascii(const char *s);

#endif
