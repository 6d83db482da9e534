-- Report dataset: tickets created in the reported period, with their labels and components
-- (which ones count as infrastructure tickets is decided by tickets.infra_filter) and where each
-- came from (csv or jira).  As in the metric, a period with tickets from Jira ignores CSV rows.
SELECT issue_key,
       strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch') AS created,
       strftime('%Y-%m-%dT%H:%M:%SZ', resolved_at, 'unixepoch') AS resolved,
       team,
       labels,
       components,
       source
  FROM tickets
 WHERE created_at >= :start AND created_at < :end
   AND (source = 'jira'
        OR NOT EXISTS (SELECT 1 FROM tickets j
                        WHERE j.source = 'jira' AND j.created_at >= :start AND j.created_at < :end))
 ORDER BY created_at, issue_key;
