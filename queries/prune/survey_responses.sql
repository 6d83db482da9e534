-- Prune: survey responses submitted before the retention boundary.
DELETE FROM survey_responses WHERE responded_at < :before;
