-- Re-running on the same day replaces that day's snapshot of an owner's repositories.
DELETE FROM github_repo_snapshots
 WHERE day = :day AND lower(substr(repo, 1, length(:owner) + 1)) = lower(:owner || '/');
