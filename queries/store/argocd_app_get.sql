-- What is known of an application life: its newest history id, its service and when it was last read.
SELECT last_id, repo, last_seen FROM argocd_apps WHERE uid = :uid;
