-- Forget a repository's workflows before storing the ones just read.
DELETE FROM github_workflows WHERE repo = :repo;
