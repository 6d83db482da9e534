-- ... and their changes (run first).
DELETE FROM dora_changes
 WHERE kind = 'argocd' AND deployment IN (SELECT id FROM dora_deployments
                                           WHERE kind = 'argocd' AND app_uid = :app_uid
                                             AND (:repo IS NULL OR repo <> :repo COLLATE NOCASE));
