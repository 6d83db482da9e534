-- Report dataset: incidents opened in the reported period, with the hours to close them.
SELECT repo AS repository,
       number,
       strftime('%Y-%m-%dT%H:%M:%SZ', opened_at, 'unixepoch') AS opened,
       strftime('%Y-%m-%dT%H:%M:%SZ', closed_at, 'unixepoch') AS closed,
       CASE WHEN closed_at IS NOT NULL AND closed_at >= opened_at THEN (closed_at - opened_at) / 3600.0 END
         AS recovery_hours
  FROM dora_incidents
 WHERE opened_at >= :start AND opened_at < :end
 ORDER BY opened_at, repo, number;
