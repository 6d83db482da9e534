-- Prune: workflows last read before the retention boundary whose repository is gone or was pruned
-- (the workflows of listed repositories are current state and stay, however old).
DELETE FROM github_workflows
 WHERE read_at < :before
   AND repo NOT IN (SELECT full_name FROM github_repos WHERE gone = 0);
