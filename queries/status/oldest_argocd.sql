-- The oldest time an Argo CD row refers to: the earliest sync recorded (compute --all starts from its quarter).
SELECT MIN(deployed_at) AS oldest FROM argocd_syncs;
