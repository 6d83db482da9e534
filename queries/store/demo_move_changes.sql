-- Demo: the changes of a deployment run become those of the Argo CD sync that replaces it.
UPDATE dora_changes SET kind = 'argocd', deployment = :seq
 WHERE repo = :repo AND kind = 'run' AND deployment = :id;
