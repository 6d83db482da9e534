-- Collected Jira incidents that name no known service (components and labels as stored).
SELECT j.issue_key, j.names
  FROM jira_incidents j
 WHERE NOT EXISTS (SELECT 1 FROM dora_incidents d WHERE d.source = 'jira' AND d.ref = j.issue_key)
 ORDER BY j.created_at, j.issue_key;
