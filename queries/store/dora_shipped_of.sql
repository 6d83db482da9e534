-- A repository's first-shipped commits as derived before, by shipping time (the index
-- dora_shipped_by_repo, read alone): compute compares them with a new derivation and writes only the
-- difference.
SELECT rowid AS id, shipped_at, starts
  FROM dora_shipped
 WHERE repo = :repo
 ORDER BY shipped_at, starts;
