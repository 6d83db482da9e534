-- Insert a survey response, or update it when a later export changed it (nothing happens when equal).
-- An export without the team or comment columns (say a legacy re-export) keeps what an earlier one stored.
INSERT INTO survey_responses (response_key, format, file, line, responded_at, score, team, comment, imported_at)
VALUES (:response_key, :format, :file, :line, :responded_at, :score, :team, :comment, :imported_at)
ON CONFLICT (response_key) DO UPDATE SET
  format = excluded.format, file = excluded.file, line = excluded.line, responded_at = excluded.responded_at,
  score = excluded.score, team = COALESCE(excluded.team, survey_responses.team),
  comment = COALESCE(excluded.comment, survey_responses.comment), imported_at = excluded.imported_at
WHERE survey_responses.score IS NOT excluded.score OR survey_responses.responded_at IS NOT excluded.responded_at
   OR (excluded.team IS NOT NULL AND survey_responses.team IS NOT excluded.team)
   OR (excluded.comment IS NOT NULL AND survey_responses.comment IS NOT excluded.comment);
