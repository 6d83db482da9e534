-- The stored values of one metric in one period in scope order: one range of the key, no lookup per row
-- and no sorting.  compute compares them with what it computed and writes only what changed.
SELECT scope, value, unit, n, band, tier, flags, detail
  FROM metric_values
 WHERE metric = :metric AND period = :period
 ORDER BY scope;
