-- ... and the changes worked out from them.
DELETE FROM dora_changes;
