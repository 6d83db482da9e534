-- The seq of a recorded sync: a history entry by (uid, id), a failed operation by (uid, start).
SELECT seq FROM argocd_syncs
 WHERE app_uid = :app_uid
   AND ((:history_id IS NOT NULL AND history_id = :history_id)
        OR (:history_id IS NULL AND history_id IS NULL AND started_at = :started_at));
