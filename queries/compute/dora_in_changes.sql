-- Every change, in key order (repository, kind, deployment, commit): read once, beside the deployments.
SELECT repo, kind, deployment, sha, authored_at
  FROM dora_changes
 ORDER BY repo, kind, deployment, sha;
