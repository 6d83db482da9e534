-- Whether a repository has any production deployment recorded.
SELECT EXISTS (SELECT 1 FROM dora_deployments WHERE repo = :repo AND production = 1) AS present;
