-- A repository's successful production deployments in the order they happened (an Argo CD deployment
-- without an application commit, changes 'no_lead_time_source', is no base for the next one's changes).
SELECT kind, id, sha, deployed_at, changes FROM dora_deployments
 WHERE repo = :repo AND production = 1 AND success = 1 AND deployed_at IS NOT NULL
   AND changes IS NOT 'no_lead_time_source'
 ORDER BY deployed_at, kind, id;
