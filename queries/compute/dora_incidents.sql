-- Incidents of the configured source (dora.incidents) opened from the period's start until :until (its end
-- plus the incident window).
SELECT i.repo, r.name, i.opened_at, i.closed_at
  FROM dora_incidents i LEFT JOIN github_repos r ON r.full_name = i.repo
 WHERE i.opened_at >= :start AND i.opened_at < :until AND i.source = :source
 ORDER BY i.repo COLLATE NOCASE, i.opened_at, i.number;
