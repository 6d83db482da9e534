-- The oldest time a Jira row refers to: tickets collected from Jira, incidents (compute --all starts from its quarter).
SELECT MIN(t) AS oldest FROM (
  SELECT MIN(created_at) AS t FROM tickets WHERE source = 'jira'
  UNION ALL SELECT MIN(created_at) FROM jira_incidents
);
