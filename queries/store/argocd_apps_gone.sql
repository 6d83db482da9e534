-- Applications not listed tonight (deleted, or out of argocd.projects/selector) are gone.
UPDATE argocd_apps SET gone = 1 WHERE last_seen < :now AND gone = 0;
