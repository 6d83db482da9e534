-- Report dataset: survey responses of the reported period: score, NPS group, team and comments,
-- and where each came from (the export's file name, or typeform:FORM_ID for a form read by API).
-- Names, e-mail and IP addresses were never stored; the response key is salted.
-- A team with fewer than :min_team_responses answers in the period (its NPS is suppressed) is not
-- listed at all: neither its team, nor its scores, nor its comments (they still count for the
-- organisation).  Team names are compared without case or surrounding spaces, so a spelling
-- variant is counted apart and suppressed the sooner, never the later.
SELECT responded, score, nps_group, team, comment, format, source
  FROM (SELECT strftime('%Y-%m-%dT%H:%M:%SZ', responded_at, 'unixepoch') AS responded,
               score,
               CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive' ELSE 'detractor' END AS nps_group,
               team,
               comment,
               format,
               file AS source,
               responded_at,
               response_key,
               COUNT(*) OVER (PARTITION BY lower(trim(team))) AS team_n
          FROM survey_responses
         WHERE responded_at >= :start AND responded_at < :end)
 WHERE team IS NULL OR trim(team) = '' OR team_n >= :min_team_responses
 ORDER BY responded_at, response_key;
