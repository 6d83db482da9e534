-- The earliest opening of the pull requests merged as each commit (a squash merge's commit carries the
-- merge time as its author date, so a change starts when its pull request was opened).  Read in one
-- pass over the index dora_pulls_by_merge_opened.
SELECT repo, merge_commit_sha, MIN(created_at) FROM dora_pulls GROUP BY repo, merge_commit_sha;
