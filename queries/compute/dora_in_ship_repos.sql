-- Every repository with a production deployment: its spelling and first deployment, by name (NOCASE).
SELECT repo, first_any
  FROM dora_ship_repos
 ORDER BY repo;
