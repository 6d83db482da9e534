-- A repository's successful production deployments in the order they happened.
SELECT kind, id, sha, deployed_at, changes FROM dora_deployments
 WHERE repo = :repo AND production = 1 AND success = 1 AND deployed_at IS NOT NULL
 ORDER BY deployed_at, kind, id;
