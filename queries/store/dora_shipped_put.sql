-- The commits of a repository first shipped at one time (compute derives a repository's rows whole:
-- see 013_dora_shipped).
INSERT INTO dora_shipped (repo, shipped_at, starts)
VALUES (:repo, :shipped_at, :starts);
