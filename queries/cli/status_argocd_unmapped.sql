-- Production Argo CD applications still listed that map to no service (their syncs count nowhere).
SELECT name FROM argocd_apps WHERE production = 1 AND repo IS NULL AND gone = 0 ORDER BY name;
