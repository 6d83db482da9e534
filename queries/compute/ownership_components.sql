-- Catalog components that name a repository: repository -> owning team, lifecycle and tags for filters.
SELECT ref, team_ref, repo_key, lifecycle, tags
  FROM catalog_components
 WHERE repo_key IS NOT NULL
 ORDER BY ref;
