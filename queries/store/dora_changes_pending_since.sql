-- When the earliest successful production deployment of a repository whose changes are still to be
-- worked out happened (NULL when none is pending).
SELECT MIN(deployed_at) AS first_at FROM dora_deployments
 WHERE repo = :repo AND production = 1 AND success = 1 AND deployed_at IS NOT NULL AND changes IS NULL;
