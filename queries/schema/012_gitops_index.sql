-- The Argo CD deployments without an application commit ('no_lead_time_source'), by time: compute
-- counts them per period (compute/dora_gitops.sql).  Without this index each period looked up every
-- production deployment of the quarter in the table for its kind and changes (70 % of the page
-- reads of `compute --all` on the large benchmark organisation).
CREATE INDEX dora_deployments_no_lead_time ON dora_deployments (deployed_at, repo)
 WHERE kind = 'argocd' AND changes = 'no_lead_time_source' AND production = 1 AND success = 1;
