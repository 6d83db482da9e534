-- Catalog components that name a PagerDuty service, and their repository (NULL: the service is unmapped,
-- its incidents are kept and reported but count for no service).
SELECT ref, pagerduty_service, repo FROM catalog_components
 WHERE pagerduty_service IS NOT NULL
 ORDER BY repo IS NULL, ref;
