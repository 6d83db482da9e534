-- Catalog components that name an Argo CD application (or select applications) and their repository.
SELECT ref, argocd_app, argocd_selector, repo FROM catalog_components
 WHERE (argocd_app IS NOT NULL OR argocd_selector IS NOT NULL) AND repo IS NOT NULL
 ORDER BY ref;
