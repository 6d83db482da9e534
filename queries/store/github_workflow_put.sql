-- Store one workflow of a repository with the uses: found in its file.
INSERT INTO github_workflows (repo, id, name, path, state, uses, error, read_at)
VALUES (:repo, :id, :name, :path, :state, :uses, :error, :read_at)
ON CONFLICT (repo, id) DO UPDATE SET
  name = excluded.name, path = excluded.path, state = excluded.state, uses = excluded.uses,
  error = excluded.error, read_at = excluded.read_at;
