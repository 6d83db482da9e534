-- The workflows of an owner's present repositories with what choosing deployment workflows needs.
SELECT r.full_name, r.default_branch, r.archived, r.disabled, r.fork, r.is_template, w.id, w.path
  FROM github_workflows w JOIN github_repos r ON r.full_name = w.repo
 WHERE r.owner = :owner COLLATE NOCASE AND r.gone = 0
 ORDER BY r.full_name COLLATE NOCASE, w.id;
