-- Attribute every collected Jira incident to the services its components and labels name: a
-- GitHub repository by name or owner/name, or a catalog component by name whose repository is
-- known (case-insensitive).  One dora_incidents row per service; a GitHub issue row of the same
-- repository and number is left alone.
INSERT OR IGNORE INTO dora_incidents (repo, number, opened_at, closed_at, updated_at, source, ref)
SELECT DISTINCT m.repo, j.issue_id, j.created_at, j.resolved_at, j.updated_at, 'jira', j.issue_key
  FROM jira_incidents j, json_each(j.names) n
  JOIN (SELECT lower(full_name) AS name, full_name AS repo FROM github_repos
        UNION ALL SELECT lower(name), full_name FROM github_repos
        UNION ALL SELECT lower(c.name), COALESCE(r.full_name, c.repo) FROM catalog_components c
                    LEFT JOIN github_repos r ON r.full_name = c.repo
                   WHERE c.repo IS NOT NULL AND c.repo <> '') m
    ON m.name = lower(n.value)
 WHERE n.type = 'text';
