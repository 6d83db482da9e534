-- Insert a person's onboarding record, or update it when a later file changed it.
INSERT INTO onboarding_records (person_key, team, start_date, productive_date, days, file, line, imported_at)
VALUES (:person_key, :team, :start_date, :productive_date, :days, :file, :line, :imported_at)
ON CONFLICT (person_key) DO UPDATE SET
  team = excluded.team, start_date = excluded.start_date, productive_date = excluded.productive_date,
  days = excluded.days, file = excluded.file, line = excluded.line, imported_at = excluded.imported_at
WHERE onboarding_records.team IS NOT excluded.team OR onboarding_records.start_date IS NOT excluded.start_date
   OR onboarding_records.productive_date IS NOT excluded.productive_date;
