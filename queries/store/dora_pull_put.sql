-- A merged pull request and the commit its merge produced.
INSERT INTO dora_pulls (repo, number, merge_commit_sha, created_at, merged_at)
VALUES (:repo, :number, :merge_commit_sha, :created_at, :merged_at)
ON CONFLICT (repo, number) DO UPDATE SET
  merge_commit_sha = excluded.merge_commit_sha, created_at = excluded.created_at, merged_at = excluded.merged_at;
