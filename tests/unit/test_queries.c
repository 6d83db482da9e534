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

int main(void)
{
	RUN(test_queries__all_prepare);
	RUN(test_queries__names_are_unique);
	return TEST_RESULT();
}
