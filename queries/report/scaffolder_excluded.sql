-- Report exclusions: scaffolder tasks of [:start, :end) that the lead-time KPIs leave out, by reason.
-- Columns: what, count, reason (a message key exclusion.<reason>, or plain text).
SELECT 'scaffolder_tasks' AS what, COUNT(*) AS count, 'task_unfinished' AS reason
  FROM scaffolder_tasks
 WHERE created_at >= :start AND created_at < :end AND status IN ('open', 'processing')
UNION ALL
SELECT 'scaffolder_tasks', COUNT(*), 'task_failed'
  FROM scaffolder_tasks
 WHERE created_at >= :start AND created_at < :end AND status IN ('failed', 'cancelled')
UNION ALL
SELECT 'scaffolder_tasks', COUNT(*), 'task_no_completion_time'
  FROM scaffolder_tasks
 WHERE created_at >= :start AND created_at < :end AND status = 'completed'
   AND (completed_at IS NULL OR completed_at < created_at)
UNION ALL
SELECT 'scaffolder_tasks', COUNT(*), 'task_approximate'
  FROM scaffolder_tasks
 WHERE created_at >= :start AND created_at < :end AND status = 'completed' AND completed_approx = 1;
