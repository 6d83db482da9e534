-- Remember a GitHub Deployment as listed; its outcome comes from its statuses (deployment_finish).
INSERT INTO dora_deployments (repo, kind, id, sha, ref, environment, production, success, created_at, updated_at)
VALUES (:repo, 'deployment', :id, :sha, :ref, :environment, :production, 0, :created_at, :updated_at)
ON CONFLICT (repo, kind, id) DO NOTHING;
