-- Changes first shipped in the period: each commit once per repository, at the earliest successful
-- production deployment that contained it, with the opening of the pull request it is the merge of.
SELECT c.repo, r.name, MIN(d.deployed_at) AS shipped, MIN(c.authored_at),
       (SELECT MIN(p.created_at) FROM dora_pulls p WHERE p.repo = c.repo AND p.merge_commit_sha = c.sha)
  FROM dora_changes c
  JOIN dora_deployments d ON d.repo = c.repo AND d.kind = c.kind AND d.id = c.deployment
  LEFT JOIN github_repos r ON r.full_name = c.repo
 WHERE d.success = 1 AND d.production = 1 AND d.deployed_at IS NOT NULL
 GROUP BY c.repo, c.sha
HAVING shipped >= :start AND shipped < :end
 ORDER BY c.repo COLLATE NOCASE, shipped, c.sha;
