-- Forget a repository's first-shipped commits before they are derived again.
DELETE FROM dora_shipped WHERE repo = :repo;
