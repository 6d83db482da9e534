-- Prune: scaffolder tasks created before the retention boundary.
DELETE FROM scaffolder_tasks WHERE created_at < :before;
