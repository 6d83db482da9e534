-- Rows stored for the github source (idpmetrics status, "stored" column): repositories,
-- workflows and daily snapshots, and the DORA deployments, commits, pull requests and incidents.
SELECT (SELECT COUNT(*) FROM github_repos) + (SELECT COUNT(*) FROM github_workflows)
     + (SELECT COUNT(*) FROM github_repo_snapshots)
     + (SELECT COUNT(*) FROM dora_deployments) + (SELECT COUNT(*) FROM dora_commits)
     + (SELECT COUNT(*) FROM dora_pulls) + (SELECT COUNT(*) FROM dora_incidents) AS stored;
