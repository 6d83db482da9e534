-- Forget the changes of a repository's deployments from :from on (a deployment arrived late and
-- every later one's base may have moved).
DELETE FROM dora_changes
 WHERE repo = :repo AND (kind, deployment) IN (SELECT kind, id FROM dora_deployments
                                                WHERE repo = :repo AND deployed_at >= :from);
