-- GitHub: the organisation's repositories, their workflows (with the uses: they call) and the
-- dated snapshots the golden-path adoption KPI is computed from.

-- One row per repository of github.org, as last listed by GET /orgs/{org}/repos.
CREATE TABLE github_repos (
  full_name           TEXT    PRIMARY KEY COLLATE NOCASE, -- owner/name; GitHub names are case-insensitive
  id                  INTEGER,                 -- GitHub's repository id
  owner               TEXT    NOT NULL,
  name                TEXT    NOT NULL,
  archived            INTEGER NOT NULL DEFAULT 0,
  disabled            INTEGER NOT NULL DEFAULT 0,
  fork                INTEGER NOT NULL DEFAULT 0,
  is_template         INTEGER NOT NULL DEFAULT 0,
  visibility          TEXT,                    -- public, private, internal
  default_branch      TEXT,
  topics              TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
  created_at          INTEGER,                 -- Unix seconds
  pushed_at           INTEGER,                 -- NULL for an empty repository
  workflows_pushed_at INTEGER,                 -- pushed_at when the workflows were last read
  workflows_read_at   INTEGER,                 -- NULL: never read; the workflows must be read
  list_generation     INTEGER NOT NULL DEFAULT 0, -- the listing that last saw it
  gone                INTEGER NOT NULL DEFAULT 0, -- 1: no longer listed, or 404 when read
  updated_at          INTEGER NOT NULL
);

-- The workflows of each repository as last read, with every uses: of their jobs and steps.
CREATE TABLE github_workflows (
  repo        TEXT    NOT NULL COLLATE NOCASE, -- github_repos.full_name
  id          INTEGER NOT NULL,                -- GitHub's workflow id (DORA joins runs on it)
  name        TEXT,
  path        TEXT    NOT NULL,                -- .github/workflows/ci.yml
  state       TEXT    NOT NULL,                -- active, disabled_manually, disabled_inactivity, ...
  uses        TEXT,                            -- JSON [{"job":ID,"kind":"job"|"step","uses":TEXT}]; NULL when not read
  error       TEXT,                            -- why the file could not be read or parsed
  read_at     INTEGER NOT NULL,
  PRIMARY KEY (repo, id)
) WITHOUT ROWID;

-- One row per repository per day (reporting.timezone): the adoption trend.  Re-running the same day
-- replaces that day's rows.  Teams are attached later by joining repo to the catalog.
CREATE TABLE github_repo_snapshots (
  day          TEXT    NOT NULL,               -- YYYY-MM-DD
  taken_at     INTEGER NOT NULL,               -- Unix seconds of the run that wrote it
  repo         TEXT    NOT NULL COLLATE NOCASE,
  active       INTEGER NOT NULL,               -- counts towards the KPI
  inactive_why TEXT,                           -- archived, disabled, fork, template, stale, empty; NULL when active
  checked      INTEGER NOT NULL,               -- its workflows have been read at least once
  golden       INTEGER NOT NULL,               -- an active workflow calls the golden path
  golden_via   TEXT,                           -- "path: uses" of the first match
  workflows    INTEGER NOT NULL DEFAULT 0,     -- active workflows read
  pushed_at    INTEGER,
  partial      INTEGER NOT NULL DEFAULT 0,     -- written by a run that stopped early
  PRIMARY KEY (day, repo)
) WITHOUT ROWID;
CREATE INDEX github_repo_snapshots_by_time ON github_repo_snapshots (taken_at);
