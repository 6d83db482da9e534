-- Argo CD syncs lost because an application's history rolled past its limit, per application and service.
SELECT g.app AS app, a.repo AS repo, SUM(g.lost) AS lost, MIN(g.from_at) AS from_at, MAX(g.to_at) AS to_at,
       MAX(g.after_id IS NULL) AS before_first
  FROM argocd_gaps g LEFT JOIN argocd_apps a ON a.uid = g.app_uid
 GROUP BY g.app_uid ORDER BY g.app, g.app_uid;
