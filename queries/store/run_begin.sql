-- Start a collection run of one source.
INSERT INTO collection_runs (source, started_at) VALUES (:source, :started_at) RETURNING id;
