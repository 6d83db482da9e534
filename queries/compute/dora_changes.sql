-- Changes first shipped in the period: each commit once per repository, at the earliest successful
-- production deployment that contained it, with the opening of the pull request it is the merge of.
-- The period's deployments are read from the index dora_deployments_shipped; a commit that an earlier
-- deployment already shipped is left out (it was first shipped then).
SELECT c.repo, r.name, MIN(d.deployed_at) AS shipped, MIN(c.authored_at),
       (SELECT MIN(p.created_at) FROM dora_pulls p WHERE p.repo = c.repo AND p.merge_commit_sha = c.sha)
  FROM dora_deployments d
  JOIN dora_changes c ON c.repo = d.repo AND c.kind = d.kind AND c.deployment = d.id
  LEFT JOIN github_repos r ON r.full_name = c.repo
 WHERE d.production = 1 AND d.success = 1 AND d.deployed_at IS NOT NULL
   AND d.deployed_at >= :start AND d.deployed_at < :end
   AND NOT EXISTS (SELECT 1 FROM dora_changes e  -- CROSS JOIN: SQLite looks the commit up first, then its deployments
                     CROSS JOIN dora_deployments f ON f.repo = e.repo AND f.kind = e.kind AND f.id = e.deployment
                    WHERE e.repo = c.repo AND e.sha = c.sha
                      AND f.production = 1 AND f.success = 1 AND f.deployed_at IS NOT NULL AND f.deployed_at < :start)
 GROUP BY c.repo, c.sha
 ORDER BY c.repo COLLATE NOCASE, shipped, c.sha;
