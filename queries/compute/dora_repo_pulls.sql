-- A repository's merged pull requests by merge commit (the index dora_pulls_by_merge_opened, read alone),
-- beside its changes' commits: a change that is a pull request's merge starts at the earliest opening.
SELECT merge_commit_sha, created_at
  FROM dora_pulls
 WHERE repo = :repo
 ORDER BY merge_commit_sha, created_at;
