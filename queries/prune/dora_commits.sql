-- Prune: commits of the production history committed before the retention boundary, except the commits
-- deployments still name (the next deployment's base).  Horizon stubs stay: they are where history stops.
-- The collection treats the boundary as its horizon: what is older is never read again.
DELETE FROM dora_commits
 WHERE committed_at < :before AND beyond = 0
   AND sha NOT IN (SELECT d.sha FROM dora_deployments d WHERE d.repo = dora_commits.repo);
