-- Mark a repository's deployments from :from on as to be worked out again.
UPDATE dora_deployments SET changes = NULL, base_sha = NULL, n_changes = NULL
 WHERE repo = :repo AND deployed_at >= :from AND changes IS NOT NULL
   AND changes <> 'no_lead_time_source';
