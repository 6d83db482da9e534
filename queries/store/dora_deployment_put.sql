-- Insert or refresh a deployment attempt.  Once successful a deployment stays successful at its
-- first success (a re-run of a successful deployment ships nothing new); a failed deployment that
-- succeeds on a re-run becomes successful at the re-run's completion and its changes are worked out.
INSERT INTO dora_deployments (repo, kind, id, workflow_id, sha, ref, environment, event, conclusion, attempt,
                              production, success, created_at, deployed_at, updated_at)
VALUES (:repo, :kind, :id, :workflow_id, :sha, :ref, :environment, :event, :conclusion, :attempt,
        :production, :success, :created_at, :deployed_at, :updated_at)
ON CONFLICT (repo, kind, id) DO UPDATE SET
  workflow_id = excluded.workflow_id, sha = excluded.sha, ref = excluded.ref,
  environment = excluded.environment, event = excluded.event, production = excluded.production,
  attempt = MAX(dora_deployments.attempt, excluded.attempt),
  conclusion = CASE WHEN dora_deployments.success = 1 THEN dora_deployments.conclusion ELSE excluded.conclusion END,
  deployed_at = CASE WHEN dora_deployments.success = 1 THEN dora_deployments.deployed_at ELSE excluded.deployed_at END,
  changes = CASE WHEN dora_deployments.success = 0 AND excluded.success = 1 THEN NULL ELSE dora_deployments.changes END,
  success = MAX(dora_deployments.success, excluded.success),
  updated_at = excluded.updated_at;
