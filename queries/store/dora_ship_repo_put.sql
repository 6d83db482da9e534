-- A repository's spelling (its first production deployment's) and first production deployment.
INSERT INTO dora_ship_repos (repo, first_any) VALUES (:repo, :first_any)
ON CONFLICT (repo) DO UPDATE SET repo = excluded.repo, first_any = excluded.first_any;
