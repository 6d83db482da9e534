-- Scaffolder tasks created in [start, end): what the lead-time KPIs are computed from.
-- param_owner (spec.parameters.owner, when a string) names the team when the created repository is not in the catalog.
-- Answered from the index scaffolder_tasks_by_period alone.
SELECT id, template_ref, status, created_at, completed_at, completed_approx, repo_owner, repo_name, param_owner
  FROM scaffolder_tasks
 WHERE created_at >= :start AND created_at < :end
 ORDER BY created_at, id;
