-- Metric values of one period, optionally one scope (NULL = all).  computed_at is when the period was
-- last computed (metric_periods; a value's own column is when it last changed).
SELECT metric, period, scope, value, unit, n, band, tier, flags, detail,
       COALESCE((SELECT p.computed_at FROM metric_periods p WHERE p.period = :period), computed_at) AS computed_at
  FROM metric_values
 WHERE period = :period AND (:scope IS NULL OR scope = :scope);
