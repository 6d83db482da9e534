-- Report dataset: scaffolder tasks created in the reported period [:start, :end), one row per task,
-- with the lead time in minutes for completed tasks (the rows service_creation_lead_time_* are computed from).
SELECT id AS task_id,
       template_ref AS template,
       status,
       strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created,
       strftime('%Y-%m-%dT%H:%M:%SZ', completed_at, 'unixepoch') AS completed,
       CASE WHEN status = 'completed' AND completed_at IS NOT NULL AND completed_at >= created_at
            THEN (completed_at - created_at) / 60.0 END AS lead_minutes,
       completed_approx AS approximate,
       CASE WHEN repo_name IS NOT NULL THEN COALESCE(repo_owner || '/', '') || repo_name END AS repository
  FROM scaffolder_tasks
 WHERE created_at >= :start AND created_at < :end
 ORDER BY created_at, id;
