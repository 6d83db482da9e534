-- A repository's derived DORA rows are up to date again.
DELETE FROM dora_stale WHERE repo = :repo;
