-- Metric values of one period, optionally one scope (NULL = all).
SELECT metric, period, scope, value, unit, n, band, tier, flags, detail, computed_at
  FROM metric_values
 WHERE period = :period AND (:scope IS NULL OR scope = :scope);
