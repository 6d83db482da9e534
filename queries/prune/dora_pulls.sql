-- Prune: pull requests merged before the retention boundary, except those whose merge commit is a change
-- of a kept deployment (it still starts at the pull request's opening).  Runs after prune/dora_changes.
DELETE FROM dora_pulls
 WHERE merged_at < :before
   AND merge_commit_sha NOT IN (SELECT c.sha FROM dora_changes c WHERE c.repo = dora_pulls.repo);
