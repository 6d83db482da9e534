-- Every repository with a production deployment (any outcome) completed before :until, with its
-- first and last such deployment before :end (NULL when none), its name, and whether it is still
-- listed and not archived.  Read from the index dora_deployments_production.
SELECT d.repo, r.name, COALESCE(r.archived, 0), COALESCE(r.gone, 0),
       MIN(CASE WHEN d.deployed_at < :end THEN d.deployed_at END),
       MAX(CASE WHEN d.deployed_at < :end THEN d.deployed_at END)
  FROM dora_deployments d LEFT JOIN github_repos r ON r.full_name = d.repo
 WHERE d.production = 1 AND d.deployed_at IS NOT NULL AND d.deployed_at < :until
 GROUP BY d.repo
 ORDER BY d.repo COLLATE NOCASE;
