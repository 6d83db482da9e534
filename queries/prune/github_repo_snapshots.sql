-- Prune: daily repository snapshots taken before the retention boundary (periods pick them by taken_at).
DELETE FROM github_repo_snapshots WHERE taken_at < :before;
