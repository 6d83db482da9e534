-- Store a commit of the production history (a stub of the same sha becomes a real commit).
INSERT INTO dora_commits (repo, sha, authored_at, committed_at, parents, beyond)
VALUES (:repo, :sha, :authored_at, :committed_at, :parents, 0)
ON CONFLICT (repo, sha) DO UPDATE SET
  authored_at = excluded.authored_at, committed_at = excluded.committed_at, parents = excluded.parents, beyond = 0;
