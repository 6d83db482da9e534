-- Backstage scaffolder tasks, one row per task.
CREATE TABLE scaffolder_tasks (
  id                TEXT    PRIMARY KEY,    -- task UUID
  template_ref      TEXT,                   -- spec.templateInfo.entityRef
  created_by        TEXT,                   -- user entity ref; NULL for service principals
  status            TEXT    NOT NULL,       -- open, processing, completed, failed, cancelled
  created_at        INTEGER NOT NULL,       -- Unix seconds
  completed_at      INTEGER,                -- completion event time (or last heartbeat)
  completed_approx  INTEGER NOT NULL DEFAULT 0, -- 1 when completed_at is the last heartbeat
  last_heartbeat_at INTEGER,
  cancelled         INTEGER NOT NULL DEFAULT 0, -- a cancelled event was seen
  repo_host         TEXT,                   -- repository the task created, when known
  repo_owner        TEXT,
  repo_name         TEXT,
  events_fetched_at INTEGER,                -- NULL: the events must be (re)read
  raw               TEXT    NOT NULL,       -- the task JSON as served (secrets never included)
  updated_at        INTEGER NOT NULL
);
CREATE INDEX scaffolder_tasks_by_created ON scaffolder_tasks (created_at);
