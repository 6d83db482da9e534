-- Compute in one pass.  The production deployments in the order of dora_changes' key (repository,
-- kind, id), so that compute reads the deployments and their changes side by side, once per run,
-- instead of looking each deployment up (production, the condition, is in the index too: SQLite reads
-- the index alone); and when each period's values were last computed: compute
-- rewrites only the values that changed, so a value's own computed_at is when it last changed.
CREATE INDEX dora_deployments_production_key ON dora_deployments (repo, kind, id, deployed_at, success, production)
 WHERE production = 1 AND deployed_at IS NOT NULL;

CREATE TABLE metric_periods (
  period      TEXT    PRIMARY KEY,          -- metric_values.period
  computed_at INTEGER NOT NULL              -- when compute last ran for it (Unix seconds, --now)
) WITHOUT ROWID;
INSERT INTO metric_periods (period, computed_at) SELECT period, MAX(computed_at) FROM metric_values GROUP BY period;
