-- Insert or refresh a Jira incident as collected.
INSERT INTO jira_incidents (issue_key, issue_id, created_at, resolved_at, names, updated_at)
VALUES (:issue_key, :issue_id, :created_at, :resolved_at, :names, :updated_at)
ON CONFLICT (issue_key) DO UPDATE SET
  issue_id = excluded.issue_id, created_at = excluded.created_at, resolved_at = excluded.resolved_at,
  names = excluded.names, updated_at = excluded.updated_at;
