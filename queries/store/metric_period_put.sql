-- When a period was last computed (its values are rewritten only where they changed).
INSERT INTO metric_periods (period, computed_at) VALUES (:period, :computed_at)
ON CONFLICT (period) DO UPDATE SET computed_at = excluded.computed_at;
