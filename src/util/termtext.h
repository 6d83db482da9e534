/* Text from outside shown on a terminal: control, escape and bidi characters made visible. */
#ifndef IDPM_TERMTEXT_H
#define IDPM_TERMTEXT_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Append S (LEN bytes, any bytes) to SB so that a terminal shows it literally: C0 controls
 * (newline and tab included), DEL, ESC and the C1 controls become "\xNN" / "\u0085", the bidi
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the marks U+200E, U+200F,
 * U+061C, the line and paragraph separators U+2028/U+2029 and the non-characters U+FFFE/U+FFFF
 * become "\uXXXX", and each byte that is not valid UTF-8 becomes "\xNN".  Printable UTF-8 is
 * kept as it is.  Use it for every piece of text read from a server, a catalog, a survey file or
 * the database that a command prints.
 */
void termtext_add(struct strbuf *sb, const char *s, size_t len);
/* termtext_add() of a NUL-terminated S (NULL gives "") into a new string the caller frees. */
char *termtext_clean(const char *s);
/*
 * For printf arguments: termtext_add() of S (NULL gives NULL) into one of 16 buffers used in
 * turn, valid until 16 further calls.  Single-threaded printing code only (cli/).
 */
const char *termtext_show(const char *s);
/* Free the buffers termtext_show() keeps (at exit; harmless to call twice). */
void termtext_release(void);

#endif
