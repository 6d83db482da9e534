-- Commits listed as a change of more than one deployment (a rollback, then a deployment that ships
-- them again): the only ones whose first shipping lies outside the deployment that lists them.
SELECT repo, sha FROM dora_changes GROUP BY repo, sha HAVING COUNT(*) > 1;
