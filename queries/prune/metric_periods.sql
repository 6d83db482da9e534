-- Prune: when the pruned quarters and months were computed (as prune/metric_values).
DELETE FROM metric_periods
 WHERE (period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]' AND period < :before_quarter)
    OR (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' AND period < :before_month);
