-- Store one computed metric value.
INSERT INTO metric_values (metric, period, scope, value, unit, n, band, tier, flags, detail, computed_at)
VALUES (:metric, :period, :scope, :value, :unit, :n, :band, :tier, :flags, :detail, :computed_at)
ON CONFLICT (metric, period, scope) DO UPDATE SET
  value = excluded.value, unit = excluded.unit, n = excluded.n, band = excluded.band, tier = excluded.tier,
  flags = excluded.flags, detail = excluded.detail, computed_at = excluded.computed_at;
