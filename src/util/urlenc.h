/* Percent-encoding of data (repository names, keys) placed in a URL's path or query. */
#ifndef IDPM_URLENC_H
#define IDPM_URLENC_H

#include "util/strbuf.h"

/*
 * Append S to SB as one URL path segment or query value: every byte but the unreserved
 * A-Z a-z 0-9 - . _ ~ becomes %XX (so '/', '?', '#', '%', spaces and controls cannot change the
 * URL's shape), and a segment made only of dots ("." or "..") is encoded whole, so that no
 * client or server reads it as a step up the path.
 */
void urlenc_add(struct strbuf *sb, const char *s);
/* urlenc_add() into a new string the caller frees. */
char *urlenc_segment(const char *s);

#endif
