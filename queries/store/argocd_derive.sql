-- The deployments of a mapped production application: its syncs that shipped something (re-syncs
-- excluded), successful when the sync succeeded.  Kept as they are once there; what 'prune' dropped
-- (before :keep_after) is not brought back.
INSERT OR IGNORE INTO dora_deployments (repo, kind, id, sha, ref, environment, event, conclusion, attempt, production,
                                        success, created_at, deployed_at, changes, n_changes, updated_at, app, app_uid,
                                        history_id)
SELECT :repo, 'argocd', s.seq, COALESCE(s.commit_sha, s.revision), NULL, s.app, 'sync',
       CASE s.phase WHEN 'Succeeded' THEN 'success' WHEN 'Error' THEN 'error' ELSE 'failure' END, 1, 1,
       s.phase = 'Succeeded', COALESCE(s.started_at, s.deployed_at), s.deployed_at,
       CASE WHEN s.lead_source = 'no_lead_time_source' THEN 'no_lead_time_source' END,
       CASE WHEN s.lead_source = 'no_lead_time_source' THEN 0 END, :now, s.app, s.app_uid, s.history_id
  FROM argocd_syncs s
 WHERE s.app_uid = :app_uid AND s.resync = 0 AND (:keep_after IS NULL OR s.deployed_at >= :keep_after);
