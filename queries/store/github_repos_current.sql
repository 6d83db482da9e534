-- Every repository of an owner still present, with what activity and re-reading decisions need.
SELECT full_name, archived, disabled, fork, is_template, pushed_at, workflows_pushed_at, workflows_read_at,
       created_at
  FROM github_repos
 WHERE owner = :owner COLLATE NOCASE AND gone = 0
 ORDER BY full_name COLLATE NOCASE;
