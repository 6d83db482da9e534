/* The Backstage catalog snapshot in the database: replaced as a whole, never merged. */
#ifndef IDPM_STORE_CATALOG_H
#define IDPM_STORE_CATALOG_H

#include <stdint.h>

#include "model/catalog.h"
#include "store/db.h"

/*
 * Replace the stored catalog by SET (resolved with catalog_set_resolve()):
 * delete every group, component and template, insert SET's, and record the
 * number of users and the snapshot time NOW in source_state ('catalog',
 * 'users' and 'snapshot_at').  The caller holds the transaction, so the old
 * snapshot stays whole when anything fails.  Adds the rows written to *ROWS
 * (may be NULL).  Returns 0, or -1 with ERR.
 */
int store_catalog_replace(struct db *db, const struct catalog_set *set, int64_t now, int64_t *rows,
			  struct strbuf *err);

/* Components and groups in the stored snapshot.  0, or -1 with ERR. */
int store_catalog_counts(struct db *db, int64_t *components, int64_t *groups, struct strbuf *err);

#endif
