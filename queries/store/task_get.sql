-- What is stored of one scaffolder task: decides whether its events must be read again, and whether it changed.
SELECT status, last_heartbeat_at, events_fetched_at, completed_at, completed_approx, cancelled,
       repo_host, repo_owner, repo_name, raw IS :raw AS same_raw
  FROM scaffolder_tasks
 WHERE id = :id;
