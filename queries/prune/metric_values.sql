-- Prune: computed values of the quarters and months that end before the retention boundary.
-- Labels compare in time order within a kind ("2024-Q4" < "2025-Q1", "2024-12" < "2025-01");
-- :before_quarter and :before_month are the periods that contain :before, which are kept.
DELETE FROM metric_values
 WHERE (period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]' AND period < :before_quarter)
    OR (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' AND period < :before_month);
