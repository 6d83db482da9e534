-- Prune: Argo CD syncs before the retention boundary, except each application life's newest history
-- entry (the next entry's re-sync test compares with it).  Their deployments go with dora_deployments'.
DELETE FROM argocd_syncs
 WHERE deployed_at < :before
   AND seq NOT IN (SELECT MAX(seq) FROM argocd_syncs WHERE history_id IS NOT NULL GROUP BY app_uid);
