-- Per source: the latest run, the latest successful run (ok or partial), the latest failure
-- (failed, or interrupted: killed or crashed) and how many failures followed the last success.
SELECT r.source,
       (SELECT MAX(started_at) FROM collection_runs s WHERE s.source = r.source AND s.status IN ('ok', 'partial')) AS last_ok,
       (SELECT started_at FROM collection_runs f WHERE f.source = r.source AND f.status IN ('failed', 'interrupted')
         ORDER BY started_at DESC, id DESC LIMIT 1) AS last_failure,
       (SELECT message FROM collection_runs f WHERE f.source = r.source AND f.status IN ('failed', 'interrupted')
         ORDER BY started_at DESC, id DESC LIMIT 1) AS last_failure_message,
       r.started_at, r.finished_at, r.status, r.requests, r.not_modified, r.rows_written, r.warnings, r.errors, r.message,
       (SELECT COUNT(*) FROM collection_runs c WHERE c.source = r.source AND c.status IN ('failed', 'interrupted')
           AND c.id > COALESCE((SELECT MAX(id) FROM collection_runs o WHERE o.source = r.source AND o.status IN ('ok', 'partial')), 0))
         AS failures_since_ok
  FROM collection_runs r
 WHERE r.id = (SELECT id FROM collection_runs x WHERE x.source = r.source ORDER BY started_at DESC, id DESC LIMIT 1)
 ORDER BY r.source;
