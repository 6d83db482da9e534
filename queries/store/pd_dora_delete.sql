-- A PagerDuty incident's DORA row goes (re-mapped, merged, filtered out by urgency).
DELETE FROM dora_incidents WHERE source = 'pagerduty' AND ref = :ref;
