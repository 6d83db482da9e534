-- Every incident of the configured source (dora.incidents), by repository, opening and number.
SELECT repo, number, opened_at, closed_at
  FROM dora_incidents
 WHERE source = :source
 ORDER BY repo, opened_at, number;
