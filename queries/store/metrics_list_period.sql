-- Metric values of one period, every scope (store/metrics_list with no scope): computed_at as there.
-- The period's rows are read as one range of the key (metric, period, scope) per metric, the metrics
-- found by one seek each: by the (period, scope) index every row was a lookup in the table (a
-- quarter of a large organisation, 32,000 rows: 4x the CPU time).
WITH RECURSIVE names(name) AS (
  SELECT MIN(metric) FROM metric_values
  UNION ALL
  SELECT (SELECT metric FROM metric_values WHERE metric > names.name ORDER BY metric LIMIT 1)
    FROM names WHERE names.name IS NOT NULL)
SELECT metric, period, scope, value, unit, n, band, tier, flags, detail,
       COALESCE((SELECT p.computed_at FROM metric_periods p WHERE p.period = :period), computed_at) AS computed_at
  FROM metric_values
 WHERE metric IN (SELECT name FROM names) AND period = :period;
