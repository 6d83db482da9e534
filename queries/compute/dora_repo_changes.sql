-- A repository's changes in key order (kind, deployment, commit), beside its deployments.
SELECT kind, deployment, sha, authored_at
  FROM dora_changes
 WHERE repo = :repo
 ORDER BY kind, deployment, sha;
