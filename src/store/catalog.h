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

/* A group of the stored snapshot, for the team overview; strings owned, NULL when absent. */
struct catalog_group_info {
	char *ns, *name, *title, *type;
	int64_t members, members_total;
};

/* The stored groups by ref; *OUT freed with store_catalog_groups_free().  0, or -1 with ERR. */
int store_catalog_groups(struct db *db, struct catalog_group_info **out, size_t *n, struct strbuf *err);
void store_catalog_groups_free(struct catalog_group_info *v, size_t n);

/* A repository GitHub lists or a catalog component names (one row each: the same name may come twice). */
struct known_repo {
	char *repo;
	int in_github;      /* 1: GitHub's listing; 0: a catalog component's */
	int archived;       /* GitHub's flag (0 for a catalog row) */
};

/*
 * Every repository known: GitHub's current listing and the catalog's, sorted
 * by name without regard to case, GitHub's row first; *OUT freed with
 * store_known_repos_free().  0, or -1 with ERR.
 */
int store_known_repos(struct db *db, struct known_repo **out, size_t *n, struct strbuf *err);
void store_known_repos_free(struct known_repo *v, size_t n);

/* Components and groups in the stored snapshot.  0, or -1 with ERR. */
int store_catalog_counts(struct db *db, int64_t *components, int64_t *groups, struct strbuf *err);

#endif
