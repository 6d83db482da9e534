-- Demo: a repository's production deployment runs in order (the demo moves half the services to Argo CD).
SELECT id, sha, success, created_at, deployed_at FROM dora_deployments
 WHERE repo = :repo AND kind = 'run' AND production = 1 AND deployed_at IS NOT NULL
 ORDER BY deployed_at, id;
