-- Per source: the latest run, the latest successful run and the latest failure.
SELECT r.source,
       (SELECT MAX(started_at) FROM collection_runs s WHERE s.source = r.source AND s.status = 'ok') AS last_ok,
       (SELECT started_at FROM collection_runs f WHERE f.source = r.source AND f.status IN ('failed', 'partial')
         ORDER BY started_at DESC, id DESC LIMIT 1) AS last_failure,
       (SELECT message FROM collection_runs f WHERE f.source = r.source AND f.status IN ('failed', 'partial')
         ORDER BY started_at DESC, id DESC LIMIT 1) AS last_failure_message,
       r.started_at, r.finished_at, r.status, r.requests, r.not_modified, r.rows_written, r.warnings, r.errors, r.message
  FROM collection_runs r
 WHERE r.id = (SELECT id FROM collection_runs x WHERE x.source = r.source ORDER BY started_at DESC, id DESC LIMIT 1)
 ORDER BY r.source;
