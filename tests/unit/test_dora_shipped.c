/* Unit test: the commits' first shipping kept between computes equals a derivation from scratch after every kind of write. */
#include <stdlib.h>
#include <string.h>

#include "compute/dora_input.h"
#include "store/db.h"
#include "store/dora.h"
#include "test.h"
#include "test_db.h"
#include "util/timeutil.h"

#define DAY 86400
#define T0 1767225600 /* 2026-01-01 */

static void sql(struct db *db, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, q, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", q, msg);
		CHECK(0);
	}
	sqlite3_free(msg);
}

/* A run of REPO's deployment workflow, completed at AT. */
static void deploy(struct db *db, const char *repo, int64_t id, int success, int production, int64_t at)
{
	struct strbuf err = STRBUF_INIT;
	struct dora_deployment d = { repo, "run", id, 7, "ffff", "main", NULL, "push", success ? "success" : "failure",
				     1, production, success, at - 600, at };

	CHECK(!store_dora_deployment_put(db, &d, at, &err));
	strbuf_release(&err);
}

static void change(struct db *db, const char *repo, int64_t id, const char *sha, int64_t authored)
{
	struct strbuf err = STRBUF_INIT;
	char kind[] = "run", sha_d[] = "ffff";
	struct dora_done d = { kind, id, sha_d, 0, 0 };

	CHECK(!store_dora_change_put(db, repo, &d, sha, authored, &err));
	strbuf_release(&err);
}

static void pull(struct db *db, const char *repo, int64_t number, const char *sha, int64_t opened)
{
	struct strbuf err = STRBUF_INIT;

	CHECK(!store_dora_pull_put(db, repo, number, sha, opened, opened + DAY, &err));
	strbuf_release(&err);
}

/* Load the inputs of 2026 in a transaction (stale repositories are derived); returns how many changes in all. */
static size_t load(struct db *db, struct dora_input **keep)
{
	struct strbuf err = STRBUF_INIT;
	struct dora_input *in;
	size_t n = 0;

	CHECK(!db_begin(db, &err));
	in = dora_input_load(db, "github", T0, T0 + 365 * DAY, 7 * DAY, &err);
	if (!in)
		fprintf(stderr, "%s\n", err.buf);
	CHECK(in != NULL);
	CHECK(!db_commit(db, &err));
	for (size_t i = 0; in && i < in->n; i++)
		n += in->v[i].nchanges;
	if (keep)
		*keep = in;
	else
		dora_input_free(in);
	strbuf_release(&err);
	return n;
}

/* The derived rows as text, in a fixed order. */
static char *dump(struct db *db)
{
	sqlite3_stmt *st;
	struct strbuf out = STRBUF_INIT;

	CHECK(sqlite3_prepare_v2(db->h,
				 "SELECT 'r', repo, first_any, NULL, NULL FROM dora_ship_repos "
				 "UNION ALL SELECT 's', lower(repo), shipped_at, hex(starts), NULL FROM dora_shipped "
				 "ORDER BY 1, 2, 3, 4, 5",
				 -1, &st, NULL) == SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		strbuf_addf(&out, "%s %s %lld %s\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
			    (long long)sqlite3_column_int64(st, 2),
			    sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3) : "-");
	sqlite3_finalize(st);
	return strbuf_detach(&out, NULL);
}

