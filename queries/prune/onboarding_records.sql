-- Prune: onboarding records of people who started before the retention boundary.  start_date is a
-- local YYYY-MM-DD date; the boundary is the first day of :before_month, the month containing it.
DELETE FROM onboarding_records WHERE start_date < (:before_month || '-01');
