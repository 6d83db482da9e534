-- Report dataset: every repository in the last golden-path snapshot of the reported period, with
-- its catalog owner, whether it counts as active and whether its CI is on the golden path.
WITH last AS (
  SELECT MAX(day) AS day FROM github_repo_snapshots WHERE taken_at >= :start AND taken_at < :end
), one AS (
  SELECT repo_key, MIN(ref) AS ref FROM catalog_components WHERE repo_key IS NOT NULL GROUP BY repo_key
)
SELECT s.repo AS repository,
       g.name AS catalog_team,
       c.lifecycle,
       c.tier,
       s.active,
       s.inactive_why,
       s.checked,
       s.golden,
       s.golden_via,
       s.workflows,
       strftime('%Y-%m-%dT%H:%M:%SZ', s.pushed_at, 'unixepoch') AS pushed,
       s.day AS snapshot_day
  FROM github_repo_snapshots s
  JOIN last ON s.day = last.day
  LEFT JOIN one ON one.repo_key = lower(s.repo)
  LEFT JOIN catalog_components c ON c.ref = one.ref
  LEFT JOIN catalog_groups g ON g.ref = c.team_ref
 ORDER BY s.active DESC, s.golden, s.repo;
