-- The oldest onboarding start date (compute --all starts from its quarter).
SELECT MIN(unixepoch(start_date)) AS oldest FROM onboarding_records;
