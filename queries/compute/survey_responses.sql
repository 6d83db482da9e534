-- Survey responses submitted in [start, end), in a stable order.
SELECT score, team, comment, responded_at, response_key
  FROM survey_responses
 WHERE responded_at >= :start AND responded_at < :end
 ORDER BY responded_at, response_key;
