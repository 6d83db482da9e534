-- Every listed repository with its name: the report resolves each to its owning team (the same
-- resolver as the team KPIs) so a team's page can list its services (service:NAME scopes).
SELECT full_name, name
  FROM github_repos
 ORDER BY full_name COLLATE NOCASE;
