-- Rows stored for the surveys source (idpmetrics status, "stored" column).
SELECT COUNT(*) FROM survey_responses;
