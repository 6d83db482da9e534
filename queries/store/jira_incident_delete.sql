-- Forget a Jira incident that the incidents query no longer matches (its dora_incidents rows go at the next attribution).
DELETE FROM jira_incidents WHERE issue_key = :issue_key;
