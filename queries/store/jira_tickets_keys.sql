-- The keys of the tickets collected from Jira (a full read forgets those its query no longer matches).
SELECT issue_key FROM tickets WHERE source = 'jira' ORDER BY issue_key;
