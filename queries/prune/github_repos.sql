-- Prune: repositories gone from the organisation (deleted, transferred, no longer visible) since
-- before the retention boundary.  Listed repositories are current state and always stay.
DELETE FROM github_repos WHERE gone = 1 AND updated_at < :before;
