-- Prune: incidents opened before the retention boundary.
DELETE FROM dora_incidents WHERE opened_at < :before;
