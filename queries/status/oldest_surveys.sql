-- The oldest survey response (compute --all starts from its quarter).
SELECT MIN(responded_at) AS oldest FROM survey_responses;
