-- GitOps DORA sources: Argo CD applications and their sync history (deployments), PagerDuty incidents.
-- Argo CD deployments of mapped applications are also rows of dora_deployments (kind 'argocd', id =
-- argocd_syncs.seq) and PagerDuty incidents of mapped services rows of dora_incidents (source
-- 'pagerduty'), so DORA is computed the same way whatever the source.

-- The catalog annotations that name an Argo CD application or a PagerDuty service.
ALTER TABLE catalog_components ADD COLUMN argocd_app TEXT;        -- argocd/app-name
ALTER TABLE catalog_components ADD COLUMN argocd_selector TEXT;   -- argocd/app-selector (key=value[,key=value])
ALTER TABLE catalog_components ADD COLUMN pagerduty_service TEXT; -- pagerduty.com/service-id

-- Argo CD deployments: which application (and which life of it) and which history entry.
ALTER TABLE dora_deployments ADD COLUMN app TEXT;                 -- application name
ALTER TABLE dora_deployments ADD COLUMN app_uid TEXT;             -- metadata.uid
ALTER TABLE dora_deployments ADD COLUMN history_id INTEGER;       -- status.history[].id (NULL: a failed sync)

-- Where an incident comes from: github (a labelled issue, number = issue number), pagerduty
-- (number = incident_number, ref = the incident id) or another incident source.
ALTER TABLE dora_incidents ADD COLUMN source TEXT NOT NULL DEFAULT 'github';
ALTER TABLE dora_incidents ADD COLUMN ref TEXT;
CREATE INDEX dora_incidents_by_ref ON dora_incidents (source, ref) WHERE ref IS NOT NULL;

-- One row per application life (a uid).  repo is the service it deploys (NULL: unmapped).
CREATE TABLE argocd_apps (
  uid           TEXT    PRIMARY KEY,
  name          TEXT    NOT NULL,
  project       TEXT,
  production    INTEGER NOT NULL DEFAULT 0,     -- the name matches argocd.production_apps
  repo          TEXT    COLLATE NOCASE,         -- owner/name, or NULL when unmapped
  mapped_from   TEXT,                           -- catalog, catalog-selector, config, source
  source_repos  TEXT,                           -- the source repoURLs, space separated
  config_repo   INTEGER NOT NULL DEFAULT 0,     -- no source is the service's repository
  history_limit INTEGER,                        -- spec.revisionHistoryLimit (NULL: default 10)
  last_id       INTEGER,                        -- newest history id seen
  syncs_per_day REAL,                           -- recorded syncs a day over the history in hand
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  gone          INTEGER NOT NULL DEFAULT 0      -- no longer listed
) WITHOUT ROWID;
CREATE INDEX argocd_apps_by_name ON argocd_apps (name);

-- Every sync seen: history entries (successful syncs) and failed or errored operations.
CREATE TABLE argocd_syncs (
  seq         INTEGER PRIMARY KEY,              -- dora_deployments.id of kind 'argocd'
  app_uid     TEXT    NOT NULL,
  app         TEXT    NOT NULL,
  history_id  INTEGER,                          -- NULL for a failed operation
  revision    TEXT    NOT NULL,                 -- revision, or the revisions joined by spaces (multi-source)
  commit_sha  TEXT,                             -- the application commit (lower-case hex), NULL when unknown
  lead_source TEXT,                             -- source, image, or no_lead_time_source
  phase       TEXT    NOT NULL,                 -- Succeeded (history), Failed, Error
  started_at  INTEGER,
  deployed_at INTEGER NOT NULL,                 -- deployedAt, or the failed operation's finishedAt
  resync      INTEGER NOT NULL DEFAULT 0,       -- same revision as the entry before: not a deployment
  seen_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX argocd_syncs_by_history ON argocd_syncs (app_uid, history_id) WHERE history_id IS NOT NULL;
CREATE UNIQUE INDEX argocd_syncs_by_failure ON argocd_syncs (app_uid, started_at, phase) WHERE history_id IS NULL;
CREATE INDEX argocd_syncs_by_app ON argocd_syncs (app, deployed_at);

-- Syncs lost because the history rolled past revisionHistoryLimit between two collections: ids
-- after_id + 1 .. before_id - 1 were never seen.  after_id is NULL for the syncs cut before the
-- first collection.
CREATE TABLE argocd_gaps (
  app_uid   TEXT    NOT NULL,
  app       TEXT    NOT NULL,
  after_id  INTEGER,
  before_id INTEGER NOT NULL,
  lost      INTEGER NOT NULL,
  from_at   INTEGER,                            -- deployedAt of after_id (NULL: unknown)
  to_at     INTEGER NOT NULL,                   -- deployedAt of before_id
  seen_at   INTEGER NOT NULL,
  PRIMARY KEY (app_uid, before_id)
) WITHOUT ROWID;

-- PagerDuty incidents of the services read (mapped or not); merged ones are kept, flagged.
CREATE TABLE pagerduty_incidents (
  id          TEXT    PRIMARY KEY,
  number      INTEGER NOT NULL,
  service_id  TEXT    NOT NULL,
  repo        TEXT    COLLATE NOCASE,           -- the service's repository, NULL when unmapped
  status      TEXT    NOT NULL,                 -- triggered, acknowledged, resolved, ...
  urgency     TEXT,
  created_at  INTEGER NOT NULL,
  resolved_at INTEGER,                          -- resolved_at, else last_status_change_at when resolved
  merged      INTEGER NOT NULL DEFAULT 0,       -- resolve_reason merge: not an incident
  updated_at  INTEGER NOT NULL                  -- when idpmetrics last read it
) WITHOUT ROWID;
CREATE INDEX pagerduty_incidents_open ON pagerduty_incidents (status) WHERE resolved_at IS NULL;
