-- The oldest time a GitHub row refers to: adoption snapshots, deployments, incidents (compute --all starts from its quarter).
SELECT MIN(t) AS oldest FROM (
  SELECT MIN(taken_at) AS t FROM github_repo_snapshots
  UNION ALL SELECT MIN(deployed_at) FROM dora_deployments
  UNION ALL SELECT MIN(opened_at) FROM dora_incidents
);
