-- Record a sync once (a history entry by app uid and id, a failed operation by its start).
INSERT OR IGNORE INTO argocd_syncs (app_uid, app, history_id, revision, commit_sha, lead_source, phase, started_at,
                                    deployed_at, resync, seen_at)
VALUES (:app_uid, :app, :history_id, :revision, :commit_sha, :lead_source, :phase, :started_at, :deployed_at,
        :resync, :now);
