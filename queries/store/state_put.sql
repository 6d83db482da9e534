-- Write an incremental cursor.
INSERT INTO source_state (source, key, value, updated_at) VALUES (:source, :key, :value, :updated_at)
ON CONFLICT (source, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
