-- A commit's first shipping (compute derives a repository's rows whole: see 013_dora_shipped).
INSERT INTO dora_shipped (repo, shipped_at, authored_at, pr_opened)
VALUES (:repo, :shipped_at, :authored_at, :pr_opened);
