-- Prune: the changes of deployments completed before the retention boundary (before those deployments go).
DELETE FROM dora_changes
 WHERE (repo, kind, deployment) IN (SELECT repo, kind, id FROM dora_deployments WHERE deployed_at < :before);
