-- The oldest time a scaffolder task refers to (compute --all starts from its quarter).
SELECT MIN(created_at) AS oldest FROM scaffolder_tasks;
