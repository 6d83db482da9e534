-- Every merged pull request by repository and merge commit (the index dora_pulls_by_merge_opened),
-- read beside the changes: a change that is a pull request's merge starts at the earliest opening.
SELECT repo, merge_commit_sha, created_at
  FROM dora_pulls
 ORDER BY repo, merge_commit_sha, created_at;
