/* Writing the derived DORA rows (dora_shipped, dora_ship_repos) of one repository, packed, and marking it up to date. */
#include <stdlib.h>
#include <string.h>

#include "store/dora_shipped.h"
#include "store/row.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Rows in the index's order: shipping, author date, opening (TIME_NONE, SQL's NULL, first). */
static int cmp_rows(const void *a, const void *b)
{
	const struct dora_shipped_row *x = a, *y = b;

	if (x->shipped != y->shipped)
		return x->shipped < y->shipped ? -1 : 1;
	if (x->authored != y->authored)
		return x->authored < y->authored ? -1 : 1;
	if (x->pr_opened != y->pr_opened)
		return x->pr_opened < y->pr_opened ? -1 : 1;
	return 0;
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

static void put64(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;

	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(u >> (8 * i));
}

static int64_t get64(const unsigned char *p)
{
	uint64_t u = 0;

	for (int i = 7; i >= 0; i--)
		u = u << 8 | p[i];
	return (int64_t)u;
}

void dora_starts_get(const unsigned char *blob, size_t i, int64_t *authored, int64_t *pr_opened)
{
	*authored = get64(blob + i * DORA_STARTS_BYTES);
	*pr_opened = get64(blob + i * DORA_STARTS_BYTES + 8);
}

/* One stored or derived row: the commits of one shipping time, packed. */
struct group {
	int64_t id, shipped;      /* id: rowid of a stored row */
	size_t off, len;          /* in the bytes */
};

/* The N rows V (sorted) as groups of one shipping time each, their starts packed into *BYTES. */
static size_t pack(const struct dora_shipped_row *v, size_t n, struct group **out, unsigned char **bytes)
{
	size_t ng = 0, alloc = 0;

	*out = NULL;
	*bytes = xmalloc((n ? n : 1) * DORA_STARTS_BYTES);
	for (size_t i = 0; i < n; i++) {
		if (!ng || (*out)[ng - 1].shipped != v[i].shipped) {
			XGROW(*out, alloc, ng + 1);
			(*out)[ng].id = 0;
			(*out)[ng].shipped = v[i].shipped;
			(*out)[ng].off = i * DORA_STARTS_BYTES;
			(*out)[ng++].len = 0;
		}
		put64(*bytes + i * DORA_STARTS_BYTES, v[i].authored);
		put64(*bytes + i * DORA_STARTS_BYTES + 8, v[i].pr_opened);
		(*out)[ng - 1].len += DORA_STARTS_BYTES;
	}
	return ng;
}

/* Delete the N stored rows IDS, then insert the N_NEW groups V (starts in BYTES) of REPO. */
static int put_rows(struct db *db, const char *repo, const int64_t *ids, size_t n, const struct group *v,
		    size_t n_new, const unsigned char *bytes, struct strbuf *err)
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
		db_bind_blob(st, ":starts", bytes + v[i].off, v[i].len);
		if (db_exec(db, st, err))
			return -1;
	}
	return 0;
}

int store_dora_shipped_replace(struct db *db, const char *repo, const char *spelling, int64_t first_any,
			       struct dora_shipped_row *v, size_t n, struct strbuf *err)
{
	struct group *groups = NULL, *added = NULL;
	unsigned char *bytes = NULL;
	int64_t *gone = NULL;
	size_t ng, i = 0, ngone = 0, gone_alloc = 0, nadded = 0, added_alloc = 0;
	sqlite3_stmt *st;
	int c[3], rc, ret = -1;

	if (put_repo(db, repo, spelling, first_any, err))
		return -1;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_rows);
	ng = pack(v, n, &groups, &bytes);
	/* the stored rows and the groups, both by shipping time, walked side by side; the differences are
	 * written after the walk (the statement reading the stored rows is still running during it) */
	if (!(st = db_stmt(db, "store/dora_shipped_of", err)))
		goto out;
	db_bind_text(st, ":repo", repo);
	c[0] = row_col(st, "id");
	c[1] = row_col(st, "shipped_at");
	c[2] = row_col(st, "starts");
	while ((rc = db_step(db, st, err)) > 0) {
		int64_t shipped = db_col_int(st, c[1], 0);
		const void *blob = sqlite3_column_blob(st, c[2]);
		size_t len = (size_t)sqlite3_column_bytes(st, c[2]);

		while (i < ng && groups[i].shipped < shipped) {
			XGROW(added, added_alloc, nadded + 1);
			added[nadded++] = groups[i++];
		}
		if (i < ng && groups[i].shipped == shipped && groups[i].len == len &&
		    !memcmp(bytes + groups[i].off, blob, len)) {
			i++;
			continue;
		}
		XGROW(gone, gone_alloc, ngone + 1);
		gone[ngone++] = db_col_int(st, c[0], 0);
	}
	sqlite3_reset(st);
	if (rc < 0)
		goto out;
	for (; i < ng; i++) {
		XGROW(added, added_alloc, nadded + 1);
		added[nadded++] = groups[i];
	}
	if (put_rows(db, spelling ? spelling : repo, gone, ngone, added, nadded, bytes, err) ||
	    !(st = db_stmt(db, "store/dora_stale_done", err)))
		goto out;
	db_bind_text(st, ":repo", repo);
	ret = db_exec(db, st, err);
out:
	free(groups);
	free(added);
	free(bytes);
	free(gone);
	return ret;
}
