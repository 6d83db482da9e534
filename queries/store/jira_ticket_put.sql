-- Insert or refresh a ticket collected from Jira; it replaces a CSV row of the same key.
INSERT INTO tickets (issue_key, created_at, resolved_at, team, labels, components, file, line, imported_at, source)
VALUES (:issue_key, :created_at, :resolved_at, :team, :labels, :components, :file, NULLIF(:line, 0), :imported_at, 'jira')
ON CONFLICT (issue_key) DO UPDATE SET
  created_at = excluded.created_at, resolved_at = excluded.resolved_at, team = excluded.team,
  labels = excluded.labels, components = excluded.components, file = excluded.file, line = NULL,
  imported_at = excluded.imported_at, source = 'jira'
WHERE tickets.source IS NOT 'jira' OR tickets.created_at IS NOT excluded.created_at
   OR tickets.resolved_at IS NOT excluded.resolved_at OR tickets.team IS NOT excluded.team
   OR tickets.labels IS NOT excluded.labels OR tickets.components IS NOT excluded.components;
