-- The repositories whose derived DORA rows (dora_shipped, dora_ship_repos) a write made out of date.
SELECT repo FROM dora_stale ORDER BY repo;
