-- Rows stored for the argocd source (idpmetrics status, "stored" column): applications, syncs, lost-sync gaps.
SELECT (SELECT COUNT(*) FROM argocd_apps) + (SELECT COUNT(*) FROM argocd_syncs) + (SELECT COUNT(*) FROM argocd_gaps) AS stored;
