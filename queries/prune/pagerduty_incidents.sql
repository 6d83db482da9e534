-- Prune: PagerDuty incidents created before the retention boundary (dora_incidents' rule).
DELETE FROM pagerduty_incidents WHERE created_at < :before;
