-- Every repository of an owner (NULL: any) on one snapshot day.
SELECT repo, active, checked, golden, partial FROM github_repo_snapshots
 WHERE day = :day AND (:owner IS NULL OR lower(substr(repo, 1, length(:owner) + 1)) = lower(:owner || '/'))
 ORDER BY repo;
