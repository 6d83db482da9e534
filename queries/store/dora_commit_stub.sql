-- A parent older than the collection horizon: the history stops here.
INSERT INTO dora_commits (repo, sha, beyond) VALUES (:repo, :sha, 1)
ON CONFLICT (repo, sha) DO NOTHING;
