-- Mark a run whose process died before it finished (finished_at stays NULL: nobody saw the end).
UPDATE collection_runs SET status = 'interrupted', message = :message WHERE id = :id AND status = 'running';