/* What was kept equals a derivation of every repository from scratch, and nothing is left stale. */
static void check_same_as_scratch(struct db *db)
{
	char *kept, *scratch;
	sqlite3_stmt *st;

	load(db, NULL);
	kept = dump(db);
	CHECK(sqlite3_prepare_v2(db->h, "SELECT count(*) FROM dora_stale", -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_INTEQ(sqlite3_column_int64(st, 0), 0);
	sqlite3_finalize(st);
	sql(db, "INSERT INTO dora_stale SELECT repo FROM dora_deployments UNION SELECT repo FROM dora_changes "
		"UNION SELECT repo FROM dora_pulls UNION SELECT repo FROM dora_ship_repos");
	sql(db, "DELETE FROM dora_shipped; DELETE FROM dora_ship_repos");
	load(db, NULL);
	scratch = dump(db);
	CHECK_STREQ(kept, scratch);
	free(kept);
	free(scratch);
}

static void test_dora_shipped__every_write_is_noticed(void)
{
	struct db *db = test_db_fresh();
	struct dora_input *in = NULL;
	char *before, *after;

	/* api: a seed (no changes), then two deployments; web: one deployment, spelt two ways */
	deploy(db, "acme/api", 1, 1, 1, T0 + 1 * DAY);
	deploy(db, "acme/api", 2, 1, 1, T0 + 10 * DAY);
	change(db, "acme/api", 2, "aaaa", T0 + 5 * DAY);
	change(db, "acme/api", 2, "bbbb", T0 + 6 * DAY);
	deploy(db, "acme/api", 3, 0, 1, T0 + 20 * DAY); /* failed: ships nothing yet */
	change(db, "acme/api", 3, "cccc", T0 + 15 * DAY);
	deploy(db, "Acme/Web", 1, 1, 1, T0 + 30 * DAY);
	change(db, "acme/web", 1, "dddd", T0 + 29 * DAY);
	CHECK_INTEQ(load(db, &in), 3);
	CHECK_INTEQ(in->n, 2);
	CHECK_STREQ(in->v[0].repo, "acme/api");
	CHECK_STREQ(in->v[1].repo, "Acme/Web"); /* as its first deployment spells it */
	CHECK_INTEQ(in->v[0].nok, 2);
	CHECK_INTEQ(in->v[0].nany, 3);
	CHECK_INTEQ(in->v[0].first_any, T0 + 1 * DAY);
	dora_input_free(in);
	check_same_as_scratch(db);

	/* the failed run succeeds on a re-run (an upsert): its change ships */
	deploy(db, "acme/api", 3, 1, 1, T0 + 21 * DAY);
	CHECK_INTEQ(load(db, NULL), 4);
	check_same_as_scratch(db);

	/* a redeploy lists a commit again; then a late run lists it earlier: it counts once, at the earliest */
	deploy(db, "acme/api", 4, 1, 1, T0 + 40 * DAY);
	change(db, "acme/api", 4, "aaaa", T0 + 5 * DAY);
	CHECK_INTEQ(load(db, NULL), 4);
	deploy(db, "acme/api", 0, 1, 1, T0 + 8 * DAY);
	change(db, "acme/api", 0, "bbbb", T0 + 6 * DAY);
	CHECK_INTEQ(load(db, &in), 4);
	CHECK_INTEQ(in->v[0].changes[0].shipped, T0 + 8 * DAY);
	dora_input_free(in);
	check_same_as_scratch(db);

	/* a change stored before its deployment (then the deployment alone), a change added alone */
	change(db, "acme/api", 5, "gggg", T0 + 41 * DAY);
	CHECK_INTEQ(load(db, NULL), 4);
	deploy(db, "acme/api", 5, 1, 1, T0 + 42 * DAY);
	check_same_as_scratch(db);
	change(db, "acme/api", 5, "hhhh", T0 + 41 * DAY);
	check_same_as_scratch(db);
	CHECK_INTEQ(load(db, NULL), 6);

	/* an author date refreshed by an upsert; a pull request merged as a commit, then opened earlier */
	change(db, "acme/api", 2, "aaaa", T0 + 4 * DAY);
	check_same_as_scratch(db);
	pull(db, "acme/api", 9, "aaaa", T0 + 3 * DAY);
	check_same_as_scratch(db);
	pull(db, "ACME/api", 9, "aaaa", T0 + 2 * DAY);
	CHECK_INTEQ(load(db, &in), 6);
	for (size_t i = 0; i < in->v[0].nchanges; i++)
		if (in->v[0].changes[i].authored == T0 + 4 * DAY)
			CHECK_INTEQ(in->v[0].changes[i].pr_opened, T0 + 2 * DAY);
	dora_input_free(in);
	check_same_as_scratch(db);
	pull(db, "acme/api", 10, "bbbb", T0 + 1 * DAY);
	check_same_as_scratch(db);
	sql(db, "DELETE FROM dora_pulls WHERE number = 10");
	check_same_as_scratch(db);

	/* a deployment that is not production, then becomes it; a staging deployment leaves nothing stale */
	deploy(db, "acme/web", 2, 1, 0, T0 + 50 * DAY);
	change(db, "acme/web", 2, "eeee", T0 + 49 * DAY);
	CHECK_INTEQ(load(db, NULL), 6);
	deploy(db, "acme/web", 2, 1, 1, T0 + 50 * DAY);
	CHECK_INTEQ(load(db, NULL), 7);
	check_same_as_scratch(db);
	before = dump(db);
	deploy(db, "acme/docs", 1, 1, 0, T0 + 60 * DAY);
	CHECK_INTEQ(load(db, NULL), 7);
	after = dump(db);
	CHECK_STREQ(before, after);
	free(before);
	free(after);

	/* deletes: prune-like removal of changes and deployments, then a reset of everything */
	sql(db, "DELETE FROM dora_changes WHERE repo = 'acme/api' AND deployment = 0");
	CHECK_INTEQ(load(db, NULL), 7); /* bbbb is shipped by deployment 2 again */
	check_same_as_scratch(db);
	sql(db, "DELETE FROM dora_deployments WHERE repo = 'ACME/WEB'");
	CHECK_INTEQ(load(db, &in), 5);
	CHECK_INTEQ(in->n, 1);
	dora_input_free(in);
	check_same_as_scratch(db);
	{
		struct strbuf err = STRBUF_INIT;

		CHECK(!db_begin(db, &err));
		CHECK(!store_dora_reset(db, &err));
		CHECK(!db_commit(db, &err));
		strbuf_release(&err);
	}
	CHECK_INTEQ(load(db, &in), 0);
	CHECK_INTEQ(in->n, 0);
	dora_input_free(in);
	check_same_as_scratch(db);
	db_close(db);
}

/* Deployments outside an incident window of the periods are not read; the periods' values do not need them. */
static void test_dora_shipped__window(void)
{
	struct db *db = test_db_fresh();
	struct strbuf err = STRBUF_INIT;
	struct dora_input *in;

	deploy(db, "acme/api", 1, 1, 1, T0 - 30 * DAY);
	deploy(db, "acme/api", 2, 1, 1, T0 - 3 * DAY);
	deploy(db, "acme/api", 3, 1, 1, T0 + 3 * DAY);
	deploy(db, "acme/api", 4, 0, 1, T0 + 100 * DAY);
	change(db, "acme/api", 3, "aaaa", T0 - DAY);
	CHECK(!db_begin(db, &err));
	in = dora_input_load(db, "github", T0, T0 + 90 * DAY, 7 * DAY, &err);
	CHECK(in != NULL);
	CHECK(!db_commit(db, &err));
	CHECK_INTEQ(in->n, 1);
	CHECK_INTEQ(in->v[0].first_any, T0 - 30 * DAY); /* the first deployment ever, though not read */
	CHECK_INTEQ(in->v[0].nany, 2);                 /* T0 - 3 days and T0 + 3 days */
	CHECK_INTEQ(in->v[0].any[0], T0 - 3 * DAY);
	CHECK_INTEQ(in->v[0].nchanges, 1);
	dora_input_free(in);
	strbuf_release(&err);
	db_close(db);
}

int main(void)
{
	RUN(test_dora_shipped__every_write_is_noticed);
	RUN(test_dora_shipped__window);
	return TEST_RESULT();
}
