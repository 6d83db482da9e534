-- Prune: the record of collections that started before the retention boundary.
DELETE FROM collection_runs WHERE started_at < :before AND status <> 'running';
