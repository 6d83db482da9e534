-- A repository's spelling and first production deployment as derived before.
SELECT repo, first_any FROM dora_ship_repos WHERE repo = :repo;
