-- Forget a repository's spelling and first deployment before they are derived again.
DELETE FROM dora_ship_repos WHERE repo = :repo;
