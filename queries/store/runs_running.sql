-- Runs that never recorded their end: with the run lock held, their process was killed or crashed.
SELECT id, source, started_at FROM collection_runs WHERE status = 'running' ORDER BY started_at, id;
