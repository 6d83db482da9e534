-- Drop the Jira rows of dora_incidents before they are attributed again.
DELETE FROM dora_incidents WHERE source = 'jira';
