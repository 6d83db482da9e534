-- After VACUUM: copy the write-ahead log into the database and truncate it.
PRAGMA wal_checkpoint(TRUNCATE);
