-- Read an incremental cursor.
SELECT value FROM source_state WHERE source = :source AND key = :key;
