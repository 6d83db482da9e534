-- DORA: production deployments (workflow runs or GitHub Deployments), the commit graph of the
-- production history, the changes each deployment shipped, merged pull requests (squash-safe
-- lead times) and incidents.  Incremental watermarks live in source_state (source 'github-dora').

-- One row per deployment attempt as GitHub reports it.  A workflow run keeps one row across its
-- re-runs (same id, higher attempt); once successful it stays successful at its first success.
CREATE TABLE dora_deployments (
  repo        TEXT    NOT NULL COLLATE NOCASE, -- github_repos.full_name
  kind        TEXT    NOT NULL,                -- run (a deployment workflow run) or deployment (GitHub Deployments)
  id          INTEGER NOT NULL,                -- run id or deployment id
  workflow_id INTEGER,                         -- runs: github_workflows.id
  sha         TEXT    NOT NULL,                -- the commit deployed (lower-case hex)
  ref         TEXT,                            -- runs: head_branch; deployments: ref
  environment TEXT,                            -- deployments: environment
  event       TEXT,                            -- runs: push, workflow_dispatch, ...
  conclusion  TEXT,                            -- runs: conclusion; deployments: success, failure, error, inactive
  attempt     INTEGER NOT NULL DEFAULT 1,      -- runs: run_attempt of the attempt stored
  production  INTEGER NOT NULL,                -- on a production branch (runs) or environment (deployments)
  success     INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,                -- Unix seconds
  deployed_at INTEGER,                         -- completion: run updated_at; first success (or final) status;
                                               -- NULL while a GitHub Deployment has no final status
  changes     TEXT,                            -- NULL: to be worked out; graph, compare, seed, redeploy, rewritten
  base_sha    TEXT,                            -- the previous successful production deployment's sha
  n_changes   INTEGER,                         -- changes found (NULL until worked out)
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (repo, kind, id)
) WITHOUT ROWID;
CREATE INDEX dora_deployments_by_time ON dora_deployments (deployed_at);

-- Commits of the production history, as far back as dora.since.  A commit known only as the
-- parent of a collected one and older than the horizon is a stub with beyond = 1.
CREATE TABLE dora_commits (
  repo         TEXT    NOT NULL COLLATE NOCASE,
  sha          TEXT    NOT NULL,               -- lower-case hex
  authored_at  INTEGER,                        -- commit author date (NULL for a stub)
  committed_at INTEGER,
  parents      TEXT    NOT NULL DEFAULT '',    -- parent shas separated by spaces, first parent first
  beyond       INTEGER NOT NULL DEFAULT 0,     -- older than the collection horizon: history stops here
  PRIMARY KEY (repo, sha)
) WITHOUT ROWID;

-- The changes of each successful production deployment: commits reachable from its sha and not
-- from the previous successful production deployment's.
CREATE TABLE dora_changes (
  repo        TEXT    NOT NULL COLLATE NOCASE,
  kind        TEXT    NOT NULL,                -- dora_deployments.kind
  deployment  INTEGER NOT NULL,                -- dora_deployments.id
  sha         TEXT    NOT NULL,
  authored_at INTEGER NOT NULL,
  PRIMARY KEY (repo, kind, deployment, sha)
) WITHOUT ROWID;
CREATE INDEX dora_changes_by_sha ON dora_changes (repo, sha);

-- Merged pull requests: a squash merge's commit carries the merge time as its author date, so a
-- change that is a pull request's merge commit starts when the pull request was opened (if earlier).
CREATE TABLE dora_pulls (
  repo             TEXT    NOT NULL COLLATE NOCASE,
  number           INTEGER NOT NULL,
  merge_commit_sha TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  merged_at        INTEGER NOT NULL,
  PRIMARY KEY (repo, number)
) WITHOUT ROWID;
CREATE INDEX dora_pulls_by_merge ON dora_pulls (repo, merge_commit_sha);

-- Issues labelled dora.incident_label (pull requests excluded).
CREATE TABLE dora_incidents (
  repo       TEXT    NOT NULL COLLATE NOCASE,
  number     INTEGER NOT NULL,
  opened_at  INTEGER NOT NULL,
  closed_at  INTEGER,                          -- NULL while open (a reopened issue is open again)
  updated_at INTEGER NOT NULL,                 -- GitHub's updated_at
  PRIMARY KEY (repo, number)
) WITHOUT ROWID;
CREATE INDEX dora_incidents_by_opened ON dora_incidents (opened_at);
