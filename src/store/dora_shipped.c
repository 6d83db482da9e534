/* Writing the derived DORA rows (dora_shipped, dora_ship_repos) of one repository and marking it up to date. */
#include "store/dora_shipped.h"

int store_dora_shipped_replace(struct db *db, const char *repo, const char *spelling, int64_t first_any,
			       const struct dora_shipped_row *v, size_t n, struct strbuf *err)
{
	sqlite3_stmt *st;

	if (!(st = db_stmt(db, "store/dora_shipped_clear", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	if (db_exec(db, st, err) || !(st = db_stmt(db, "store/dora_ship_repo_clear", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	if (db_exec(db, st, err))
		return -1;
	if (spelling) {
		if (!(st = db_stmt(db, "store/dora_ship_repo_put", err)))
			return -1;
		db_bind_text(st, ":repo", spelling);
		db_bind_int(st, ":first_any", first_any);
		if (db_exec(db, st, err))
			return -1;
	}
	if (n && !(st = db_stmt(db, "store/dora_shipped_put", err)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		db_bind_text(st, ":repo", spelling ? spelling : repo);
		db_bind_int(st, ":shipped_at", v[i].shipped);
		db_bind_time(st, ":authored_at", v[i].authored);
		db_bind_time(st, ":pr_opened", v[i].pr_opened);
		if (db_exec(db, st, err))
			return -1;
	}
	if (!(st = db_stmt(db, "store/dora_stale_done", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	return db_exec(db, st, err);
}
