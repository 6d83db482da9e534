-- Every service Argo CD deploys (for its incident issues), with its default branch.
SELECT d.repo, r.default_branch FROM dora_deployments d LEFT JOIN github_repos r ON r.full_name = d.repo
 WHERE d.kind = 'argocd' AND d.production = 1
 GROUP BY d.repo ORDER BY d.repo COLLATE NOCASE;
