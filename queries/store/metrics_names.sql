-- Every metric that has stored values, walked one seek at a time (a loose scan of the key's first column).
WITH RECURSIVE metrics(metric) AS (
  SELECT MIN(metric) FROM metric_values
  UNION ALL
  SELECT (SELECT MIN(v.metric) FROM metric_values v WHERE v.metric > metrics.metric)
    FROM metrics WHERE metrics.metric IS NOT NULL
)
SELECT metric FROM metrics WHERE metric IS NOT NULL;
