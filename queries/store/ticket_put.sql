-- Insert a ticket, or update it when a later export changed it (resolved, relabelled, ...).
-- A ticket collected from Jira (source 'jira') is newer than any export: an export leaves it alone.
INSERT INTO tickets (issue_key, created_at, resolved_at, team, labels, components, file, line, imported_at)
VALUES (:issue_key, :created_at, :resolved_at, :team, :labels, :components, :file, :line, :imported_at)
ON CONFLICT (issue_key) DO UPDATE SET
  created_at = excluded.created_at, resolved_at = excluded.resolved_at, team = excluded.team,
  labels = excluded.labels, components = excluded.components, file = excluded.file, line = excluded.line,
  imported_at = excluded.imported_at
WHERE tickets.source IS NOT 'jira'
  AND (tickets.created_at IS NOT excluded.created_at OR tickets.resolved_at IS NOT excluded.resolved_at
       OR tickets.team IS NOT excluded.team OR tickets.labels IS NOT excluded.labels
       OR tickets.components IS NOT excluded.components);
