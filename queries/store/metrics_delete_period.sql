-- Forget the values of a period before it is computed again.
DELETE FROM metric_values WHERE period = :period;
