-- Report exclusions: Argo CD syncs and PagerDuty incidents of [:start, :end) that the DORA keys leave out,
-- by reason.  Columns: what, count, reason (a message key exclusion.<reason>).
SELECT 'argocd_syncs' AS what, COUNT(*) AS count, 'argocd_unmapped' AS reason
  FROM argocd_syncs s JOIN argocd_apps a ON a.uid = s.app_uid
 WHERE a.production = 1 AND a.repo IS NULL AND s.deployed_at >= :start AND s.deployed_at < :end
UNION ALL
SELECT 'argocd_syncs', COUNT(*), 'argocd_resync'
  FROM argocd_syncs s JOIN argocd_apps a ON a.uid = s.app_uid
 WHERE a.production = 1 AND a.repo IS NOT NULL AND s.resync = 1 AND s.deployed_at >= :start AND s.deployed_at < :end
UNION ALL
SELECT 'argocd_syncs', COALESCE(SUM(g.lost), 0), 'argocd_lost'
  FROM argocd_gaps g JOIN argocd_apps a ON a.uid = g.app_uid
 WHERE a.production = 1 AND COALESCE(g.from_at, g.to_at) < :end AND g.to_at >= :start
UNION ALL
SELECT 'pagerduty_incidents', COUNT(*), 'pagerduty_merged'
  FROM pagerduty_incidents WHERE merged = 1 AND created_at >= :start AND created_at < :end
UNION ALL
SELECT 'pagerduty_incidents', COUNT(*), 'pagerduty_unmapped'
  FROM pagerduty_incidents WHERE merged = 0 AND repo IS NULL AND created_at >= :start AND created_at < :end
UNION ALL
SELECT 'pagerduty_incidents', COUNT(*), 'pagerduty_urgency'
  FROM pagerduty_incidents p
 WHERE p.merged = 0 AND p.repo IS NOT NULL AND p.created_at >= :start AND p.created_at < :end
   AND NOT EXISTS (SELECT 1 FROM dora_incidents i WHERE i.source = 'pagerduty' AND i.ref = p.id);
