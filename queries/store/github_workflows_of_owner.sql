-- The stored workflows of an owner's present repositories, grouped by repository.
SELECT w.repo, w.path, w.state, w.uses, w.error
  FROM github_workflows w JOIN github_repos r ON r.full_name = w.repo
 WHERE r.owner = :owner COLLATE NOCASE AND r.gone = 0
 ORDER BY w.repo COLLATE NOCASE, w.path, w.id;
