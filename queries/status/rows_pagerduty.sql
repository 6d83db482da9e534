-- Rows stored for the pagerduty source (idpmetrics status, "stored" column): incidents read.
SELECT COUNT(*) FROM pagerduty_incidents;
