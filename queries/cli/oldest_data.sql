-- The oldest time any collected row refers to (compute --all starts from its quarter).
SELECT MIN(t) FROM (
  SELECT MIN(created_at) AS t FROM scaffolder_tasks
  UNION ALL SELECT MIN(responded_at) FROM survey_responses
  UNION ALL SELECT MIN(unixepoch(start_date)) FROM onboarding_records
  UNION ALL SELECT MIN(created_at) FROM tickets
  UNION ALL SELECT MIN(taken_at) FROM github_repo_snapshots
  UNION ALL SELECT MIN(deployed_at) FROM dora_deployments
  UNION ALL SELECT MIN(opened_at) FROM dora_incidents
);
