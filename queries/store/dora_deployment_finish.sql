-- The final outcome of a GitHub Deployment from its statuses.
UPDATE dora_deployments
   SET conclusion = :conclusion, success = :success, deployed_at = :deployed_at, updated_at = :updated_at
 WHERE repo = :repo AND kind = 'deployment' AND id = :id;
