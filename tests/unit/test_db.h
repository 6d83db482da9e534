/* Unit tests that need a database: a new in-memory one with every migration applied. */
#ifndef IDPM_TEST_DB_H
#define IDPM_TEST_DB_H

#include "store/db.h"
#include "test.h"

/* A migrated in-memory database (db_close() it); a failure is a failed CHECK. */
static inline struct db *test_db_fresh(void)
{
	struct db *db = NULL;
	struct strbuf err = STRBUF_INIT;

	CHECK(!db_open(&db, ":memory:", 0600, DB_CREATE, &err));
	CHECK(!db_migrate(db, &err));
	if (err.len)
		fprintf(stderr, "%s\n", err.buf);
	strbuf_release(&err);
	return db;
}

#endif
