-- Every repository with a production deployment (any outcome) completed before :until, with its
-- first and last such deployment before :end (NULL when none), its name, and whether it is still
-- listed and not archived.  The repositories are walked one index seek at a time (a loose index
-- scan of dora_deployments_production), so the cost follows the repositories, not the history.
WITH RECURSIVE repos(repo) AS (
  SELECT MIN(repo) FROM dora_deployments WHERE production = 1 AND deployed_at IS NOT NULL
  UNION ALL
  SELECT (SELECT MIN(d.repo) FROM dora_deployments d
           WHERE d.production = 1 AND d.deployed_at IS NOT NULL AND d.repo > repos.repo)
    FROM repos WHERE repos.repo IS NOT NULL
)
SELECT x.repo, r.name, COALESCE(r.archived, 0), COALESCE(r.gone, 0), x.first, x.last
  FROM (SELECT repo,
               (SELECT MIN(d.deployed_at) FROM dora_deployments d WHERE d.repo = repos.repo AND d.production = 1
                   AND d.deployed_at IS NOT NULL AND d.deployed_at < :end) AS first,
               (SELECT MAX(d.deployed_at) FROM dora_deployments d WHERE d.repo = repos.repo AND d.production = 1
                   AND d.deployed_at IS NOT NULL AND d.deployed_at < :end) AS last,
               (SELECT MIN(d.deployed_at) FROM dora_deployments d WHERE d.repo = repos.repo AND d.production = 1
                   AND d.deployed_at IS NOT NULL AND d.deployed_at < :until) AS seen
          FROM repos WHERE repo IS NOT NULL) x
  LEFT JOIN github_repos r ON r.full_name = x.repo
 WHERE x.seen IS NOT NULL
 ORDER BY x.repo COLLATE NOCASE;
