-- Report dataset: where each DORA key of the period came from (the DORA section's methodology line):
-- the kinds of production deployments and the sources of the incidents of the period, with counts.
-- The deployments are counted from the covering production-by-time index; those without an
-- application commit (only Argo CD deployments are ever recorded so, store/argocd_derive.sql) from
-- the partial index of them: reading `changes` of every deployment of the quarter from the table
-- cost 0.11 s of the report's 0.6 s model on the large benchmark organisation.
WITH n AS (
  SELECT COUNT(*) AS no_lead
    FROM dora_deployments
   WHERE kind = 'argocd' AND changes = 'no_lead_time_source' AND production = 1 AND success = 1
     AND deployed_at >= :start AND deployed_at < :end),
d AS (
  SELECT kind, SUM(success) AS ok, SUM(1 - success) AS failed,
         CASE WHEN kind = 'argocd' THEN (SELECT no_lead FROM n) ELSE 0 END AS no_lead
    FROM dora_deployments
   WHERE production = 1 AND deployed_at >= :start AND deployed_at < :end
   GROUP BY kind),
i AS (
  SELECT source, COUNT(*) AS n FROM dora_incidents WHERE opened_at >= :start AND opened_at < :end GROUP BY source),
rows AS (
  SELECT 1 AS k, 'deployment_frequency' AS dora_key,
         CASE kind WHEN 'run' THEN 'GitHub Actions deployment workflow runs'
                   WHEN 'deployment' THEN 'GitHub Deployments'
                   WHEN 'argocd' THEN 'Argo CD sync history (re-syncs excluded)'
                   ELSE kind END AS source,
         ok AS records
    FROM d
  UNION ALL
  SELECT 2, 'lead_time_for_changes',
         CASE kind WHEN 'argocd' THEN 'GitHub commits reachable from the synced revision or image tag'
                   ELSE 'GitHub commits reachable from the deployed commit' END,
         ok - no_lead
    FROM d
  UNION ALL
  SELECT 2, 'lead_time_for_changes', 'Argo CD deployments without an application commit (no_lead_time_source)',
         no_lead
    FROM d WHERE no_lead > 0
  UNION ALL
  SELECT 3, 'change_failure_rate',
         CASE source WHEN 'github' THEN 'GitHub issues labelled as incidents, attributed to deployments'
                     WHEN 'pagerduty' THEN 'PagerDuty incidents, attributed to deployments'
                     ELSE source || ' incidents, attributed to deployments' END,
         n
    FROM i
  UNION ALL
  SELECT 4, 'failed_deployment_recovery_time',
         CASE source WHEN 'github' THEN 'GitHub issues: opened to closed'
                     WHEN 'pagerduty' THEN 'PagerDuty incidents: created_at to resolved_at'
                     ELSE source || ' incidents: opened to resolved' END,
         n
    FROM i)
SELECT dora_key, source, records FROM rows ORDER BY k, source;
