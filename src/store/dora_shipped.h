/* The derived DORA rows: each commit's first shipping and each repository's first deployment, packed and written. */
#ifndef IDPM_STORE_DORA_SHIPPED_H
#define IDPM_STORE_DORA_SHIPPED_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/strbuf.h"

/* One commit's first shipping (authored, pr_opened: TIME_NONE when unknown, none). */
struct dora_shipped_row {
	int64_t shipped, authored, pr_opened;
};

/* Bytes per commit in dora_shipped.starts. */
#define DORA_STARTS_BYTES 16

/*
 * The commit I of a dora_shipped.starts value BLOB (its length divided by
 * DORA_STARTS_BYTES is the count): *AUTHORED and *PR_OPENED (TIME_NONE when
 * unknown, none).  Pure.
 */
void dora_starts_get(const unsigned char *blob, size_t i, int64_t *authored, int64_t *pr_opened);

/*
 * Replace what is derived of repository REPO (any spelling): SPELLING and
 * FIRST_ANY (its first production deployment; when SPELLING is NULL it has
 * none and is forgotten) and its N first-shipped commits V (sorted here),
 * stored one row per shipping time; then REPO is no longer stale.  Only the
 * difference from the stored rows is written (a night adds a few commits to
 * a long history).  Call inside a transaction.  0, or -1 with ERR.
 */
int store_dora_shipped_replace(struct db *db, const char *repo, const char *spelling, int64_t first_any,
			       struct dora_shipped_row *v, size_t n, struct strbuf *err);

#endif
