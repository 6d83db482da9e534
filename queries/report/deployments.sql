-- Report dataset: production deployments completed in the reported period, one row per deployment.
SELECT repo AS repository,
       kind,
       id,
       sha,
       ref,
       environment,
       conclusion,
       success,
       attempt,
       strftime('%Y-%m-%dT%H:%M:%SZ', deployed_at, 'unixepoch') AS deployed,
       n_changes AS changes
  FROM dora_deployments
 WHERE production = 1 AND deployed_at >= :start AND deployed_at < :end
 ORDER BY deployed_at, repo, id;
