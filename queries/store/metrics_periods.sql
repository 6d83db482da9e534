-- Every period that has computed values, oldest first.
SELECT DISTINCT period FROM metric_values ORDER BY period;
