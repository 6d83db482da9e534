-- Record how a deployment's changes were worked out.
UPDATE dora_deployments SET changes = :changes, base_sha = :base_sha, n_changes = :n_changes
 WHERE repo = :repo AND kind = :kind AND id = :id;
