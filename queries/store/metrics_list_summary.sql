-- Metric values of one period for every scope but the per-service ones (a report's earlier quarters).
SELECT metric, period, scope, value, unit, n, band, tier, flags, detail, computed_at
  FROM metric_values
 WHERE period = :period AND scope NOT GLOB 'service:*';
