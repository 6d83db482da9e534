-- Tickets created in [start, end) with what the infrastructure filter looks at.
SELECT issue_key, team, labels, components
  FROM tickets
 WHERE created_at >= :start AND created_at < :end
 ORDER BY created_at, issue_key;
