-- Report exclusions: scaffolder tasks of [:start, :end) that the lead-time KPIs leave out, by reason.
-- Columns: what, count, reason (a message key exclusion.<reason>, or plain text).  The four counts
-- come from one pass over the period's tasks in the covering index (four passes cost 45 ms at the
-- size of a large organisation).
WITH c AS (
  SELECT COUNT(*) FILTER (WHERE status IN ('open', 'processing')) AS unfinished,
         COUNT(*) FILTER (WHERE status IN ('failed', 'cancelled')) AS failed,
         COUNT(*) FILTER (WHERE status = 'completed' AND (completed_at IS NULL OR completed_at < created_at))
           AS no_completion_time,
         COUNT(*) FILTER (WHERE status = 'completed' AND completed_approx = 1) AS approximate
    FROM scaffolder_tasks
   WHERE created_at >= :start AND created_at < :end)
SELECT 'scaffolder_tasks' AS what, unfinished AS count, 'task_unfinished' AS reason FROM c
UNION ALL
SELECT 'scaffolder_tasks', failed, 'task_failed' FROM c
UNION ALL
SELECT 'scaffolder_tasks', no_completion_time, 'task_no_completion_time' FROM c
UNION ALL
SELECT 'scaffolder_tasks', approximate, 'task_approximate' FROM c;
