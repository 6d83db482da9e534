-- The repositories' names and whether they are still listed and not archived, by name (case-insensitive).
SELECT full_name, name, archived, gone
  FROM github_repos
 ORDER BY full_name;
