-- Demo: a deployment run becomes an Argo CD sync of application :app.
UPDATE dora_deployments
   SET kind = 'argocd', id = :seq, app = :app, app_uid = :app_uid, history_id = :history_id, event = 'sync',
       workflow_id = NULL, ref = NULL, environment = :app
 WHERE repo = :repo AND kind = 'run' AND id = :id;
