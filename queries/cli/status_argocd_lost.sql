-- Argo CD syncs lost because an application's history rolled past its limit, per application and service.
SELECT g.app, a.repo, SUM(g.lost), MIN(g.from_at), MAX(g.to_at), MAX(g.after_id IS NULL)
  FROM argocd_gaps g LEFT JOIN argocd_apps a ON a.uid = g.app_uid
 GROUP BY g.app_uid ORDER BY g.app, g.app_uid;
