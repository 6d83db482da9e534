-- Rows stored for the github source (idpmetrics status, "stored" column): repositories,
-- workflows and daily snapshots.
SELECT (SELECT COUNT(*) FROM github_repos) + (SELECT COUNT(*) FROM github_workflows)
     + (SELECT COUNT(*) FROM github_repo_snapshots);
