-- Every incident, by repository, opening and number.
SELECT repo, number, opened_at, closed_at
  FROM dora_incidents
 ORDER BY repo, opened_at, number;
