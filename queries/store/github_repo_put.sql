-- Insert or refresh a repository as listed; the workflow bookkeeping columns are kept.
INSERT INTO github_repos (full_name, id, owner, name, archived, disabled, fork, is_template, visibility,
                          default_branch, topics, created_at, pushed_at, list_generation, gone, updated_at)
VALUES (:full_name, :id, :owner, :name, :archived, :disabled, :fork, :is_template, :visibility,
        :default_branch, :topics, :created_at, :pushed_at, :list_generation, 0, :updated_at)
ON CONFLICT (full_name) DO UPDATE SET
  full_name = excluded.full_name, id = excluded.id, owner = excluded.owner, name = excluded.name,
  archived = excluded.archived, disabled = excluded.disabled, fork = excluded.fork,
  is_template = excluded.is_template, visibility = excluded.visibility,
  default_branch = excluded.default_branch, topics = excluded.topics, created_at = excluded.created_at,
  pushed_at = excluded.pushed_at, list_generation = excluded.list_generation, gone = 0,
  updated_at = excluded.updated_at;
