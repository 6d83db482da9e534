-- Jira and Typeform read through their APIs (collect jira, survey sources of kind typeform).
-- Typeform responses go to survey_responses like CSV ones (format 'typeform', file 'typeform:FORM_ID').

-- Where a ticket came from: 'csv' (an imported export) or 'jira' (collect jira).  For a period in
-- which Jira collected any ticket, the tickets from Jira win and the CSV rows of that period are
-- ignored (queries/compute/tickets_created.sql).
ALTER TABLE tickets ADD COLUMN source TEXT NOT NULL DEFAULT 'csv';
CREATE INDEX tickets_by_source ON tickets (source, created_at);

-- Jira incidents are rows of dora_incidents with source 'jira' and ref = the Jira key (the
-- columns come with the PagerDuty source's migration, 009).

-- Jira incidents as collected (jira.incidents_jql).  Their rows in dora_incidents (one per
-- service a component or label names) are rebuilt from this table after each collection, so a
-- repository or catalog component that appears later is matched to incidents read before.
CREATE TABLE jira_incidents (
  issue_key   TEXT    PRIMARY KEY,         -- OPS-12
  issue_id    INTEGER NOT NULL,            -- Jira's numeric id: dora_incidents.number
  created_at  INTEGER NOT NULL,            -- Unix seconds
  resolved_at INTEGER,                     -- resolutiondate when the status category is done; NULL while open
  names       TEXT    NOT NULL DEFAULT '[]', -- components and labels, JSON array of strings
  updated_at  INTEGER NOT NULL             -- Jira's updated
) WITHOUT ROWID;
CREATE INDEX jira_incidents_by_created ON jira_incidents (created_at);
