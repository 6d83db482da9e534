-- The last snapshot day inside [start, end) of an owner (NULL: any): the adoption KPI of a period is read from it.
SELECT day FROM github_repo_snapshots
 WHERE taken_at >= :start AND taken_at < :end
   AND (:owner IS NULL OR lower(substr(repo, 1, length(:owner) + 1)) = lower(:owner || '/'))
 ORDER BY taken_at DESC, day DESC
 LIMIT 1;
