-- Production deployments (any outcome) completed before :until (the period's end plus the incident
-- window), with the repository's name and whether it is still listed and not archived.
SELECT d.repo, r.name, COALESCE(r.archived, 0), COALESCE(r.gone, 0), d.deployed_at, d.success
  FROM dora_deployments d LEFT JOIN github_repos r ON r.full_name = d.repo
 WHERE d.production = 1 AND d.deployed_at IS NOT NULL AND d.deployed_at < :until
 ORDER BY d.repo COLLATE NOCASE, d.deployed_at, d.kind, d.id;
