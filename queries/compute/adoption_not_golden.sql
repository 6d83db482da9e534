-- Active repositories of an owner (NULL: any) not on the golden path on snapshot day :day (see
-- adoption_last_day), for the report: checked ones first, then those whose workflows were never read.
SELECT repo, checked, workflows, pushed_at FROM github_repo_snapshots
 WHERE day = :day AND (:owner IS NULL OR lower(substr(repo, 1, length(:owner) + 1)) = lower(:owner || '/'))
   AND active = 1 AND golden = 0
 ORDER BY checked DESC, repo;
