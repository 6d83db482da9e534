-- Successful production deployments completed in [:from, :until): the period with an incident window
-- on either side (incidents are attributed to the deployment before them), in time order, from the
-- index dora_deployments_production_time.  The repositories' names come with compute/dora_services.
SELECT d.repo, d.deployed_at
  FROM dora_deployments d
 WHERE d.production = 1 AND d.success = 1 AND d.deployed_at IS NOT NULL
   AND d.deployed_at >= :from AND d.deployed_at < :until
 ORDER BY d.deployed_at;
