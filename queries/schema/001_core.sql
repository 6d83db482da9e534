-- Core tables: collection runs, incremental state, the HTTP cache and computed metric values.

-- One row per collection of one source; the nightly status and freshness come from here.
CREATE TABLE collection_runs (
  id           INTEGER PRIMARY KEY,
  source       TEXT    NOT NULL,            -- scaffolder, github, catalog, surveys, ...
  started_at   INTEGER NOT NULL,            -- Unix seconds
  finished_at  INTEGER,                     -- NULL while running (or killed)
  status       TEXT    NOT NULL DEFAULT 'running', -- running, ok, partial, failed
  requests     INTEGER NOT NULL DEFAULT 0,  -- HTTP requests made
  not_modified INTEGER NOT NULL DEFAULT 0,  -- of which answered 304
  rows_written INTEGER NOT NULL DEFAULT 0,  -- rows written
  warnings     INTEGER NOT NULL DEFAULT 0,
  errors       INTEGER NOT NULL DEFAULT 0,
  message      TEXT                         -- last error or a summary
);
CREATE INDEX collection_runs_by_source ON collection_runs (source, started_at);

-- Incremental cursors and watermarks, per source and key.
CREATE TABLE source_state (
  source     TEXT    NOT NULL,
  key        TEXT    NOT NULL,
  value      TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (source, key)
) WITHOUT ROWID;

-- Conditional-request cache: the last body and validators per full URL.
CREATE TABLE http_cache (
  url           TEXT PRIMARY KEY,
  etag          TEXT,
  last_modified TEXT,
  link_next     TEXT,                       -- rel="next" of the cached page
  body          BLOB,
  fetched_at    INTEGER NOT NULL
);

-- Every computed KPI value: the export contract reads this table.
CREATE TABLE metric_values (
  metric      TEXT    NOT NULL,             -- stable metric name (README)
  period      TEXT    NOT NULL,             -- 2026-Q3 or 2026-09
  scope       TEXT    NOT NULL,             -- org, team:NAME, service:NAME, template:REF
  value       REAL,                         -- NULL when there is no data
  unit        TEXT    NOT NULL,
  n           INTEGER NOT NULL DEFAULT 0,   -- observations behind the value
  band        TEXT,                         -- poor, average, good, target
  tier        TEXT,                         -- DORA: elite, high, medium, low
  flags       TEXT    NOT NULL DEFAULT '[]',-- JSON array of strings
  detail      TEXT,                         -- JSON object with extra figures (intervals, deltas)
  computed_at INTEGER NOT NULL,
  PRIMARY KEY (metric, period, scope)
) WITHOUT ROWID;
CREATE INDEX metric_values_by_period ON metric_values (period, scope);
