-- Prune: Jira incidents created before the retention boundary.
DELETE FROM jira_incidents WHERE created_at < :before;
