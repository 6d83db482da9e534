-- Each commit's first shipping, kept between runs so that a compute of a few periods reads only their
-- changes instead of the whole DORA history (docs/DORA.md, "What compute keeps").
--
-- dora_shipped and dora_ship_repos are derived from dora_deployments, dora_changes and dora_pulls and
-- written only by compute.  Triggers on those three tables name every repository whose rows a write
-- touched in dora_stale, whoever writes (a collector, prune, a reset, the sqlite3 shell); compute
-- derives each such repository again from its whole history before it reads anything, and removes it
-- from dora_stale in the same transaction.  A stale repository is therefore never read.

-- Per repository with a production deployment: how the first one (by completion, then kind and id)
-- spells it, and when that was.
CREATE TABLE dora_ship_repos (
  repo      TEXT    NOT NULL COLLATE NOCASE PRIMARY KEY,
  first_any INTEGER NOT NULL                   -- its first production deployment, any outcome
) WITHOUT ROWID;

-- The commits listed under successful production deployments, each at the earliest such deployment:
-- one row per repository and shipping time, the commits packed (compute reads a quarter's 90,000
-- commits as about 26,000 rows).  starts: per commit, ordered, 16 bytes: the earliest author date of
-- its listings and the earliest opening of a pull request merged as it, each a little-endian signed
-- 64-bit number, -9223372036854775808 when unknown or none (store/dora_shipped.c).
CREATE TABLE dora_shipped (
  repo       TEXT    NOT NULL COLLATE NOCASE,
  shipped_at INTEGER NOT NULL,                 -- completion of the first successful production deployment listing them
  starts     BLOB    NOT NULL
);
CREATE INDEX dora_shipped_by_repo ON dora_shipped (repo, shipped_at, starts);

-- Repositories whose derived rows are out of date.  The triggers add a repository without a conflict
-- clause (INSERT ... WHERE NOT EXISTS): an upsert that fires a trigger imposes its own conflict handling
-- on the trigger's statements, so INSERT OR IGNORE would fail there.
CREATE TABLE dora_stale (
  repo TEXT NOT NULL COLLATE NOCASE PRIMARY KEY
) WITHOUT ROWID;

-- Every repository with DORA rows is derived on the first compute after this migration.
INSERT OR IGNORE INTO dora_stale (repo) SELECT DISTINCT repo FROM dora_deployments WHERE production = 1;
INSERT OR IGNORE INTO dora_stale (repo) SELECT DISTINCT repo FROM dora_changes;

-- Deployments: what a commit's shipping depends on is the production deployments' keys, completion and outcome.
CREATE TRIGGER dora_deployments_stale_insert AFTER INSERT ON dora_deployments WHEN NEW.production = 1
BEGIN
  INSERT INTO dora_stale (repo) SELECT NEW.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = NEW.repo);
END;
CREATE TRIGGER dora_deployments_stale_delete AFTER DELETE ON dora_deployments WHEN OLD.production = 1
BEGIN
  INSERT INTO dora_stale (repo) SELECT OLD.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = OLD.repo);
END;
CREATE TRIGGER dora_deployments_stale_update AFTER UPDATE ON dora_deployments
  WHEN (OLD.production = 1 OR NEW.production = 1)
   AND (OLD.repo IS NOT NEW.repo OR OLD.kind IS NOT NEW.kind OR OLD.id IS NOT NEW.id
        OR OLD.production IS NOT NEW.production OR OLD.success IS NOT NEW.success
        OR OLD.deployed_at IS NOT NEW.deployed_at)
BEGIN
  INSERT INTO dora_stale (repo) SELECT OLD.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = OLD.repo);
  INSERT INTO dora_stale (repo) SELECT NEW.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = NEW.repo);
END;

-- Changes: every column counts.
CREATE TRIGGER dora_changes_stale_insert AFTER INSERT ON dora_changes
BEGIN
  INSERT INTO dora_stale (repo) SELECT NEW.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = NEW.repo);
END;
CREATE TRIGGER dora_changes_stale_delete AFTER DELETE ON dora_changes
BEGIN
  INSERT INTO dora_stale (repo) SELECT OLD.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = OLD.repo);
END;
CREATE TRIGGER dora_changes_stale_update AFTER UPDATE ON dora_changes
  WHEN OLD.repo IS NOT NEW.repo OR OLD.kind IS NOT NEW.kind OR OLD.deployment IS NOT NEW.deployment
    OR OLD.sha IS NOT NEW.sha OR OLD.authored_at IS NOT NEW.authored_at
BEGIN
  INSERT INTO dora_stale (repo) SELECT OLD.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = OLD.repo);
  INSERT INTO dora_stale (repo) SELECT NEW.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = NEW.repo);
END;

-- Pull requests: the merge commit and the opening.
CREATE TRIGGER dora_pulls_stale_insert AFTER INSERT ON dora_pulls
BEGIN
  INSERT INTO dora_stale (repo) SELECT NEW.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = NEW.repo);
END;
CREATE TRIGGER dora_pulls_stale_delete AFTER DELETE ON dora_pulls
BEGIN
  INSERT INTO dora_stale (repo) SELECT OLD.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = OLD.repo);
END;
CREATE TRIGGER dora_pulls_stale_update AFTER UPDATE ON dora_pulls
  WHEN OLD.repo IS NOT NEW.repo OR OLD.merge_commit_sha IS NOT NEW.merge_commit_sha
    OR OLD.created_at IS NOT NEW.created_at
BEGIN
  INSERT INTO dora_stale (repo) SELECT OLD.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = OLD.repo);
  INSERT INTO dora_stale (repo) SELECT NEW.repo WHERE NOT EXISTS (SELECT 1 FROM dora_stale WHERE repo = NEW.repo);
END;

-- A period's production deployments of one repository, answered from the index alone (outcome included).
DROP INDEX dora_deployments_production;
CREATE INDEX dora_deployments_production ON dora_deployments (repo, deployed_at, success, production)
 WHERE production = 1 AND deployed_at IS NOT NULL;
