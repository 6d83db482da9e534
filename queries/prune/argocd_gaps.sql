-- Prune: lost-sync gaps that ended before the retention boundary.
DELETE FROM argocd_gaps WHERE to_at < :before;
