/* Unit test: every embedded query prepares against a freshly migrated database. */
#include "store/db.h"
#include "test.h"
#include "util/embedded.h"

static void test_queries__all_prepare(void)
{
	struct db *db = NULL;
	struct strbuf err = STRBUF_INIT;
	int n = 0;

	CHECK(!db_open(&db, ":memory:", 0600, DB_CREATE, &err));
	CHECK(!db_migrate(db, &err));
	CHECK_INTEQ(db_schema_version(db), db_schema_latest());
	for (const struct embedded_file *f = embedded_queries; f->name; f++) {
		if (!strncmp(f->name, "schema/", 7))
			continue;
		strbuf_reset(&err);
		if (!db_stmt(db, f->name, &err)) {
			fprintf(stderr, "%s\n", err.buf);
			test_failures++;
		}
		n++;
	}
	CHECK(n > 5);
	/* migrating again is a no-op */
	CHECK(!db_migrate(db, &err));
	db_close(db);
	strbuf_release(&err);
}

static void test_queries__names_are_unique(void)
{
	for (const struct embedded_file *a = embedded_queries; a->name; a++)
		for (const struct embedded_file *b = a + 1; b->name; b++)
			CHECK(strcmp(a->name, b->name));
}

/* The text of ST's column COL, or "(null)". */
static const char *text_or_null(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? (const char *)t : "(null)";
}

/*
 * iso_utc(t) is strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch') for integers of the years 1 to
 * 9999 (the report datasets' times), and NULL for anything else, where strftime() decides.
 */
static void test_queries__iso_utc_is_strftime(void)
{
	static const int64_t edges[] = { 0, 1, -1, 59, 60, 86399, 86400, -86400, -86401, 951782400 /* 2000-02-29 */,
					 951868799, 4107542400 /* 2100-03-01 */, 1782864000, 1790812799,
					 -2208988800 /* 1900-01-01 */, -30610224000 /* 1000-01-01 */, -62135596800,
					 -62135596801, 253402300799, 253402300800, INT64_MAX, INT64_MIN };
	struct db *db = NULL;
	struct strbuf err = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	uint64_t x = 88172645463325252u;
	int fast = 0;

	CHECK(!db_open(&db, ":memory:", 0600, DB_CREATE, &err));
	CHECK(sqlite3_prepare_v2(db->h,
				 "SELECT iso_utc(?1), strftime('%Y-%m-%dT%H:%M:%SZ', ?1, 'unixepoch'),"
				 " COALESCE(iso_utc(?1), strftime('%Y-%m-%dT%H:%M:%SZ', ?1, 'unixepoch'))",
				 -1, &st, NULL) == SQLITE_OK);
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]) + 200000 + 3; i++) {
		size_t ne = sizeof(edges) / sizeof(edges[0]);

		sqlite3_reset(st);
		if (i < ne) {
			sqlite3_bind_int64(st, 1, edges[i]);
		} else if (i < ne + 200000) {
			/* xorshift over the whole range of the years 1 to 9999 and a little beyond */
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			sqlite3_bind_int64(st, 1, (int64_t)(x % 315538000000u) - 62135600000);
		} else if (i == ne + 200000) {
			sqlite3_bind_null(st, 1);
		} else if (i == ne + 200001) {
			sqlite3_bind_double(st, 1, 1782864000.5);
		} else {
			sqlite3_bind_text(st, 1, "1782864000", -1, SQLITE_STATIC);
		}
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		if (strcmp(text_or_null(st, 2), text_or_null(st, 1))) {
			char *q = sqlite3_expanded_sql(st);

			fprintf(stderr, "%s: iso_utc %s, strftime %s\n", q ? q : "?", text_or_null(st, 0), text_or_null(st, 1));
			sqlite3_free(q);
			test_failures++;
			break;
		}
		fast += sqlite3_column_type(st, 0) != SQLITE_NULL;
	}
	CHECK(fast > 190000); /* the integers in range took the quick way */
	sqlite3_finalize(st);
	db_close(db);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_queries__all_prepare);
	RUN(test_queries__names_are_unique);
	RUN(test_queries__iso_utc_is_strftime);
	return TEST_RESULT();
}
