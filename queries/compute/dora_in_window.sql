-- A repository's production deployments (any outcome) completed in [:from, :until), by completion
-- (the index dora_deployments_production, read alone).
SELECT deployed_at, success
  FROM dora_deployments
 WHERE repo = :repo AND production = 1 AND deployed_at IS NOT NULL
   AND deployed_at >= :from AND deployed_at < :until
 ORDER BY deployed_at;
