-- The changes of the successful production deployments completed in [start, end), from the index
-- dora_deployments_production_time.  A commit listed under several deployments (dora_repeated) is counted by
-- compute/dora.c once, where it was first shipped; pull-request openings come from dora_pulls_opened.
SELECT c.repo, c.sha, d.deployed_at, c.authored_at
  FROM dora_deployments d
  JOIN dora_changes c ON c.repo = d.repo AND c.kind = d.kind AND c.deployment = d.id
 WHERE d.production = 1 AND d.success = 1 AND d.deployed_at IS NOT NULL
   AND d.deployed_at >= :start AND d.deployed_at < :end;
