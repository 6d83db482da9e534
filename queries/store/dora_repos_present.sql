-- An owner's present repositories (GitHub Deployments are listed for each).
SELECT full_name, default_branch, archived, disabled, fork, is_template FROM github_repos
 WHERE owner = :owner COLLATE NOCASE AND gone = 0
 ORDER BY full_name COLLATE NOCASE;
