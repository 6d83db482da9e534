-- Record syncs lost between two collections (the history rolled past its limit).
INSERT OR IGNORE INTO argocd_gaps (app_uid, app, after_id, before_id, lost, from_at, to_at, seen_at)
VALUES (:app_uid, :app, :after_id, :before_id, :lost, :from_at, :to_at, :now);
