/* Writing the derived DORA rows (dora_shipped, dora_ship_repos) of one repository and marking it up to date. */
#include <stdlib.h>
#include <string.h>

#include "store/dora_shipped.h"
#include "store/row.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Rows in the index's order: shipping, author date, opening (TIME_NONE, SQL's NULL, first). */
static int cmp_row(const struct dora_shipped_row *x, const struct dora_shipped_row *y)
{
	if (x->shipped != y->shipped)
		return x->shipped < y->shipped ? -1 : 1;
	if (x->authored != y->authored)
		return x->authored < y->authored ? -1 : 1;
	if (x->pr_opened != y->pr_opened)
		return x->pr_opened < y->pr_opened ? -1 : 1;
	return 0;
}

static int cmp_rows(const void *a, const void *b)
{
	return cmp_row(a, b);
}

/* Keep REPO's spelling and first deployment (SPELLING NULL: none), writing only when they changed. */
static int put_repo(struct db *db, const char *repo, const char *spelling, int64_t first_any, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_ship_repo_of", err);
	int rc, same = 0;

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	if ((rc = db_step(db, st, err)) < 0)
		return -1;
	if (rc > 0)
		same = spelling && !strcmp(db_col_text(st, row_col(st, "repo")), spelling) &&
		       db_col_int(st, row_col(st, "first_any"), 0) == first_any;
	sqlite3_reset(st);
	if (same || (!rc && !spelling))
		return 0;
	if (!(st = db_stmt(db, "store/dora_ship_repo_clear", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	if (db_exec(db, st, err))
		return -1;
	if (!spelling)
		return 0;
	if (!(st = db_stmt(db, "store/dora_ship_repo_put", err)))
		return -1;
	db_bind_text(st, ":repo", spelling);
	db_bind_int(st, ":first_any", first_any);
	return db_exec(db, st, err);
}

/* Delete the N stored rows IDS, then insert the N_NEW rows V of REPO: the difference found by the walk. */
static int put_rows(struct db *db, const char *repo, const int64_t *ids, size_t n, const struct dora_shipped_row *v,
		    size_t n_new, struct strbuf *err)
{
	sqlite3_stmt *st = n ? db_stmt(db, "store/dora_shipped_delete", err) : NULL;

	if (n && !st)
		return -1;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		db_bind_int(st, ":id", ids[i]);
		if (db_exec(db, st, err))
			return -1;
	}
	if (n_new && !(st = db_stmt(db, "store/dora_shipped_put", err)))
		return -1;
	for (size_t i = 0; i < n_new; i++) {
		sqlite3_reset(st);
		db_bind_text(st, ":repo", repo);
		db_bind_int(st, ":shipped_at", v[i].shipped);
		db_bind_time(st, ":authored_at", v[i].authored);
		db_bind_time(st, ":pr_opened", v[i].pr_opened);
		if (db_exec(db, st, err))
			return -1;
	}
	return 0;
}

int store_dora_shipped_replace(struct db *db, const char *repo, const char *spelling, int64_t first_any,
			       struct dora_shipped_row *v, size_t n, struct strbuf *err)
{
	struct dora_shipped_row old, *added = NULL;
	int64_t *gone = NULL;
	size_t i = 0, ngone = 0, gone_alloc = 0, nadded = 0, added_alloc = 0;
	sqlite3_stmt *st;
	int c[4], rc, ret = -1;

	if (put_repo(db, repo, spelling, first_any, err))
		return -1;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_rows);
	/* the stored rows and V, both in the index's order, walked side by side; the differences are written
	 * after the walk (the statement reading the stored rows is still running during it) */
	if (!(st = db_stmt(db, "store/dora_shipped_of", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	c[0] = row_col(st, "id");
	c[1] = row_col(st, "shipped_at");
	c[2] = row_col(st, "authored_at");
	c[3] = row_col(st, "pr_opened");
	while ((rc = db_step(db, st, err)) > 0) {
		int d = 1;

		old.shipped = db_col_int(st, c[1], 0);
		old.authored = db_col_time(st, c[2]);
		old.pr_opened = db_col_time(st, c[3]);
		while (i < n && (d = cmp_row(&v[i], &old)) < 0) {
			XGROW(added, added_alloc, nadded + 1);
			added[nadded++] = v[i++];
		}
		if (i < n && !d) {
			i++;
			continue;
		}
		XGROW(gone, gone_alloc, ngone + 1);
		gone[ngone++] = db_col_int(st, c[0], 0);
	}
	sqlite3_reset(st);
	if (rc < 0)
		goto out;
	for (; i < n; i++) {
		XGROW(added, added_alloc, nadded + 1);
		added[nadded++] = v[i];
	}
	if (put_rows(db, spelling ? spelling : repo, gone, ngone, added, nadded, err) ||
	    !(st = db_stmt(db, "store/dora_stale_done", err)))
		goto out;
	db_bind_text(st, ":repo", repo);
	ret = db_exec(db, st, err);
out:
	free(gone);
	free(added);
	return ret;
}
