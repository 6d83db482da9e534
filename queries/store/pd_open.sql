-- Stored incidents still open: asked again by id each night until resolved.
SELECT id FROM pagerduty_incidents WHERE resolved_at IS NULL AND merged = 0 ORDER BY created_at, id;
