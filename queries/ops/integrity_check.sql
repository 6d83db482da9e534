-- Structural check of the whole database: one row "ok", or up to 10 rows describing damage.
PRAGMA integrity_check(10);
