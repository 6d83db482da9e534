-- The keys of the collected Jira incidents (a full read forgets those its query no longer matches).
SELECT issue_key FROM jira_incidents ORDER BY issue_key;
