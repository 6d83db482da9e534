-- People who started on a local date in [start_date, end_date).
SELECT team, days, productive_date
  FROM onboarding_records
 WHERE start_date >= :start_date AND start_date < :end_date
 ORDER BY start_date, person_key;
