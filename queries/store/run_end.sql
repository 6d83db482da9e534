-- Finish a collection run with its counters.
UPDATE collection_runs
   SET finished_at = :finished_at, status = :status, requests = :requests, not_modified = :not_modified,
       rows_written = :rows, warnings = :warnings, errors = :errors, message = :message
 WHERE id = :id;
