-- The oldest time a PagerDuty row refers to: the earliest incident's creation.
SELECT MIN(created_at) AS oldest FROM pagerduty_incidents;
