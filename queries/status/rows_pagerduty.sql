-- Rows stored for the pagerduty source (idpmetrics status, "stored" column): incidents read.
SELECT COUNT(*) AS stored FROM pagerduty_incidents;
