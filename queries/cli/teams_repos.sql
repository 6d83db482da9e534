-- Every repository idpmetrics knows of: GitHub's current listing, and the repositories catalog components name.
-- Sorted without regard to case, GitHub's row first, so the same repository's rows are adjacent.
SELECT full_name AS repo, 1 AS in_github, archived FROM github_repos WHERE gone = 0
UNION ALL
SELECT repo, 0, NULL FROM catalog_components WHERE repo IS NOT NULL
ORDER BY 1 COLLATE NOCASE, 2 DESC;
