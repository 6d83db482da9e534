-- Per service, what the GitOps sources say about the period [start, end): Argo CD syncs lost while
-- the history rolled past its limit (gaps overlapping the period) and successful deployments without
-- an application commit (changes 'no_lead_time_source').
SELECT repo, SUM(lost), SUM(no_lead) FROM (
  SELECT a.repo AS repo, g.lost AS lost, 0 AS no_lead
    FROM argocd_gaps g JOIN argocd_apps a ON a.uid = g.app_uid
   WHERE a.repo IS NOT NULL AND a.production = 1
     AND COALESCE(g.from_at, g.to_at) < :end AND g.to_at >= :start
  UNION ALL
  SELECT d.repo, 0, 1
    FROM dora_deployments d
   WHERE d.kind = 'argocd' AND d.production = 1 AND d.success = 1 AND d.changes = 'no_lead_time_source'
     AND d.deployed_at >= :start AND d.deployed_at < :end
) GROUP BY repo COLLATE NOCASE;
