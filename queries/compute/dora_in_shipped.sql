-- A repository's commits first shipped in [:from, :until), by shipping (the index dora_shipped_by_repo).
SELECT shipped_at, authored_at, pr_opened
  FROM dora_shipped
 WHERE repo = :repo AND shipped_at >= :from AND shipped_at < :until
 ORDER BY shipped_at;
