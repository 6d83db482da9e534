-- Successful production deployments completed in [:from, :until): the period with an incident window
-- on either side (incidents are attributed to the deployment before them).  Read from the index
-- dora_deployments_shipped.
SELECT d.repo, r.name, d.deployed_at
  FROM dora_deployments d LEFT JOIN github_repos r ON r.full_name = d.repo
 WHERE d.production = 1 AND d.success = 1 AND d.deployed_at IS NOT NULL
   AND d.deployed_at >= :from AND d.deployed_at < :until
 ORDER BY d.repo COLLATE NOCASE, d.deployed_at, d.kind, d.id;
