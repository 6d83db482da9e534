/* What the DORA module looks up per commit, loaded once per compute run: repeated commits, pull-request openings. */
#ifndef IDPM_DORA_COMMITS_H
#define IDPM_DORA_COMMITS_H

#include <stdint.h>

#include "store/db.h"
#include "util/strbuf.h"

struct dora_commits;

/*
 * Read, in two passes over indexes, the commits listed as a change of more
 * than one deployment and the earliest opening of the pull requests each
 * commit is the merge commit of.  Returns a new set (free it with
 * dora_commits_free()), or NULL with ERR.
 */
struct dora_commits *dora_commits_load(struct db *db, struct strbuf *err);
void dora_commits_free(void *set);

/* 1 when commit SHA of REPO (compared case-insensitively, as the schema does) is a change of several deployments. */
int dora_commits_repeated(const struct dora_commits *c, const char *repo, const char *sha);
/* Number of repeated commits. */
unsigned dora_commits_nrepeated(const struct dora_commits *c);
/* The earliest opening of a pull request merged as SHA in REPO, or TIME_NONE. */
int64_t dora_commits_pr_opened(const struct dora_commits *c, const char *repo, const char *sha);

#endif
