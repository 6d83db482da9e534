-- The services Argo CD deploys whose changes are still to be worked out, with their default branch.
SELECT d.repo, r.default_branch FROM dora_deployments d LEFT JOIN github_repos r ON r.full_name = d.repo
 WHERE d.kind = 'argocd' AND d.production = 1 AND d.success = 1 AND d.changes IS NULL
 GROUP BY d.repo ORDER BY d.repo COLLATE NOCASE;
