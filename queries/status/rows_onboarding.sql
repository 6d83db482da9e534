-- Rows stored for onboarding records (idpmetrics import onboarding; status "stored" column).
SELECT COUNT(*) FROM onboarding_records;
