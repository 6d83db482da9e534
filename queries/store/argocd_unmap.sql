-- The deployments of an application life that belong to another service (or none) now.
DELETE FROM dora_deployments
 WHERE kind = 'argocd' AND app_uid = :app_uid AND (:repo IS NULL OR repo <> :repo COLLATE NOCASE);
