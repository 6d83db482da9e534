-- The revision of an application's latest successful sync before :at (any life of the same name).
SELECT revision FROM argocd_syncs
 WHERE app = :app AND history_id IS NOT NULL AND deployed_at < :at
 ORDER BY deployed_at DESC, history_id DESC LIMIT 1;
