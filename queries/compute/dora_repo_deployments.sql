-- A repository's production deployments (any outcome) with a completion time, in the order of
-- dora_changes' key (the index dora_deployments_production_key, read alone): compute derives its
-- commits' first shipping from them and its changes, walked side by side.
SELECT repo, kind, id, deployed_at, success
  FROM dora_deployments
 WHERE repo = :repo AND production = 1 AND deployed_at IS NOT NULL
 ORDER BY kind, id;
