-- Survey responses, onboarding records and tickets imported from CSV exports.
-- Privacy: only what the metrics need is kept.  Names, e-mail and IP addresses are never stored;
-- responses and people are identified by salted SHA-256 keys (the salt is the database's own,
-- source_state 'privacy'/'salt'), so a key cannot be looked up in a list of names.

-- One row per survey response (0-10 "how likely would you recommend" score).
CREATE TABLE survey_responses (
  response_key TEXT    PRIMARY KEY,       -- salted SHA-256 of the vendor's response id, or of the row's cells
  format       TEXT    NOT NULL,          -- google_forms, typeform, surveymonkey, qualtrics, ms_forms, generic
  file         TEXT,                      -- base name of the export it was last read from
  line         INTEGER,                   -- line of that export the response starts on
  responded_at INTEGER NOT NULL,          -- submission time, Unix seconds
  score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  team         TEXT,                      -- the team column as written; NULL when none
  comment      TEXT,                      -- the free-text answers, joined; NULL when none
  imported_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_responses_by_time ON survey_responses (responded_at);

-- One row per new developer: start date and first productive day (first merged PR or deploy).
CREATE TABLE onboarding_records (
  person_key      TEXT    PRIMARY KEY,    -- salted SHA-256 of the person as written (case-folded)
  team            TEXT,
  start_date      TEXT    NOT NULL,       -- YYYY-MM-DD, local
  productive_date TEXT,                   -- YYYY-MM-DD; NULL while not productive yet
  days            INTEGER,                -- calendar days from start_date to productive_date
  file            TEXT,
  line            INTEGER,
  imported_at     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX onboarding_records_by_start ON onboarding_records (start_date);

-- Tickets from a Jira CSV export; which of them are infrastructure tickets is decided at compute
-- time by tickets.infra_filter, so a changed filter applies to what was imported before.
CREATE TABLE tickets (
  issue_key   TEXT    PRIMARY KEY,        -- e.g. OPS-123
  created_at  INTEGER NOT NULL,           -- Unix seconds
  resolved_at INTEGER,
  team        TEXT,                       -- from a Team column when the export has one
  labels      TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
  components  TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
  file        TEXT,
  line        INTEGER,
  imported_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX tickets_by_created ON tickets (created_at);
