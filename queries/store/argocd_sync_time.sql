-- When a recorded history entry of an application life was deployed.
SELECT deployed_at FROM argocd_syncs WHERE app_uid = :app_uid AND history_id = :history_id;
