-- Every team named on an imported ticket, with its first ticket's creation (read once per compute run:
-- a period's teams are those named before its end).
SELECT team, MIN(created_at) AS first_at FROM tickets WHERE team IS NOT NULL AND team <> '' GROUP BY team ORDER BY team;
