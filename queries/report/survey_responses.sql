-- Report dataset: survey responses of the reported period: score, NPS group, team and comments,
-- and where each came from (the export's file name, or typeform:FORM_ID for a form read by API).
-- Names, e-mail and IP addresses were never stored; the response key is salted.
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', responded_at, 'unixepoch') AS responded,
       score,
       CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive' ELSE 'detractor' END AS nps_group,
       team,
       comment,
       format,
       file AS source
  FROM survey_responses
 WHERE responded_at >= :start AND responded_at < :end
 ORDER BY responded_at, response_key;
