-- Insert or refresh a scaffolder task.  param_owner is spec.parameters.owner of the task JSON when a string.
INSERT INTO scaffolder_tasks (id, template_ref, created_by, status, created_at, completed_at, completed_approx,
                              last_heartbeat_at, cancelled, repo_host, repo_owner, repo_name, events_fetched_at,
                              raw, updated_at, param_owner)
VALUES (:id, :template_ref, :created_by, :status, :created_at, :completed_at, :completed_approx,
        :last_heartbeat_at, :cancelled, :repo_host, :repo_owner, :repo_name, :events_fetched_at, :raw, :updated_at,
        CASE WHEN json_valid(:raw) AND json_type(:raw, '$.spec.parameters.owner') = 'text'
             THEN json_extract(:raw, '$.spec.parameters.owner') END)
ON CONFLICT (id) DO UPDATE SET
  template_ref = excluded.template_ref, created_by = excluded.created_by, status = excluded.status,
  created_at = excluded.created_at, completed_at = excluded.completed_at,
  completed_approx = excluded.completed_approx, last_heartbeat_at = excluded.last_heartbeat_at,
  cancelled = excluded.cancelled, repo_host = excluded.repo_host, repo_owner = excluded.repo_owner,
  repo_name = excluded.repo_name, events_fetched_at = excluded.events_fetched_at, raw = excluded.raw,
  updated_at = excluded.updated_at, param_owner = excluded.param_owner;
