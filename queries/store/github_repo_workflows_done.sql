-- The workflows of a repository were read at :pushed_at: skip them until the repository is pushed again.
UPDATE github_repos SET workflows_pushed_at = :pushed_at, workflows_read_at = :read_at, updated_at = :read_at
 WHERE full_name = :full_name;
