-- Tickets created in [start, end) with what the infrastructure filter looks at.  When Jira
-- collected any ticket created in the period, the period is Jira's: CSV rows of it are ignored.
SELECT issue_key, team, labels, components
  FROM tickets
 WHERE created_at >= :start AND created_at < :end
   AND (source = 'jira'
        OR NOT EXISTS (SELECT 1 FROM tickets j
                        WHERE j.source = 'jira' AND j.created_at >= :start AND j.created_at < :end))
 ORDER BY created_at, issue_key;
