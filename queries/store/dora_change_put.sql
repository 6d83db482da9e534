-- One change (commit) shipped by a deployment.
INSERT INTO dora_changes (repo, kind, deployment, sha, authored_at)
VALUES (:repo, :kind, :deployment, :sha, :authored_at)
ON CONFLICT (repo, kind, deployment, sha) DO UPDATE SET authored_at = excluded.authored_at;
