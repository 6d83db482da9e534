-- Every team named on an imported ticket created before :end.
SELECT DISTINCT team FROM tickets WHERE team IS NOT NULL AND team <> '' AND created_at < :end ORDER BY team;
