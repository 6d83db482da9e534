-- Scaffolder tasks created in [start, end): what the lead-time KPIs are computed from.
SELECT id, template_ref, status, created_at, completed_at, completed_approx, repo_owner, repo_name
  FROM scaffolder_tasks
 WHERE created_at >= :start AND created_at < :end
 ORDER BY created_at, id;
