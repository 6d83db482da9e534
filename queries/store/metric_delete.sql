-- Forget one value that is no longer computed.
DELETE FROM metric_values WHERE metric = :metric AND period = :period AND scope = :scope;
