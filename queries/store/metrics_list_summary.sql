-- Metric values of one period for every scope but the per-service ones (a report's earlier quarters);
-- computed_at as in metrics_list.
SELECT metric, period, scope, value, unit, n, band, tier, flags, detail,
       COALESCE((SELECT p.computed_at FROM metric_periods p WHERE p.period = :period), computed_at) AS computed_at
  FROM metric_values
 WHERE period = :period AND scope NOT GLOB 'service:*';
