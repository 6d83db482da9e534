/* Complaint themes: which configured themes a free-text comment mentions, in any language (pure). */
#ifndef IDPM_THEMES_H
#define IDPM_THEMES_H

#include <stddef.h>

#include "util/config.h"

struct themes_kw {
	char *text;        /* keyword, NFKC-normalised and case-folded */
	int anywhere;      /* Hangul, Han or kana keyword: matches inside words too */
};

struct themes_entry {
	const char *name;  /* borrowed from the configuration */
	struct themes_kw *kw;
	size_t nkw;
};

struct themes {
	struct themes_entry *v;
	size_t n;
};

/* Prepare the N configured THEMES (borrowed; must outlive T). */
void themes_init(struct themes *t, const struct theme *themes, size_t n);
void themes_release(struct themes *t);

/*
 * Set HITS[i] (T->n entries) to 1 when TEXT mentions theme i, else 0.  Text and
 * keywords are compared after NFKC normalisation and Unicode case folding.  A
 * keyword matches at the start of a word and may run on ("build" matches
 * "builds" and "building"; "ci" does not match "decision"); a keyword in
 * Hangul, Han or kana matches anywhere, since Korean attaches particles
 * ("빌드가") and forms compounds ("배포환경").  Returns the number of themes hit.
 */
size_t themes_match(const struct themes *t, const char *text, unsigned char *hits);

#endif
