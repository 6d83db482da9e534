-- Report dataset: tickets created in the reported period, with their labels and components
-- (which ones count as infrastructure tickets is decided by tickets.infra_filter).
SELECT issue_key,
       strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created,
       strftime('%Y-%m-%dT%H:%M:%SZ', resolved_at, 'unixepoch') AS resolved,
       team,
       labels,
       components
  FROM tickets
 WHERE created_at >= :start AND created_at < :end
 ORDER BY created_at, issue_key;
