-- GitHub Deployments of a repository still waiting for a final status, created since :since.
SELECT id, created_at FROM dora_deployments
 WHERE repo = :repo AND kind = 'deployment' AND conclusion IS NULL AND created_at >= :since
 ORDER BY created_at, id;
