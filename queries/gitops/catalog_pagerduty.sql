-- Catalog components that name a PagerDuty service, and their repository.
SELECT ref, pagerduty_service, repo FROM catalog_components
 WHERE pagerduty_service IS NOT NULL AND repo IS NOT NULL
 ORDER BY ref;
