-- Every application life recorded (gone ones too: their deployments stay), with its service.
SELECT uid, repo, production FROM argocd_apps ORDER BY uid;
