-- Demo: the catalog component of a repository names its Argo CD application and PagerDuty service.
UPDATE catalog_components SET argocd_app = COALESCE(:app, argocd_app),
                              pagerduty_service = COALESCE(:service, pagerduty_service)
 WHERE repo_key = lower(:repo);
