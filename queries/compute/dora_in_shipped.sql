-- A repository's commits first shipped in [:from, :until), by shipping (the index dora_shipped_by_repo,
-- read alone): one row per shipping time, the commits' starts packed.
SELECT shipped_at, starts
  FROM dora_shipped
 WHERE repo = :repo AND shipped_at >= :from AND shipped_at < :until
 ORDER BY shipped_at;
