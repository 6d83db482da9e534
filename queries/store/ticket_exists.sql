-- Whether a ticket with this key is already stored.
SELECT 1 FROM tickets WHERE issue_key = :issue_key;
