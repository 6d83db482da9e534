-- Rows stored for the jira source (idpmetrics status, "stored" column): tickets and incidents.
SELECT (SELECT COUNT(*) FROM tickets WHERE source = 'jira') + (SELECT COUNT(*) FROM jira_incidents) AS stored;
