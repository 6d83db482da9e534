-- Whether a survey response with this key is already stored.
SELECT 1 FROM survey_responses WHERE response_key = :response_key;
