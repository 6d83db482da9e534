-- Forget a ticket collected from Jira that the tickets query no longer matches.
DELETE FROM tickets WHERE issue_key = :issue_key AND source = 'jira';
