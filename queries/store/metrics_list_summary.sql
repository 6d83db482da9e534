-- Metric values of one period for every scope but the per-service ones (a report's earlier quarters);
-- computed_at as in metrics_list.  The per-service scopes are left out as two ranges of the
-- (period, scope) index around 'service:' ... 'service;' (':' + 1), the same rows as NOT GLOB
-- 'service:*' (scope compares bytewise), so only the other scopes' rows are visited: the GLOB
-- read all 32,000 index entries of a period of the large benchmark organisation for its 1,500.
SELECT metric, period, scope, value, unit, n, band, tier, flags, detail,
       COALESCE((SELECT p.computed_at FROM metric_periods p WHERE p.period = :period), computed_at) AS computed_at
  FROM metric_values
 WHERE period = :period AND (scope < 'service:' OR scope >= 'service;');
