-- Rows stored for the surveys source (idpmetrics status, "stored" column).
SELECT COUNT(*) AS stored FROM survey_responses;
