-- Rows stored for onboarding records (idpmetrics import onboarding; status "stored" column).
SELECT COUNT(*) AS stored FROM onboarding_records;
