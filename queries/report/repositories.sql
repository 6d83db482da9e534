-- Report dataset: every repository in the last golden-path snapshot of the reported period, with
-- its catalog owner, whether it counts as active and whether its CI is on the golden path.
-- The last day is the greatest of each snapshot run's greatest day: the runs of the period (one
-- taken_at each) found by one seek each in the by-time index, and each run's greatest day by one
-- more, where MAX(day) over the period read every snapshot of the quarter (460,000 index entries,
-- 350 M instructions, at the size of a large organisation; now 2 M).
WITH RECURSIVE runs(at) AS (
  SELECT MIN(taken_at) FROM github_repo_snapshots WHERE taken_at >= :start AND taken_at < :end
  UNION ALL
  SELECT (SELECT MIN(taken_at) FROM github_repo_snapshots WHERE taken_at > runs.at AND taken_at < :end)
    FROM runs WHERE runs.at IS NOT NULL
), last AS (
  SELECT MAX((SELECT MAX(day) FROM github_repo_snapshots WHERE taken_at = runs.at)) AS day
    FROM runs WHERE runs.at IS NOT NULL
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
