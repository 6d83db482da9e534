-- When a commit of a repository was first shipped by a successful production deployment, and its
-- earliest author date among the deployments that list it (NULLs when none shipped it).
SELECT MIN(d.deployed_at), MIN(c.authored_at)
  FROM dora_changes c
 CROSS JOIN dora_deployments d ON d.repo = c.repo AND d.kind = c.kind AND d.id = c.deployment
 WHERE c.repo = :repo AND c.sha = :sha
   AND d.production = 1 AND d.success = 1 AND d.deployed_at IS NOT NULL;
