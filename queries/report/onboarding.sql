-- Report dataset: people who started in the reported period (local dates), and their days to productivity.
SELECT team,
       start_date,
       productive_date,
       days
  FROM onboarding_records
 WHERE start_date >= :start_date AND start_date < :end_date
 ORDER BY start_date, person_key;
