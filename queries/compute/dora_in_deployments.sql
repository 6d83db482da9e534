-- Every production deployment (any outcome) with a completion time, in the order of dora_changes'
-- key (the index dora_deployments_production_key): compute/dora_input.c reads them beside the changes.
SELECT repo, kind, id, deployed_at, success
  FROM dora_deployments
 WHERE production = 1 AND deployed_at IS NOT NULL
 ORDER BY repo, kind, id;
