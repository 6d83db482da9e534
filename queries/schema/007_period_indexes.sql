-- Indexes that let compute and report read a period without touching the rest of the history
-- (measured in docs/BENCHMARKS.md: 8 quarters of a 5,000-repository organisation).

-- Scaffolder tasks: the task's owner parameter as a column (it was read out of the task JSON on every
-- compute), and an index that answers the period queries alone, without reading the ~4 kB rows.
ALTER TABLE scaffolder_tasks ADD COLUMN param_owner TEXT;  -- spec.parameters.owner when it is a string
UPDATE scaffolder_tasks
   SET param_owner = CASE WHEN json_valid(raw) AND json_type(raw, '$.spec.parameters.owner') = 'text'
                          THEN json_extract(raw, '$.spec.parameters.owner') END;
CREATE INDEX scaffolder_tasks_by_period ON scaffolder_tasks
  (created_at, id, template_ref, status, completed_at, completed_approx, repo_owner, repo_name, param_owner);
DROP INDEX scaffolder_tasks_by_created;

-- DORA: production deployments by repository and by time, apart from the records the KPIs and
-- reports skip (deployments to other environments).  The columns of the condition are in the
-- indexes too, so that SQLite answers the KPI queries from the index without reading the table.
CREATE INDEX dora_deployments_production ON dora_deployments (repo, deployed_at, production)
 WHERE production = 1 AND deployed_at IS NOT NULL;
CREATE INDEX dora_deployments_production_time ON dora_deployments (deployed_at, repo, kind, id, production, success)
 WHERE production = 1 AND deployed_at IS NOT NULL;

-- DORA: the pull request a change is the merge of, answered from the index alone.
CREATE INDEX dora_pulls_by_merge_opened ON dora_pulls (repo, merge_commit_sha, created_at);
DROP INDEX dora_pulls_by_merge;
